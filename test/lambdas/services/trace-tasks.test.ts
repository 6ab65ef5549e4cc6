import { beforeAll, describe, expect, it } from 'vitest';
import { LedgerService } from '../../../lambdas/services/ledger-service.js';
import { encodeOutboxTag } from '../../../lambdas/services/sender.js';
import { handleSesEvent } from '../../../lambdas/services/ses-events.js';
import { DEFAULT_SETTINGS } from '../../../lambdas/shared/settings.js';
import { LedgerStore } from '../../../lambdas/store/ledger-store.js';
import { useLocalTable } from '../../support/local-table.js';

const TABLE = 'duebook-trace-test';

describe('trace-tasks', () => {
  const local = useLocalTable(TABLE);
  let store: LedgerStore;
  let clock = new Date('2026-11-23T15:00:00Z');

  beforeAll(() => {
    store = new LedgerStore(local.doc, TABLE);
  });

  const deps = () => ({
    store,
    ledger: new LedgerService(store),
    settings: async (t: string) => ({ ...DEFAULT_SETTINGS, tenantId: t }),
    now: () => clock,
  });

  /** An SES event of a message sent to `customerId` at `emails`. */
  function event(
    tenantId: string,
    customerId: string,
    type: 'Bounce' | 'Complaint',
    messageId: string,
    emails: string[],
  ) {
    const key = { tenantId, customerId, stage: 'reminder-30', channel: 'email', cycle: '2026-10-01' };
    return {
      eventType: type,
      mail: { messageId, destination: emails, tags: { tenant: [tenantId], outbox: [encodeOutboxTag(key)] } },
      ...(type === 'Bounce'
        ? {
            bounce: {
              bounceType: 'Permanent',
              bounceSubType: 'General',
              bouncedRecipients: emails.map((emailAddress) => ({ emailAddress })),
            },
          }
        : { complaint: { complainedRecipients: emails.map((emailAddress) => ({ emailAddress })) } }),
    };
  }

  const openTasks = async (tenantId: string, customerId: string) =>
    (await store.traces(tenantId, customerId)).filter((t) => t.status === 'open');

  describe('handleSesEvent (permanent bounce, complaint)', () => {
    it('opens one task for an address that bounces twice, and records the second bounce on it', async () => {
      // Act: two messages to the same address bounce a day apart (the second spelled in capitals).
      await handleSesEvent(event('trace-a', 'C-1', 'Bounce', 'm-1', ['ada@example.com']), deps());
      clock = new Date('2026-11-24T15:00:00Z');
      await handleSesEvent(event('trace-a', 'C-1', 'Bounce', 'm-2', ['Ada@Example.com']), deps());
      // Assess
      const tasks = await openTasks('trace-a', 'C-1');
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({
        openedAt: '2026-11-23T15:00:00.000Z',
        reason: 'permanent bounce (General)',
        repeats: 1,
        lastAt: '2026-11-24T15:00:00.000Z',
        lastMessageId: 'm-2',
        detail: { emails: ['ada@example.com'], messageId: 'm-1' },
      });
    });

    it('adds nothing for a redelivered event, and a complaint about the address to its open task', async () => {
      // Act: m-1's bounce delivered three times, then a complaint about another message to the address.
      for (let i = 0; i < 3; i++)
        await handleSesEvent(event('trace-b', 'C-1', 'Bounce', 'm-1', ['bo@example.com']), deps());
      await handleSesEvent(event('trace-b', 'C-1', 'Complaint', 'm-3', ['bo@example.com']), deps());
      await handleSesEvent(event('trace-b', 'C-1', 'Complaint', 'm-3', ['bo@example.com']), deps());
      // Assess
      const tasks = await openTasks('trace-b', 'C-1');
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({ repeats: 1, lastReason: 'complaint', lastMessageId: 'm-3' });
    });

    it('opens one task between 8 concurrent deliveries of bounces of one address', async () => {
      // Act
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          handleSesEvent(event('trace-c', 'C-1', 'Bounce', `m-${i}`, ['cy@example.com']), deps()),
        ),
      );
      // Assess: one task, the 7 others recorded on it.
      const tasks = await openTasks('trace-c', 'C-1');
      expect(tasks).toHaveLength(1);
      expect(tasks[0]!.repeats).toBe(7);
    });

    it("opens a task for a new address of the customer, and another customer's task for a shared address", async () => {
      // Prepare: the customer's first address has an open task.
      await handleSesEvent(event('trace-d', 'C-1', 'Bounce', 'm-1', ['old@example.com']), deps());
      // Act: a bounce naming the old and a new address; the old address bounces for another customer.
      clock = new Date('2026-11-25T15:00:00Z');
      await handleSesEvent(
        event('trace-d', 'C-1', 'Bounce', 'm-2', ['old@example.com', 'new@example.com']),
        deps(),
      );
      await handleSesEvent(event('trace-d', 'C-2', 'Bounce', 'm-3', ['old@example.com']), deps());
      // Assess
      const c1 = await openTasks('trace-d', 'C-1');
      expect(c1.map((t) => (t.detail as { emails: string[] }).emails)).toEqual([
        ['old@example.com'],
        ['new@example.com'],
      ]);
      expect(c1[0]!.repeats).toBe(1);
      expect(await openTasks('trace-d', 'C-2')).toHaveLength(1);
      expect(await store.isSuppressed('trace-d', 'new@example.com')).toBe(true);
    });
  });
});
