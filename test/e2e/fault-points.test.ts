// Single kills at named points of the send path, on the real local parts: each case found or
// feared by the fault schedules, made small and deterministic.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { syncLedger } from '../../cli/sync-client.js';
import {
  type FaultInfra,
  type FaultProcess,
  startFaultInfra,
  startFaultProcess,
} from '../support/fault-stack.js';

describe('fault points', () => {
  let infra: FaultInfra;
  const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  let tenants = 0;

  beforeAll(async () => {
    process.env.DUEBOOK_LOG = 'silent';
    infra = await startFaultInfra();
  }, 120_000);

  afterAll(async () => {
    quiet.mockRestore();
    await infra?.stop();
  });

  /** A tenant with one New York debtor owing USD 400.00 since 2026-11-01, planned at 09:00 on 2026-11-23. */
  async function plannedDebtor(): Promise<{ proc: FaultProcess; setClock: (iso: string) => void }> {
    let clock = new Date('2026-11-23T14:00:00Z');
    const proc = await startFaultProcess(infra, {
      tenantId: `points-${++tenants}`,
      settings: { timeZone: 'America/New_York', reviewMode: false },
      now: () => clock,
    });
    const reports = await syncLedger(
      proc.apiUrl,
      { apiKey: proc.apiKey },
      {
        Customers: [
          ['Customer ID', 'Name', 'Email', 'Time Zone'],
          ['C-1', 'Ann Debtor', `ann.${proc.tenantId}@faults.example.com`, 'America/New_York'],
        ],
        Invoices: [
          ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
          ['INV-1', 'C-1', '2026-10-01', '2026-11-01', '400.00', 'USD'],
        ],
      },
    );
    expect(reports.every((r) => r.rejected === 0)).toBe(true);
    await proc.plan();
    return {
      proc,
      setClock: (iso) => {
        clock = new Date(iso);
      },
    };
  }

  const activityOutcomes = async (proc: FaultProcess) =>
    (await proc.store.customerRows(proc.tenantId, 'C-1'))
      .filter((r) => r.tab === 'Activity')
      .map((r) => String(r.fields.outcome));

  describe('sendOne', () => {
    /** The debtor pays in full after the plan, so the sender must cancel the queued reminder. */
    async function paidAfterPlan(): Promise<{ proc: FaultProcess; setClock: (iso: string) => void }> {
      const planned = await plannedDebtor();
      const paid = await fetch(`${planned.proc.apiUrl}/v1/payments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': planned.proc.apiKey },
        body: JSON.stringify({
          idempotencyKey: 'pay-in-full-1',
          row: {
            'Payment ID': 'P-1',
            'Customer ID': 'C-1',
            Date: '2026-11-23',
            Amount: '400.00',
            Currency: 'USD',
          },
        }),
      });
      expect(paid.status).toBe(201);
      return planned;
    }

    it('returns the entry cancelled and its "not sent" note on the history, once, whichever I/O point of the cancellation the process dies at', async () => {
      // Prepare: how many I/O points the uninterrupted cancellation passes.
      const probe = await paidAfterPlan();
      probe.proc.arm({});
      await probe.proc.drain();
      const points = probe.proc.trail.length;
      probe.proc.disarm();
      expect(await activityOutcomes(probe.proc)).toContain('not sent: send-time/nothing-due');
      await probe.proc.close();
      expect(points).toBeGreaterThan(3);
      const lost: string[] = [];
      for (let crashAt = 1; crashAt <= points; crashAt++) {
        const { proc, setClock } = await paidAfterPlan();

        // Act: the sender dies at this point; it restarts and the schedules run on (SQS gives the
        // message back, the next hourly dispatch, the next day's plan).
        proc.arm({ crashAt });
        await proc.drain();
        const at = proc.trail[proc.trail.length - 1];
        expect(proc.killed()).toBe(true);
        proc.disarm();
        proc.restart('sqs');
        await proc.drain();
        setClock('2026-11-23T15:00:00Z');
        await proc.dispatch();
        await proc.drain();
        setClock('2026-11-24T14:00:00Z');
        await proc.plan();
        await proc.dispatch();
        await proc.drain();

        // Assess
        const [entry] = (await proc.store.customerOutbox(proc.tenantId, 'C-1')).filter(
          (e) => e.channel === 'email',
        );
        expect(entry).toMatchObject({ status: 'cancelled', rule: 'send-time/nothing-due' });
        expect(entry?.reason).toContain('nothing is due');
        expect(proc.accepted).toEqual([]);
        const outcomes = await activityOutcomes(proc);
        expect(outcomes.filter((o) => o.startsWith('sent '))).toEqual([]);
        const notes = outcomes.filter((o) => o === 'not sent: send-time/nothing-due').length;
        if (notes !== 1) lost.push(`killed at point ${crashAt} (${at}): ${notes} notes`);
        await proc.close();
      }
      expect(lost).toEqual([]);
    }, 240_000);

    it('returns one email when the process dies after SES accepted it and SQS delivers the message again', async () => {
      // Prepare
      const { proc } = await plannedDebtor();

      // Act: SES takes the message, the process dies before recording it; SQS redelivers.
      proc.arm({ crashOn: 'ses.send:after' });
      await proc.drain();
      expect(proc.killed()).toBe(true);
      proc.disarm();
      proc.restart('sqs');
      await proc.drain();
      await proc.deliverEvents();

      // Assess
      const [entry] = (await proc.store.customerOutbox(proc.tenantId, 'C-1')).filter(
        (e) => e.channel === 'email',
      );
      expect(proc.accepted).toHaveLength(1);
      expect(entry).toMatchObject({ status: 'sent', messageId: proc.accepted[0]!.messageId });
      expect(await proc.store.messages(proc.tenantId, 'C-1')).toHaveLength(1);
      await proc.close();
    }, 60_000);

    it('returns the message archived and the contact logged when the process dies as the send is recorded and the Send event is lost', async () => {
      // Prepare
      const { proc, setClock } = await plannedDebtor();

      // Act: the claim (first transition) lands, SES accepts, the second transition (sent) lands
      // and the process dies; SNS gives up on the Send event; the schedules run on.
      proc.arm({ crashOn: 'store.transitionOutbox:after', crashOnNth: 2 });
      await proc.drain();
      expect(proc.killed()).toBe(true);
      proc.disarm();
      expect(proc.loseEvents()).toBe(1);
      proc.restart('sqs');
      await proc.drain();
      setClock('2026-11-23T16:00:00Z');
      await proc.dispatch();
      await proc.drain();

      // Assess
      const [entry] = (await proc.store.customerOutbox(proc.tenantId, 'C-1')).filter(
        (e) => e.channel === 'email',
      );
      expect(proc.accepted).toHaveLength(1);
      expect(entry).toMatchObject({ status: 'sent', messageId: proc.accepted[0]!.messageId });
      expect(await proc.store.messages(proc.tenantId, 'C-1')).toHaveLength(1);
      expect((await activityOutcomes(proc)).filter((o) => o.startsWith('sent '))).toHaveLength(1);
      await proc.close();
    }, 60_000);
  });
});
