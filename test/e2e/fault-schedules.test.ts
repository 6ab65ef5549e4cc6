// Seeded fault schedules on the real local stack (DynamoDB Local, SES emulator): kills, SES faults,
// duplicate deliveries, database restarts, clock jumps and clerk actions; every email right, once;
// credit holds and releases told to the credit contact once each, never to a debtor.
// A few schedules run in `npm test`; `npm run test:faults` runs 200. Replay one: FAULT_SEED=1234.
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  generateSchedule,
  runSchedule,
  type ScheduleResult,
  statedAndTable,
} from '../support/fault-schedules.js';
import { type FaultInfra, startFaultInfra } from '../support/fault-stack.js';

const COUNT = Number(process.env.FAULT_SCHEDULES ?? 3);
const FIRST_SEED = Number(process.env.FAULT_FIRST_SEED ?? 1000);
const SEEDS = process.env.FAULT_SEED
  ? process.env.FAULT_SEED.split(',').map(Number)
  : Array.from({ length: COUNT }, (_, i) => FIRST_SEED + i);
/** The quick subset of `npm test` (no count or seed given): its first schedule is forced to restart DynamoDB Local. */
const QUICK = process.env.FAULT_SCHEDULES === undefined && process.env.FAULT_SEED === undefined;
/** DynamoDB Local restarts take seconds each; the quick subset in `npm test` has one schedule with them. */
const DB_RESTARTS = process.env.FAULT_DB_RESTARTS !== '0';

describe('fault schedules', () => {
  let infra: FaultInfra;
  const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const previousLog = process.env.DUEBOOK_LOG;

  beforeAll(async () => {
    process.env.DUEBOOK_LOG = 'silent';
    infra = await startFaultInfra();
  }, 120_000);

  afterAll(async () => {
    quiet.mockRestore();
    if (previousLog === undefined) delete process.env.DUEBOOK_LOG;
    else process.env.DUEBOOK_LOG = previousLog;
    await infra?.stop();
  });

  describe('statedAndTable', () => {
    it('returns the stated amount and the total row of a rendered reminder', () => {
      const text = [
        'Dear Ann,',
        'Our records show that USD 850.00 is past due on the following:',
        'Invoice                 Due date            Amount due\nA-1                     November 1, 2026   USD 1,000.00\nCredit on your account                      USD -150.00\nTotal USD                                     USD 850.00',
        'Please pay by December 3, 2026.',
      ].join('\n\n');
      const read = statedAndTable(text);
      expect(read.stated.get('USD')).toBe(85_000);
      expect(read.table.get('USD')).toBe(85_000);
      expect(read.rows.get('USD')).toBe(85_000);
    });
  });

  describe('runSchedule', () => {
    it(
      `keeps every invariant over ${SEEDS.length} seeded schedules`,
      async () => {
        // Prepare
        const started = performance.now();
        const results: ScheduleResult[] = [];
        const failures: string[] = [];
        // Act
        for (const [i, seed] of SEEDS.entries()) {
          const schedule = generateSchedule(seed, { dbRestarts: DB_RESTARTS });
          if (i === 0 && QUICK && DB_RESTARTS) schedule.ticks[1]!.restartDb = true;
          const result = await runSchedule(infra, schedule).catch((e: unknown) => ({
            seed,
            violations: [`the schedule itself failed: ${e instanceof Error ? e.stack : String(e)}`],
          }));
          if (result.violations.length > 0)
            failures.push(`seed ${seed} (replay: FAULT_SEED=${seed}):\n  ${result.violations.join('\n  ')}`);
          if ('sent' in result) results.push(result);
        }
        const seconds = (performance.now() - started) / 1000;
        const sum = (f: (r: ScheduleResult) => number) => results.reduce((s, r) => s + f(r), 0);
        // One line for docs/backend.md's "Fault schedules".
        process.stdout.write(
          `${JSON.stringify({
            schedules: SEEDS.length,
            seeds: SEEDS.length === 1 ? `${SEEDS[0]}` : `${SEEDS[0]}-${SEEDS[SEEDS.length - 1]}`,
            seconds: Math.round(seconds),
            failed: failures.length,
            sent: sum((r) => r.sent),
            cancelledOrSuppressed: sum((r) => r.cancelled),
            uncertain: sum((r) => r.uncertain),
            failedOrSkipped: sum((r) => r.otherSettled),
            kills: sum((r) => r.kills),
            dbRestarts: sum((r) => r.dbRestarts),
            duplicateDeliveries: sum((r) => r.duplicates),
            sesFaults: sum((r) => r.sesFaults),
            clerkActions: sum((r) => r.clerkActions),
            creditHolds: sum((r) => r.creditHolds),
            holdReleases: sum((r) => r.holdReleases),
            internalNotices: sum((r) => r.internalNotices),
            internalUnconfirmed: sum((r) => r.internalUnconfirmed),
          })}\n`,
        );
        // Assess
        expect(failures.join('\n\n')).toBe('');
        expect(sum((r) => r.sent)).toBeGreaterThan(0);
        // The schedules do reach credit holds (the quick subset too), so their invariants are tried.
        expect(sum((r) => r.creditHolds)).toBeGreaterThan(0);
      },
      Math.max(120_000, SEEDS.length * 60_000),
    );
  });
});
