// The planner's input for a test ledger: its book as of the day, the default policy, 09:00 in Chicago.
import type { PlanInput } from '../../core/collections/collection-plan.js';
import { DEFAULT_POLICY } from '../../core/collections/dunning-policy.js';
import { buildBook } from '../../core/ledger/book.js';
import { type IsoDate, zonedInstant } from '../../core/ledger/dates.js';
import type { Ledger } from '../../core/ledger/ledger.js';

export const planInputOf = (ledger: Ledger, asOf: IsoDate): PlanInput => ({
  ledger,
  book: buildBook(ledger, asOf),
  policy: DEFAULT_POLICY,
  asOf,
  now: zonedInstant(asOf, 9, 'America/Chicago'),
  defaultTimeZone: 'America/Chicago',
});
