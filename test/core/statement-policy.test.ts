// Tests for the statement policy: during a pending promise or a plan in good standing the monthly
// statement still goes, states the arrangement and asks for nothing beyond it.
import { describe, expect, it } from 'vitest';
import { snapshotAccount } from '../../core/collections/account-snapshot.js';
import { DEFAULT_POLICY } from '../../core/collections/dunning-policy.js';
import { decideStatementAtSendTime } from '../../core/collections/send-time.js';
import { statementArrangement } from '../../core/collections/statement-policy.js';
import { buildStatement } from '../../core/collections/statements.js';
import { renderStatementEmail } from '../../core/collections/templates.js';
import { buildBook } from '../../core/ledger/book.js';
import type { Ledger, PaymentPlan, PromiseToPay } from '../../core/ledger/ledger.js';
import { customer, invoice, ledgerOf, payment } from '../support/ledger-builders.js';

const AS_OF = '2026-12-01';
const promise = (over: Partial<PromiseToPay> = {}): PromiseToPay => ({
  row: 0,
  promiseId: 'PR1',
  customerId: 'C1',
  takenOn: '2026-11-25',
  promisedDate: '2026-12-05',
  amountMinor: 40_000,
  currency: 'USD',
  cancelled: false,
  ...over,
});
const plan = (over: Partial<PaymentPlan> = {}): PaymentPlan => ({
  row: 0,
  planId: 'PL1',
  customerId: 'C1',
  startDate: '2026-11-20',
  totalMinor: 90_000,
  currency: 'USD',
  installments: 3,
  frequency: 'monthly',
  graceDays: 5,
  cancelled: false,
  ...over,
});
const ledger = (over: Partial<Ledger> = {}): Ledger =>
  ledgerOf({
    customers: [
      customer('C1', { name: 'Ann Debtor', email: 'ann@example.com', timeZone: 'America/New_York' }),
    ],
    invoices: [invoice('INV-1', 'C1', '2026-10-01', 90_000, { invoiceDate: '2026-09-01' })],
    ...over,
  });
const snapshotOf = (l: Ledger) => snapshotAccount(l, buildBook(l, AS_OF), 'C1', AS_OF)!;
const OFFICE = {
  name: 'Lakeside Supply LLC',
  email: 'billing@lakeside.example',
  address: '1 Main St, Springfield, IL 62701',
};

describe('statement-policy', () => {
  describe('statementArrangement', () => {
    it.each([
      { name: 'no arrangement', over: {}, rule: undefined },
      { name: 'a pending promise', over: { promises: [promise()] }, rule: 'statement/during-promise' },
      {
        name: 'a promise broken (date plus grace passed unpaid)',
        over: { promises: [promise({ promisedDate: '2026-11-26' })] },
        rule: undefined,
      },
      {
        name: 'a plan in good standing (first installment paid)',
        over: { plans: [plan()], payments: [payment('P1', 'C1', '2026-11-20', 30_000)] },
        rule: 'statement/during-plan',
      },
      {
        name: 'a broken plan (first installment missed)',
        over: { plans: [plan({ startDate: '2026-11-01' })] },
        rule: undefined,
      },
    ])('returns $rule for $name', ({ over, rule }) => {
      // Act
      const found = statementArrangement(snapshotOf(ledger(over)), AS_OF, DEFAULT_POLICY.promiseGraceDays);
      // Assess
      expect(found?.rule).toBe(rule);
    });

    it('returns the promise with what was paid toward it and the next installment of a plan', () => {
      const promised = statementArrangement(
        snapshotOf(ledger({ promises: [promise()], payments: [payment('P1', 'C1', '2026-11-28', 15_000)] })),
        AS_OF,
        2,
      );
      expect(promised?.sentence).toBe(
        'This statement is for your records. Your promise to pay USD 400.00 by 5 December 2026 is noted (USD 150.00 received so far, USD 250.00 to go); nothing more is asked of you before then.',
      );
      expect(promised?.reason).toContain('promise PR1 is pending until 2026-12-07');
      const planned = statementArrangement(
        snapshotOf(ledger({ plans: [plan()], payments: [payment('P1', 'C1', '2026-11-20', 30_000)] })),
        AS_OF,
        2,
      );
      expect(planned?.sentence).toContain('Your next installment, USD 300.00, is due 20 December 2026.');
    });
  });

  describe('decideStatementAtSendTime', () => {
    it('returns send with the arrangement during a promise, and the rendered statement states it and asks no payment by a date', () => {
      // Prepare
      const l = ledger({ promises: [promise()] });
      // Act: 10:00 New York on the statement day.
      const decision = decideStatementAtSendTime({
        snapshot: snapshotOf(l),
        policy: DEFAULT_POLICY,
        now: Date.parse('2026-12-01T15:00:00Z'),
        officeZone: 'America/New_York',
        asOf: AS_OF,
      });
      // Assess
      expect(decision.kind).toBe('send');
      const arrangement = decision.kind === 'send' ? decision.arrangement : undefined;
      expect(arrangement?.rule).toBe('statement/during-promise');
      const statement = buildStatement(l, 'C1', '2026-11-01', '2026-11-30');
      const email = renderStatementEmail(statement, {
        office: OFFICE,
        customerName: 'Ann Debtor',
        payBy: '2026-12-11',
        ...(arrangement ? { arrangement } : {}),
      });
      expect(email.text).toContain('Your promise to pay USD 400.00 by 5 December 2026 is noted');
      expect(email.text).not.toContain('Please pay the balance by');
      const plain = renderStatementEmail(statement, {
        office: OFFICE,
        customerName: 'Ann Debtor',
        payBy: '2026-12-11',
      });
      expect(plain.text).toContain('Please pay the balance by 11 December 2026.');
    });
  });
});
