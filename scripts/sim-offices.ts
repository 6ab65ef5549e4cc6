// `npm run sim:offices`: the many-office simulation on DynamoDB Local; prints its figures, exits 1 if any check fails.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type OfficeSimResult, runOfficeSim } from '../lambdas/local/office-sim.js';

const { values } = parseArgs({
  options: {
    offices: { type: 'string', default: '1000' },
    days: { type: 'string', default: '3' },
    // The issue's size is 50-500 customers per office; at that size 1,000 offices take about an
    // hour on a shared 2-core machine (docs/backend.md has the run), so the default keeps the
    // office count and the days real and the ledgers small.
    customers: { type: 'string', default: '5-20' },
    seed: { type: 'string', default: '17' },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const span = /^(\d+)-(\d+)$/.exec(values.customers);
const offices = Number(values.offices);
const days = Number(values.days);
if (!span || !Number.isInteger(offices) || offices < 1 || !Number.isInteger(days) || days < 1) {
  console.error(
    'usage: npm run sim:offices -- [--offices 1000] [--days 3] [--customers 5-20] [--seed 17] [--json] [--out FILE.json]',
  );
  process.exit(2);
}
const result = await runOfficeSim({
  offices,
  days,
  customers: { min: Number(span[1]), max: Number(span[2]) },
  seed: Number(values.seed),
  progress: (line) => console.error(line),
});

const r2 = (x: number) => Math.round(x * 100) / 100;
const s = (ms: number) => Math.round(ms / 100) / 10;
function report(r: OfficeSimResult): string {
  return [
    `offices ${r.offices} in ${r.zones} time zones, ${r.customers.total} customers (${r.customers.min}-${r.customers.max} per office)`,
    `simulated ${r.days} local days: ${r.ticks} quarter-hour ticks from ${r.firstTick} to ${r.lastTick}`,
    `plans: ${r.plans.onTime + r.plans.catchUp} run (${r.plans.onTime} on time at 09:00, ${r.plans.catchUp} catch-up) of ${r.plans.expected} expected; missed ${r.plans.missed}, twice ${r.plans.twice}, before 09:00 ${r.plans.early}; offices off the oracle ${r.officesWrong.length}`,
    `dispatch runs ${r.dispatchRuns}; failed runs ${r.failedRuns}; dead letters ${r.deadLetters}; messages queued for sending ${r.queuedForSending} (review mode)`,
    `isolation: ${r.reads.checkedKeys} keys and ${r.reads.checkedItems} items checked, ${r.violations.length} cross-office accesses`,
    `reads: tick ${r.reads.tick.operations} ops ${r2(r.reads.tick.readUnits)} RU ${r.reads.tick.items} items; offices ${r.reads.offices.operations} ops ${r2(r.reads.offices.readUnits)} RU ${r.reads.offices.items} items`,
    `Lambda invocations: tick ${r.invocations.tick}, worker ${r.invocations.worker}, sender ${r.invocations.sender}`,
    `per office per day: ${r2(r.perOfficePerDay.readUnits)} read units, ${r2(r.perOfficePerDay.itemsRead)} items read, ${r2(r.perOfficePerDay.invocations)} invocations`,
    `wall time: seed ${Math.round(r.seedMs / 1000)} s, simulation ${Math.round(r.simulateMs / 1000)} s (ticks ${s(r.phases.tickMs)} s, office queue drains ${s(r.phases.drainMs)} s, ${r.phases.workerConcurrency} office runs at once; by UTC date ${Object.entries(
      r.phases.byDate,
    )
      .map(([d, ms]) => `${d} ${s(ms)} s`)
      .join(', ')})`,
    `office runs: ${r.phases.planRuns.count} plans ${s(r.phases.planRuns.totalMs)} s in all (longest ${s(r.phases.planRuns.maxMs)} s), ${r.phases.dispatchRuns.count} dispatches ${s(r.phases.dispatchRuns.totalMs)} s in all (longest ${s(r.phases.dispatchRuns.maxMs)} s)`,
  ].join('\n');
}
if (values.out) writeFileSync(values.out, `${JSON.stringify(result, null, 1)}\n`);
if (values.json) console.log(JSON.stringify(result));
else console.log(report(result));
for (const o of result.officesWrong.slice(0, 5)) console.error(`off the oracle: ${JSON.stringify(o)}`);
for (const v of result.violations.slice(0, 5)) console.error(`cross-office: ${JSON.stringify(v)}`);
const ok =
  result.officesWrong.length === 0 &&
  result.violations.length === 0 &&
  result.failedRuns === 0 &&
  result.deadLetters === 0 &&
  result.plans.missed === 0 &&
  result.plans.twice === 0;
process.exit(ok ? 0 : 1);
