// SES events delivered twice (SNS and EventBridge deliver at least once) count once in an office's send,
// bounce and complaint rates, on the local stack (DynamoDB Local) through the ses-events Lambda's handler.
import type { SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../lambdas/local/stack.js';
import { createSesEventsHandler } from '../../lambdas/ses-events/app.js';
import { DEFAULT_SETTINGS } from '../../lambdas/shared/settings.js';

const clock = new Date('2026-11-23T15:00:00Z');

/** The SNS notification the ses-events Lambda receives for one SES event. */
function sns(tenantId: string, eventType: 'Send' | 'Bounce' | 'Complaint', messageId: string): SNSEvent {
  const event = {
    eventType,
    mail: { messageId, destination: [`${messageId}@example.com`], tags: { tenant: [tenantId] } },
    ...(eventType === 'Bounce'
      ? {
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: 'General',
            bouncedRecipients: [{ emailAddress: `${messageId}@example.com` }],
          },
        }
      : {}),
    ...(eventType === 'Complaint'
      ? { complaint: { complainedRecipients: [{ emailAddress: `${messageId}@example.com` }] } }
      : {}),
  };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:us-east-1:000000000000:ses-events:1',
        Sns: { Message: JSON.stringify(event) } as SNSEvent['Records'][number]['Sns'],
      },
    ],
  };
}

describe('ses-events', () => {
  let stack: LocalStack;
  let handler: ReturnType<typeof createSesEventsHandler>;

  beforeAll(async () => {
    stack = await startLocalStack({ now: () => clock, stripe: false });
    handler = createSesEventsHandler({
      store: stack.store,
      ledger: stack.ledger,
      settings: async (t) => (await stack.store.getSettings(t)) ?? { tenantId: t, ...DEFAULT_SETTINGS },
      now: () => clock,
      standing: stack.standing,
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  describe('handler', () => {
    it('counts a Send, Bounce or Complaint delivered twice once, and two events of one message once each', async () => {
      // Prepare
      const today = clock.toISOString().slice(0, 10);
      const before = (await stack.standing.days(stack.tenantId, today))[0];

      // Act: every event twice; m-2's Send and its Complaint are different events of one message.
      for (const [type, id] of [
        ['Send', 'm-1'],
        ['Send', 'm-2'],
        ['Bounce', 'm-1'],
        ['Complaint', 'm-2'],
      ] as const) {
        await handler(sns(stack.tenantId, type, id));
        await handler(sns(stack.tenantId, type, id));
      }
      const after = (await stack.standing.days(stack.tenantId, today))[0];

      // Assess
      expect({
        sends: after!.sends - (before?.sends ?? 0),
        bounces: after!.bounces - (before?.bounces ?? 0),
        complaints: after!.complaints - (before?.complaints ?? 0),
      }).toEqual({ sends: 2, bounces: 1, complaints: 1 });
    });

    it("counts the same message id in another office as that office's own event", async () => {
      // Prepare
      const other = 'other-office';
      const today = clock.toISOString().slice(0, 10);

      // Act
      await handler(sns(other, 'Send', 'm-1'));
      await handler(sns(other, 'Send', 'm-1'));

      // Assess
      expect((await stack.standing.days(other, today))[0]).toMatchObject({ sends: 1 });
    });
  });
});
