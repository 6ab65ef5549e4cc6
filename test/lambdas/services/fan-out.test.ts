// Which office jobs a tick picks, from the offices' wall clocks: zones with half- and quarter-hour
// offsets, both directions of daylight saving, catch-up after a missed 09:00, unknown zones.
import { describe, expect, it } from 'vitest';
import { localTime } from '../../../core/ledger/dates.js';
import { dueJobs, type OfficeJob, tickSlot } from '../../../lambdas/services/fan-out.js';
import type { OfficeEntry } from '../../../lambdas/store/office-store.js';

const QUARTER = 15 * 60_000;

/** Ticks every quarter hour from `from` to `to` (UTC), keeping each office's lastPlan as the registry does. */
function simulate(offices: OfficeEntry[], from: string, to: string): (OfficeJob & { at: string })[] {
  const registry = offices.map((o) => ({ ...o }));
  const out: (OfficeJob & { at: string })[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += QUARTER) {
    const { jobs } = dueJobs(registry, new Date(t));
    for (const job of jobs) {
      out.push({ ...job, at: new Date(t).toISOString() });
      if (job.job === 'plan') registry.find((o) => o.tenantId === job.tenantId)!.lastPlan = job.slot;
    }
  }
  return out;
}

const wall = (iso: string, zone: string) => {
  const t = localTime(Date.parse(iso), zone);
  return `${t.date} ${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
};

describe('fan-out', () => {
  describe('tickSlot', () => {
    it('returns the instant rounded down to its quarter hour', () => {
      expect(tickSlot(new Date('2027-03-14T13:14:59.999Z')).toISOString()).toBe('2027-03-14T13:00:00.000Z');
      expect(tickSlot(new Date('2027-03-14T13:15:00.000Z')).toISOString()).toBe('2027-03-14T13:15:00.000Z');
    });
  });

  describe('dueJobs', () => {
    const zones = [
      'America/New_York', // DST 2027-03-14 (spring) and 2027-11-07 (fall)
      'Asia/Kolkata', // +05:30
      'Asia/Kathmandu', // +05:45
      'Australia/Lord_Howe', // +11:00 -> +10:30 on 2027-04-04 (a half-hour change)
      'Europe/London', // DST 2027-03-28
      'Pacific/Chatham', // +13:45 / +12:45
    ];
    const offices = zones.map((timeZone, i) => ({
      tenantId: `office-${i}`,
      timeZone,
      lastPlan: '2027-03-01',
    }));

    it('returns each plan once per local date at exactly 09:00 local, in every zone, across DST changes', () => {
      const spring = simulate(offices, '2027-03-01T19:00:00Z', '2027-04-10T00:00:00Z');
      for (const [i, zone] of zones.entries()) {
        const plans = spring.filter((j) => j.tenantId === `office-${i}` && j.job === 'plan');
        const dates = plans.map((p) => p.slot);
        expect(new Set(dates).size, zone).toBe(dates.length);
        expect(plans.length, zone).toBeGreaterThanOrEqual(38);
        for (const p of plans) {
          expect(wall(p.at, zone), zone).toBe(`${p.slot} 09:00`);
          expect(p.reason).toBe('on time');
        }
      }
    });

    it('returns one dispatch per local hour at :15, 25 on the US fall-back day and 23 on the spring-forward day', () => {
      const perDay = (from: string, to: string, date: string) =>
        simulate([offices[0]!], from, to).filter(
          (j) => j.job === 'dispatch' && wall(j.at, 'America/New_York').startsWith(date),
        );
      const fall = perDay('2027-11-07T00:00:00Z', '2027-11-08T12:00:00Z', '2027-11-07');
      expect(fall).toHaveLength(25);
      for (const d of fall) expect(wall(d.at, 'America/New_York')).toMatch(/:15$/);
      expect(perDay('2027-03-14T00:00:00Z', '2027-03-15T12:00:00Z', '2027-03-14')).toHaveLength(23);
    });

    it('returns one dispatch per hour in quarter- and half-hour zones', () => {
      const day = simulate(offices.slice(1, 3), '2027-05-01T00:00:00Z', '2027-05-01T23:45:00Z');
      for (const id of ['office-1', 'office-2']) {
        const d = day.filter((j) => j.tenantId === id && j.job === 'dispatch');
        expect(d).toHaveLength(24);
      }
    });

    it('returns a missed plan once, as a catch-up, when ticks resume the same local day', () => {
      const office = { tenantId: 'office-ny', timeZone: 'America/New_York', lastPlan: '2027-03-14' };
      // The 09:00 EDT tick (13:00Z) never ran; the next tick is 11:30 EDT.
      const first = dueJobs([office], new Date('2027-03-15T15:30:00Z'));
      expect(first.jobs.filter((j) => j.job === 'plan')).toEqual([
        {
          tenantId: 'office-ny',
          job: 'plan',
          slot: '2027-03-15',
          timeZone: 'America/New_York',
          local: '2027-03-15 11:30 America/New_York',
          reason: 'catch-up',
        },
      ]);
      const after = dueJobs([{ ...office, lastPlan: '2027-03-15' }], new Date('2027-03-15T15:45:00Z'));
      expect(after.jobs.filter((j) => j.job === 'plan')).toEqual([]);
      // Before 09:00 nothing is due, whatever the last plan.
      expect(
        dueJobs([office], new Date('2027-03-15T12:45:00Z')).jobs.filter((j) => j.job === 'plan'),
      ).toEqual([]);
    });

    it('returns an office with an unknown zone as skipped, with the reason, and the others due', () => {
      const { jobs, skipped } = dueJobs(
        [
          { tenantId: 'bad', timeZone: 'Mars/Olympus' },
          { tenantId: 'good', timeZone: 'Asia/Tokyo' },
        ],
        new Date('2027-03-14T00:00:00Z'),
      );
      expect(skipped).toEqual([{ tenantId: 'bad', reason: 'unknown time zone "Mars/Olympus"' }]);
      expect(jobs.map((j) => [j.tenantId, j.job])).toEqual([['good', 'plan']]);
    });
  });
});
