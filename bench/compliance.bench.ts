// Compliance benchmark: planning 100,000 customers whose zone and rule set are derived from address and phone, against the same customers with both filled in.

import { planCollections } from '../core/collections/collection-plan.js';
import { DEFAULT_POLICY } from '../core/collections/dunning-policy.js';
import { contactRulesFor, contactZones } from '../core/compliance/jurisdiction.js';
import { buildBook } from '../core/ledger/book.js';
import { zonedInstant } from '../core/ledger/dates.js';
import type { Ledger } from '../core/ledger/ledger.js';
import { compare } from './harness.js';
import { prng, syntheticLedger } from './ledger-generator.js';

const AS_OF = '2026-11-23';

/** Addresses and phones in the shapes ledgers hold them, across zones, MA and New York City. */
const PLACES: readonly [string, string][] = [
  ['1 Beacon St, Boston, MA 02108', '(617) 555-0142'],
  ['12 Court St, Brooklyn, NY 11201', '+1 718 555 0100'],
  ['5 Main St, Los Angeles, CA 90012', '213-555-0100'],
  ['200 W Madison St, Chicago, IL 60606', '312.555.0199'],
  ['1 Main St, El Paso, TX 79901', '915-555-0100'],
  ['100 King St W, Toronto, ON M5X 1A9, Canada', '416-555-0100'],
  ['10 Downing St, London SW1A 2AA, United Kingdom', '+44 20 7946 0000'],
  ['9 Elm Ave, Denver, CO 80202', '+1 303 555 0100'],
  ['77 Harbor Rd, Miami, FL 33130', '305-555-0100'],
  ['', ''],
];

/** The same ledger twice: zones and rules blank (to derive), and filled with what derivation gives. */
function ledgers(): { derived: Ledger; explicit: Ledger } {
  const derived = syntheticLedger(100_000, 3, AS_OF);
  const rand = prng(7);
  for (const c of derived.customers) {
    const [address, phone] = PLACES[Math.floor(rand() * PLACES.length)]!;
    c.address = address || undefined;
    c.phone = phone || undefined;
    c.timeZone = undefined;
  }
  const explicit: Ledger = {
    ...derived,
    customers: derived.customers.map((c) => {
      const zones = contactZones(c, 'America/New_York').zones;
      return {
        ...c,
        // One zone stands for the set: the baseline does no derivation at all.
        timeZone: zones[0],
        contactPreset: contactRulesFor(c, DEFAULT_POLICY.contactPreset).preset,
      };
    }),
  };
  return { derived, explicit };
}

export function runComplianceBenchmarks(): void {
  const { derived, explicit } = ledgers();
  const book = buildBook(derived, AS_OF);
  const now = zonedInstant(AS_OF, 9, 'America/New_York');
  const input = (ledger: Ledger) => ({
    ledger,
    book,
    policy: DEFAULT_POLICY,
    asOf: AS_OF,
    now,
    defaultTimeZone: 'America/New_York',
  });
  const a = planCollections(input(derived));
  const b = planCollections(input(explicit));
  if (a.actions.length + a.blocked.length !== b.actions.length + b.blocked.length) {
    throw new Error('derived and explicit plans consider different customers');
  }
  compare(
    'plan.with_jurisdiction_vs_without',
    () => planCollections(input(derived)),
    () => planCollections(input(explicit)),
    {
      aim: 'ratio <= 1.3',
      note: `100,000 customers, Time Zone and Contact Rules blank (derived from address and phone: ${a.actions.length} actions, ${a.blocked.length} blocked) against the same customers with both cells filled`,
    },
    5,
  );
}
