// The fan-out on the real local stack (DynamoDB Local, the in-process office queue): three offices in
// New York, Los Angeles and Tokyo ticked every quarter hour across the US daylight-saving change of
// 2027-03-14, with an outage, a tick run twice and an office whose run fails.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { syncLedger } from '../../cli/sync-client.js';
import { localTime } from '../../core/ledger/dates.js';
import { type LocalStack, startLocalStack } from '../../lambdas/local/stack.js';
import {
  type OfficeJob,
  type OfficeRunRecord,
  runTick,
  type TickSummary,
} from '../../lambdas/services/fan-out.js';
import { DEFAULT_SETTINGS } from '../../lambdas/shared/settings.js';
import type { OfficeStore } from '../../lambdas/store/office-store.js';

const NY = 'America/New_York';
const LA = 'America/Los_Angeles';
const TOKYO = 'Asia/Tokyo';
const ZONES: Record<string, string> = { 'ny-office': NY, 'la-office': LA, 'tokyo-office': TOKYO };

const START = Date.parse('2027-03-12T12:00:00Z');
const END = Date.parse('2027-03-16T06:00:00Z');
const QUARTER = 15 * 60_000;
/** No tick runs in this window (an outage spanning New York's 09:00 EDT = 13:00Z on 2027-03-15). */
const OUTAGE = { from: Date.parse('2027-03-15T12:00:00Z'), to: Date.parse('2027-03-15T15:30:00Z') };
/** At this tick (New York's 09:00 EST, before the change) two ticks run at once. */
const DOUBLE_TICK = Date.parse('2027-03-13T14:00:00Z');

describe('fan-out', () => {
  let stack: LocalStack;
  let clock = new Date(START);
  const ticks: TickSummary[] = [];
  let brokenDeadLetters = 0;
  /** The error log lines (the failing office's), kept instead of printed. */
  const errorLines: string[] = [];

  beforeAll(async () => {
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => {
      errorLines.push(String(line));
    });
    stack = await startLocalStack({
      tenantId: 'ny-office',
      now: () => clock,
      settings: { timeZone: NY },
    });
    for (const tenantId of ['la-office', 'tokyo-office']) {
      await stack.store.putSettings({ ...DEFAULT_SETTINGS, tenantId, timeZone: ZONES[tenantId]! });
    }
    // An office whose run always throws: its registry says New York, its settings a zone that
    // does not exist, so runDay fails for it (and only for it).
    await stack.store.putSettings({
      ...DEFAULT_SETTINGS,
      tenantId: 'broken-office',
      timeZone: 'Mars/Olympus',
    });
    await stack.offices.register('broken-office', NY);
    // New York has one overdue customer: its plan records an email, its dispatch sends it.
    await syncLedger(
      stack.apiUrl,
      { apiKey: stack.apiKey },
      {
        Customers: [
          ['Customer ID', 'Name', 'Email', 'Time Zone'],
          ['C1', 'Nora Credit', 'nora@example.com', NY],
        ],
        Invoices: [
          ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
          ['C1-I', 'C1', '2027-01-20', '2027-02-19', '1000.00', 'USD'],
        ],
      },
    );

    for (let t = START; t <= END; t += QUARTER) {
      if (t >= OUTAGE.from && t < OUTAGE.to) continue;
      clock = new Date(t);
      if (t === DOUBLE_TICK) ticks.push(...(await Promise.all([stack.tick(), stack.tick()])));
      else ticks.push(await stack.tick());
      await stack.drain();
    }
    brokenDeadLetters = stack.officeQueue.deadLetters().length;
  }, 600_000);

  afterAll(async () => {
    vi.restoreAllMocks();
    await stack?.stop();
  });

  const runs = (tenantId: string, job: 'plan' | 'dispatch'): OfficeRunRecord[] =>
    stack.officeRuns.filter((r) => r.tenantId === tenantId && r.job === job && r.ok);
  const local = (iso: string, zone: string) => {
    const t = localTime(Date.parse(iso), zone);
    return `${t.date} ${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
  };

  describe('plan', () => {
    it('plans each office once per local date, at its own 09:00 across the DST change', () => {
      const plans = (tenantId: string) => runs(tenantId, 'plan').map((r) => [r.startedAt, r.slot, r.reason]);
      expect(plans('ny-office')).toEqual([
        ['2027-03-12T14:00:00.000Z', '2027-03-12', 'on time'], // 09:00 EST
        ['2027-03-13T14:00:00.000Z', '2027-03-13', 'on time'],
        ['2027-03-14T13:00:00.000Z', '2027-03-14', 'on time'], // 09:00 EDT, the day clocks moved
        ['2027-03-15T15:30:00.000Z', '2027-03-15', 'catch-up'], // the outage: once, when ticks resumed
      ]);
      expect(plans('la-office')).toEqual([
        ['2027-03-12T17:00:00.000Z', '2027-03-12', 'on time'],
        ['2027-03-13T17:00:00.000Z', '2027-03-13', 'on time'],
        ['2027-03-14T16:00:00.000Z', '2027-03-14', 'on time'],
        ['2027-03-15T16:00:00.000Z', '2027-03-15', 'on time'],
      ]);
      expect(plans('tokyo-office')).toEqual([
        // Registered after its 09:00 on 2027-03-12 (21:00 JST): caught up at the first tick.
        ['2027-03-12T12:00:00.000Z', '2027-03-12', 'catch-up'],
        ['2027-03-13T00:00:00.000Z', '2027-03-13', 'on time'],
        ['2027-03-14T00:00:00.000Z', '2027-03-14', 'on time'],
        ['2027-03-15T00:00:00.000Z', '2027-03-15', 'on time'],
        ['2027-03-16T00:00:00.000Z', '2027-03-16', 'on time'],
      ]);
      for (const r of runs('ny-office', 'plan').filter((p) => p.reason === 'on time'))
        expect(local(r.startedAt, NY)).toBe(`${r.slot} 09:00`);
    });

    it('queues a plan once when two ticks run in the same quarter hour', () => {
      const both = ticks.filter((t) => t.tick === new Date(DOUBLE_TICK).toISOString());
      expect(both).toHaveLength(2);
      // Two offices are due then (ny-office and broken-office, both in New York): one message each.
      expect(both.reduce((n, t) => n + t.plans, 0)).toBe(2);
      expect(runs('ny-office', 'plan').filter((r) => r.slot === '2027-03-13')).toHaveLength(1);
    });

    it('claims a plan once even when a second tick read the registry before the first marked it', async () => {
      // A stale registry read: the second tick still sees no plan for the day, so only the
      // conditional claim stands between it and a second run.
      const offices = Object.create(stack.offices) as OfficeStore;
      offices.offices = async () => (await stack.offices.offices()).map(({ lastPlan: _drop, ...o }) => o);
      const queued: OfficeJob[] = [];
      const summary = await runTick(new Date(DOUBLE_TICK + 60_000), {
        offices,
        enqueueOffices: async (jobs) => {
          queued.push(...jobs);
          return [];
        },
      });
      // New York's two offices at 09:01, and Tokyo (23:01, its day planned at 09:00): all claimed.
      expect(summary).toMatchObject({ plans: 0, alreadyClaimed: 3 });
      expect(queued.filter((j) => j.job === 'plan')).toEqual([]);
    });

    it('records each plan on its claim item, done with its counts', async () => {
      const claim = await stack.offices.run('ny-office', '2027-03-14', 'plan');
      expect(claim).toMatchObject({ status: 'done', claimedAt: '2027-03-14T13:00:00.000Z', job: 'plan' });
      expect(claim?.detail).toMatchObject({ openAccounts: 1 });
    });
  });

  describe('dispatch', () => {
    it('dispatches each office at :15 of every local hour: 23 on the US spring-forward day, 24 otherwise', () => {
      const perDay = (tenantId: string) => {
        const counts: Record<string, number> = {};
        for (const r of runs(tenantId, 'dispatch')) {
          const [date, time] = local(r.startedAt, ZONES[tenantId]!).split(' ');
          expect(time!.endsWith(':15')).toBe(true);
          counts[date!] = (counts[date!] ?? 0) + 1;
        }
        return counts;
      };
      expect(perDay('ny-office')['2027-03-13']).toBe(24);
      expect(perDay('ny-office')['2027-03-14']).toBe(23);
      expect(perDay('la-office')['2027-03-13']).toBe(24);
      expect(perDay('la-office')['2027-03-14']).toBe(23);
      expect(perDay('tokyo-office')['2027-03-13']).toBe(24);
      expect(perDay('tokyo-office')['2027-03-14']).toBe(24);
    });

    it('sends the email the 09:00 plan recorded, once', async () => {
      const nora = stack.sent.filter((s) => s.outbox?.customerId === 'C1');
      expect(nora.length).toBeGreaterThanOrEqual(1);
      const keys = nora.map((s) => `${s.outbox?.stage}#${s.outbox?.cycle}`);
      expect(new Set(keys).size).toBe(keys.length);
    });
  });

  describe('isolation', () => {
    it('dead-letters the failing office after its receives and plans every other office', async () => {
      const failed = stack.officeRuns.filter((r) => r.tenantId === 'broken-office' && r.job === 'plan');
      expect(failed.every((r) => !r.ok)).toBe(true);
      // One plan per local date, each received 3 times, then dead-lettered; never queued again.
      const dead = stack.officeQueue
        .deadLetters()
        .map((r) => JSON.parse(r.body) as { tenantId: string; job: string; slot: string });
      expect(dead.every((d) => d.tenantId === 'broken-office' && d.job === 'plan')).toBe(true);
      expect(dead.map((d) => d.slot)).toEqual(['2027-03-12', '2027-03-13', '2027-03-14', '2027-03-15']);
      expect(failed).toHaveLength(3 * dead.length);
      expect(brokenDeadLetters).toBe(4);
      // Each failure is logged with its code, office and receive count.
      const logged = errorLines.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(logged).toHaveLength(12);
      for (const l of logged)
        expect(l).toMatchObject({ code: 'FANOUT.OFFICE_RUN_FAILED', tenantId: 'broken-office' });
      const claim = await stack.offices.run('broken-office', '2027-03-13', 'plan');
      expect(claim).toMatchObject({ status: 'failed' });
      expect(claim?.detail).toMatchObject({ error: expect.stringMatching(/Mars\/Olympus/) });
      // Its dispatch does not read the zone and keeps running; the other offices are untouched.
      expect(runs('broken-office', 'dispatch').length).toBeGreaterThan(80);
      for (const tenantId of Object.keys(ZONES))
        expect(stack.officeRuns.filter((r) => r.tenantId === tenantId && !r.ok)).toEqual([]);
    });
  });
});
