// GET /v1/sending's 30-day rate window in the office's own days (issue #17), across New York's change back to
// standard time on 2026-11-01, on the local stack (DynamoDB Local, the SES emulator).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../lambdas/local/stack.js';
import { handleSesEvent } from '../../lambdas/services/ses-events.js';
import { DEFAULT_SETTINGS } from '../../lambdas/shared/settings.js';

const NY = 'America/New_York';
let clock = new Date('2026-10-01T15:00:00Z');
let seq = 0;

describe('sending window', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startLocalStack({ now: () => clock, settings: { timeZone: NY }, stripe: false });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  /** `count` SES events of the office at `at`, through the ses-events Lambda's handler. */
  async function events(at: string, eventType: 'Send' | 'Complaint', count: number) {
    clock = new Date(at);
    for (let i = 0; i < count; i++) {
      const id = `w-${eventType}-${seq++}`;
      await handleSesEvent(
        {
          eventType,
          mail: { messageId: id, destination: [`${id}@example.com`], tags: { tenant: [stack.tenantId] } },
          ...(eventType === 'Complaint'
            ? { complaint: { complainedRecipients: [{ emailAddress: `${id}@example.com` }] } }
            : {}),
        },
        {
          store: stack.store,
          ledger: stack.ledger,
          settings: async (t: string) =>
            (await stack.store.getSettings(t)) ?? { tenantId: t, ...DEFAULT_SETTINGS },
          now: () => clock,
          standing: stack.standing,
        },
      );
    }
  }

  async function rates(at: string) {
    clock = new Date(at);
    const res = await fetch(`${stack.apiUrl}/v1/sending`, { headers: { 'x-api-key': stack.apiKey } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { rates: Record<string, unknown> }).rates;
  }

  describe('GET /v1/sending', () => {
    it("counts SES events in the office's days and sums its own last 30, across the change to standard time", async () => {
      // Prepare: 3 sends and a complaint at 08:00 on 3 October in New York (12:00Z, daylight time);
      // 2 sends the evening before (2 October 23:30 EDT, 3 October in UTC); 4 sends and a complaint
      // at 23:30 on 1 November in New York (04:30Z on the 2nd: standard time, UTC-5, since 02:00).
      await events('2026-10-03T12:00:00Z', 'Send', 3);
      await events('2026-10-03T12:00:00Z', 'Complaint', 1);
      await events('2026-10-03T03:30:00Z', 'Send', 2);
      await events('2026-11-02T04:30:00Z', 'Send', 4);
      await events('2026-11-02T04:30:00Z', 'Complaint', 1);

      // Act: just before New York's midnight (05:00Z in standard time), and at it.
      const before = await rates('2026-11-02T04:59:00Z');
      const after = await rates('2026-11-02T05:00:00Z');
      const days = await stack.standing.days(stack.tenantId, '2026-10-01');

      // Assess: counters dated by New York's calendar; on 1 November the 30 days are 3 October to
      // 1 November (UTC's would be 4 October to 2 November: the 3rd's morning lost, its evening kept).
      expect(days.map((d) => [d.date, d.sends, d.complaints])).toEqual([
        ['2026-10-02', 2, 0],
        ['2026-10-03', 3, 1],
        ['2026-11-01', 4, 1],
      ]);
      expect(before).toMatchObject({ windowFrom: '2026-10-03', sends: 7, complaints: 2 });
      expect(after).toMatchObject({ windowFrom: '2026-10-04', sends: 4, complaints: 1 });
    });
  });
});
