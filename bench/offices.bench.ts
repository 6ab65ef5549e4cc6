// Fan-out benchmark: DynamoDB read units and Lambda invocations per office per day, 1,000 offices against 10,
// each run through the many-office simulation (lambdas/local/office-sim.ts) on its own DynamoDB Local.
import { runOfficeSim, SIM_ZONES } from '../lambdas/local/office-sim.js';

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** `count` zones spread over the whole range (both ends kept), so both runs tick through the same span. */
function spread(count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => SIM_ZONES[Math.round((i * (SIM_ZONES.length - 1)) / (count - 1))]!,
  );
}

export async function runOfficesBenchmarks(): Promise<void> {
  // Same ledger per office on both sides (10 customers), so only the number of offices differs.
  const common = { days: 1, firstDay: '2027-03-14', customers: { min: 10, max: 10 }, seed: 17 } as const;
  const few = await runOfficeSim({ ...common, offices: 10, zones: spread(10) });
  const many = await runOfficeSim({ ...common, offices: 1_000, zones: SIM_ZONES });
  for (const r of [few, many])
    if (r.violations.length > 0 || r.officesWrong.length > 0 || r.failedRuns > 0)
      throw new Error(
        `the ${r.offices}-office run failed its checks: ${JSON.stringify(r.officesWrong.slice(0, 2))}`,
      );
  const units = many.perOfficePerDay.readUnits / few.perOfficePerDay.readUnits;
  const invocations = many.perOfficePerDay.invocations / few.perOfficePerDay.invocations;
  console.log(
    JSON.stringify({
      name: 'offices.units_per_office_1000_vs_10',
      subject_ms: round(many.simulateMs),
      baseline_ms: round(few.simulateMs),
      ratio: round(Math.max(units, invocations), 4),
      read_units_ratio: round(units, 4),
      invocations_ratio: round(invocations, 4),
      subject_read_units_per_office_day: round(many.perOfficePerDay.readUnits),
      baseline_read_units_per_office_day: round(few.perOfficePerDay.readUnits),
      subject_items_read_per_office_day: round(many.perOfficePerDay.itemsRead),
      baseline_items_read_per_office_day: round(few.perOfficePerDay.itemsRead),
      subject_invocations_per_office_day: round(many.perOfficePerDay.invocations),
      baseline_invocations_per_office_day: round(few.perOfficePerDay.invocations),
      aim: 'ratio <= 1.1',
      note:
        'ratio is the larger of two ratios, 1,000 offices over 10: DynamoDB read units per office per day (DynamoDB Local ConsumedCapacity TOTAL ' +
        'on every read, tick and workers) and Lambda invocations per office per day (tick + one worker invocation per office message + sender). ' +
        'One local day (2027-03-14, the US change) in zones spread from UTC-10 to UTC+13, 10 customers per office, review mode; ' +
        '"per day" is per 24 hours of ticks. _ms is the simulation wall time.',
    }),
  );
}
