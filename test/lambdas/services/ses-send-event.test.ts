// SES's Send event on DynamoDB Local: only an entry Duebook claimed for sending is confirmed; a tag
// naming no entry, or an entry never sent, is ignored and nothing is logged as a contact (#11, 9).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerService } from '../../../lambdas/services/ledger-service.js';
import { encodeOutboxTag } from '../../../lambdas/services/sender.js';
import { handleSesEvent } from '../../../lambdas/services/ses-events.js';
import { type ApiStack, chunk, startApiStack } from '../support/api-stack.js';

const NOW = new Date('2026-11-23T15:00:00Z');

describe('ses-events', () => {
  let stack: ApiStack;
  let lettersDir: string;

  beforeAll(async () => {
    lettersDir = await mkdtemp(join(tmpdir(), 'duebook-send-'));
    stack = await startApiStack(() => NOW, lettersDir);
    const synced = await stack.call(
      stack.offices[0],
      'POST',
      '/v1/sync',
      chunk('Customers', ['Customer ID', 'Name', 'Email'], [['S-1', 'Sue Send', 'sue@example.com']]),
    );
    expect(synced.body.rejected).toBe(0);
    // An entry awaiting review: planned, never claimed for sending.
    await stack.store.putOutboxOnce({
      tenantId: 'office-a',
      customerId: 'S-1',
      stage: 'reminder',
      channel: 'email',
      cycle: '2026-10-01',
      status: 'awaiting-review',
      plannedOn: '2026-11-23',
      notBefore: NOW.toISOString(),
      action: { kind: 'email' },
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await rm(lettersDir, { recursive: true, force: true });
  });

  const deps = () => ({
    store: stack.store,
    ledger: new LedgerService(stack.store),
    settings: async () => (await stack.store.getSettings('office-a'))!,
    now: () => NOW,
  });
  const send = (cycle: string, stage = 'reminder') =>
    handleSesEvent(
      {
        eventType: 'Send',
        mail: {
          messageId: `m-${stage}-${cycle}`,
          destination: ['sue@example.com'],
          tags: {
            tenant: ['office-a'],
            outbox: [
              encodeOutboxTag({ tenantId: 'office-a', customerId: 'S-1', stage, channel: 'email', cycle }),
            ],
          },
        },
      },
      deps(),
    );

  describe('handleSesEvent', () => {
    it.each([
      ['an outbox entry that does not exist', '2026-09-01', 'final'],
      ['an entry awaiting review, never claimed for sending', '2026-10-01', 'reminder'],
    ])('ignores a Send event naming %s and logs no contact', async (_what, cycle, stage) => {
      // Act
      const outcome = await send(cycle, stage);
      // Assess
      expect(outcome.action).toBe('ignored');
      expect(outcome.detail).toContain('no outbox entry');
      expect(await stack.store.messages('office-a', 'S-1')).toEqual([]);
      const rows = await stack.store.customerRows('office-a', 'S-1');
      expect(rows.filter((r) => r.tab === 'Activity')).toEqual([]);
      const entry = await stack.store.getOutbox('office-a', 'S-1', stage, 'email', cycle);
      expect(entry?.status ?? 'absent').not.toBe('sent');
    });
  });
});
