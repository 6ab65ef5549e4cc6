// Tests for the settable clock and the daily scheduler used to replay days locally.
import { describe, expect, it } from 'vitest';
import { createClock, createScheduler, type ScheduledRun } from '../../../lambdas/local/clock.js';

describe('clock', () => {
  describe('createClock', () => {
    it('stays put until set or advanced', () => {
      // Prepare
      const clock = createClock('2026-03-02T14:00:00Z');

      // Act
      const first = clock.now();
      clock.advanceDays(2);
      const later = clock.nowIso();
      clock.set(new Date('2026-01-01T00:00:00Z'));
      clock.advanceMs(1500);

      // Assess
      expect(first).toBe(Date.parse('2026-03-02T14:00:00Z'));
      expect(later).toBe('2026-03-04T14:00:00.000Z');
      expect(clock.nowIso()).toBe('2026-01-01T00:00:01.500Z');
    });

    it('rejects text that is not an instant', () => {
      expect(() => createClock('next tuesday')).toThrow(RangeError);
    });
  });

  describe('createScheduler', () => {
    it('runs a daily job once per local day at its hour, catching up missed days in order', async () => {
      // Prepare: 05:00 in Chicago on 2 March (UTC-6).
      const clock = createClock('2026-03-02T11:00:00Z');
      const scheduler = createScheduler(clock);
      const runs: ScheduledRun[] = [];
      const job = scheduler.daily(6, 'America/Chicago', (run) => void runs.push(run));

      // Act
      const none = await scheduler.runDue();
      clock.set('2026-03-02T12:00:00Z');
      const first = await scheduler.runDue();
      const again = await scheduler.runDue();
      clock.advanceDays(3);
      const caughtUp = await scheduler.runDue();

      // Assess
      expect(none).toEqual([]);
      expect(first.map((r) => r.localDate)).toEqual(['2026-03-02']);
      expect(again).toEqual([]);
      expect(caughtUp.map((r) => r.localDate)).toEqual(['2026-03-03', '2026-03-04', '2026-03-05']);
      expect(runs.map((r) => new Date(r.scheduledAt).toISOString())).toEqual([
        '2026-03-02T12:00:00.000Z',
        '2026-03-03T12:00:00.000Z',
        '2026-03-04T12:00:00.000Z',
        '2026-03-05T12:00:00.000Z',
      ]);
      expect(new Date(job.next()).toISOString()).toBe('2026-03-06T12:00:00.000Z');
    });

    it('keeps the local hour across a daylight-saving change', async () => {
      // Prepare: US clocks spring forward on 8 March 2026.
      const clock = createClock('2026-03-07T00:00:00Z');
      const scheduler = createScheduler(clock);
      scheduler.daily(6, 'America/New_York', () => undefined);

      // Act
      clock.set('2026-03-09T23:00:00Z');
      const runs = await scheduler.runDue();

      // Assess: 06:00 EST is 11:00Z, 06:00 EDT is 10:00Z.
      expect(runs.map((r) => new Date(r.scheduledAt).toISOString())).toEqual([
        '2026-03-07T11:00:00.000Z',
        '2026-03-08T10:00:00.000Z',
        '2026-03-09T10:00:00.000Z',
      ]);
    });

    it('starts after the current time, so an hour already past today first runs tomorrow', async () => {
      const clock = createClock('2026-03-02T12:00:00Z');
      const scheduler = createScheduler(clock);

      const job = scheduler.daily(6, 'America/Chicago', () => undefined);

      expect(new Date(job.next()).toISOString()).toBe('2026-03-03T12:00:00.000Z');
    });

    it('interleaves jobs in different zones by instant', async () => {
      // Prepare
      const clock = createClock('2026-03-02T00:00:00Z');
      const scheduler = createScheduler(clock);
      const order: string[] = [];
      scheduler.daily(7, 'America/Los_Angeles', (r) => void order.push(`LA ${r.localDate}`));
      scheduler.daily(7, 'Europe/Berlin', (r) => void order.push(`Berlin ${r.localDate}`));

      // Act: to 4 March 00:00Z; 07:00 is 06:00Z in Berlin and 15:00Z in Los Angeles.
      clock.advanceDays(2);
      await scheduler.runDue();

      // Assess
      expect(order).toEqual(['Berlin 2026-03-02', 'LA 2026-03-02', 'Berlin 2026-03-03', 'LA 2026-03-03']);
    });

    it('keeps a failed occurrence due so the next runDue retries it', async () => {
      // Prepare
      const clock = createClock('2026-03-02T00:00:00Z');
      const scheduler = createScheduler(clock);
      let attempts = 0;
      scheduler.daily(9, 'UTC', () => {
        if (attempts++ === 0) throw new Error('DynamoDB Local not up yet');
      });
      clock.set('2026-03-02T10:00:00Z');

      // Act
      const failed = scheduler.runDue();
      await expect(failed).rejects.toThrow(/not up yet/);
      const retried = await scheduler.runDue();

      // Assess
      expect(retried.map((r) => r.localDate)).toEqual(['2026-03-02']);
      expect(attempts).toBe(2);
    });

    it('does not run a cancelled job, and rejects a bad hour or zone', async () => {
      // Prepare
      const clock = createClock('2026-03-02T00:00:00Z');
      const scheduler = createScheduler(clock);
      let ran = false;
      const job = scheduler.daily(1, 'UTC', () => {
        ran = true;
      });

      // Act
      job.cancel();
      clock.advanceDays(1);
      await scheduler.runDue();

      // Assess
      expect(ran).toBe(false);
      expect(() => scheduler.daily(24, 'UTC', () => undefined)).toThrow(RangeError);
      expect(() => scheduler.daily(6, 'Mars/Olympus', () => undefined)).toThrow(RangeError);
    });
  });
});
