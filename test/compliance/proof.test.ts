// The generated proof: random ledgers run through the planner for 60 days, each contact checked by an independent checker.
import { describe, expect, it } from 'vitest';
import { COMPLIANCE_RULES } from '../../core/compliance/rule-table.js';
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
        let businessContacts = 0;
        let statements = 0;
        let restartedThreats = 0;
        const blockedRules = new Set<string>();
        for (let seed = 1; seed * PER_LEDGER <= CASES; seed++) {
          const r = simulate(seed, PER_LEDGER);
          contacts += r.contacts;
          businessContacts += r.businessContacts;
          statements += r.statements;
          restartedThreats += r.restartedThreats;
          found.push(...r.violations);
          for (const id of r.blockedRules) blockedRules.add(id);
        }
        expect(found.slice(0, 20)).toEqual([]);
        // The proof only counts if the engine actually contacted people and sent statements.
        expect(contacts).toBeGreaterThan(CASES);
        expect(statements).toBeGreaterThan(0);
        // Companies were contacted too, and checked under the rules that cover every debt.
        expect(businessContacts).toBeGreaterThan(0);
        // Threats were planned on debts a written acknowledgment kept collectable, and the checker,
        // reading the restart rule on its own, found them lawful.
        expect(restartedThreats).toBeGreaterThan(0);
        // Every rule that blocked something is listed, with its citation, in docs/compliance.md.
        const listed = new Set(COMPLIANCE_RULES.map((x) => x.id));
        expect([...blockedRules].filter((id) => !listed.has(id))).toEqual([]);
      },
      30 * 60_000,
    );
  });
});
