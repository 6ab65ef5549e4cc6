// The generated proof: random ledgers run through the planner for 60 days, each contact checked by an independent checker.
import { describe, expect, it } from 'vitest';
import { simulate } from './simulate.js';

/** Debtors per run: `npm run test:compliance` sets COMPLIANCE_CASES=5000; `npm test` runs a quick subset. */
const CASES = Number(process.env.COMPLIANCE_CASES ?? 300);
const PER_LEDGER = 25;

describe('compliance proof', () => {
  describe('simulate', () => {
    it(
      `returns no contact that breaks a rule of the debtor's jurisdiction over ${CASES} debtors and 60 days`,
      () => {
        const found: string[] = [];
        let contacts = 0;
        let statements = 0;
        for (let seed = 1; seed * PER_LEDGER <= CASES; seed++) {
          const r = simulate(seed, PER_LEDGER);
          contacts += r.contacts;
          statements += r.statements;
          found.push(...r.violations);
        }
        expect(found.slice(0, 20)).toEqual([]);
        // The proof only counts if the engine actually contacted people and sent statements.
        expect(contacts).toBeGreaterThan(CASES);
        expect(statements).toBeGreaterThan(0);
      },
      30 * 60_000,
    );
  });
});
