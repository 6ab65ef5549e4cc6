// The planner works out where a customer is once per distinct set of cells (Contact Rules, Time
// Zone, address, phone): a customer planned among others gets what it gets planned alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PlanInput, planCollections } from '../../core/collections/collection-plan.js';
import { DEFAULT_POLICY } from '../../core/collections/dunning-policy.js';
import { buildBook } from '../../core/ledger/book.js';
import { zonedInstant } from '../../core/ledger/dates.js';
import type { ContactPreset, Customer } from '../../core/ledger/ledger.js';
import { customer, invoice, ledgerOf } from '../support/ledger-builders.js';

const AS_OF = '2026-11-23';
const PRESETS: (ContactPreset | undefined)[] = [
  undefined,
  undefined,
  'federal',
  'massachusetts',
  'new-york-city',
];
const ZONES = [undefined, undefined, 'America/New_York', 'America/Los_Angeles', 'Not/A_Zone'];
const ADDRESSES = [
  undefined,
  '1 Beacon St, Boston, MA 02108',
  '350 5th Ave, New York, NY 10118',
  '100 Main St, Springfield, IL 62701',
  '1 Market St, San Francisco, CA 94105',
];
const PHONES = [undefined, '+1 212 555 0100', '+1 415 555 0100', '+1 617 555 0100'];

const cells = fc.record({
  preset: fc.nat(PRESETS.length - 1),
  zone: fc.nat(ZONES.length - 1),
  address: fc.nat(ADDRESSES.length - 1),
  phone: fc.nat(PHONES.length - 1),
});

function input(customers: Customer[]): PlanInput {
  const invoices = customers.map((c) => invoice(`I-${c.customerId}`, c.customerId, '2026-10-01', 50_000));
  const ledger = ledgerOf({ customers, invoices });
  return {
    ledger,
    book: buildBook(ledger, AS_OF),
    policy: DEFAULT_POLICY,
    asOf: AS_OF,
    now: zonedInstant(AS_OF, 9, 'America/Chicago'),
    defaultTimeZone: 'America/Chicago',
  };
}

describe('core/collections/collection-plan', () => {
  describe('planCollections', () => {
    it('gives each customer among many the decisions it gets alone, whatever cells they share', () => {
      fc.assert(
        fc.property(fc.array(cells, { minLength: 2, maxLength: 12 }), (rows) => {
          // Prepare: customers sharing some cells and differing in others.
          const customers = rows.map((r, i) =>
            customer(`C${i}`, {
              name: `Pat Customer${i}`,
              email: `c${i}@example.com`,
              ...(PRESETS[r.preset] ? { contactPreset: PRESETS[r.preset] } : {}),
              ...(ZONES[r.zone] ? { timeZone: ZONES[r.zone] } : {}),
              ...(ADDRESSES[r.address] ? { address: ADDRESSES[r.address] } : {}),
              ...(PHONES[r.phone] ? { phone: PHONES[r.phone] } : {}),
            }),
          );
          // Act
          const together = planCollections(input(customers));
          const alone = customers.map((c) => planCollections(input([c])));
          // Assess
          const of = (p: ReturnType<typeof planCollections>, id: string) =>
            JSON.stringify([
              p.actions.filter((a) => a.customerId === id),
              p.blocked.filter((b) => b.customerId === id),
            ]);
          customers.forEach((c, i) => {
            expect(of(together, c.customerId)).toBe(of(alone[i]!, c.customerId));
          });
        }),
        { numRuns: 150, seed: 13 },
      );
    });
  });
});
