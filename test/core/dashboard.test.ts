// Tests for core/reports/dashboard.ts: every figure of the Dashboard against a small ledger worked by hand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlannedAction } from '../../core/collections/collection-plan.js';
import { ageBook } from '../../core/ledger/aging.js';
import { buildBook } from '../../core/ledger/book.js';
import type { Claim, PaymentPlan, PromiseToPay } from '../../core/ledger/ledger.js';
import { dashboard } from '../../core/reports/dashboard.js';
import { countbackDsoFromLedger } from '../../core/reports/reports.js';
import { customer, invoice, ledgerOf, payment } from '../support/ledger-builders.js';

const AS_OF = '2026-11-23';

const promise = (
  promiseId: string,
  customerId: string,
  takenOn: string,
  promisedDate: string,
  amountMinor: number,
): PromiseToPay => ({
  row: 2,
  promiseId,
  customerId,
  takenOn,
  promisedDate,
  amountMinor,
  currency: 'USD',
  cancelled: false,
});

const plan = (planId: string, over: Partial<PaymentPlan>): PaymentPlan => ({
  row: 2,
  planId,
  customerId: 'C3',
  startDate: '2026-10-01',
  totalMinor: 30_000,
  currency: 'USD',
  installments: 3,
  frequency: 'monthly',
  graceDays: 5,
  cancelled: false,
  ...over,
});

const claim = (claimId: string, over: Partial<Claim>): Claim => ({
  row: 2,
  claimId,
  customerId: 'C3',
  payer: 'Blue Shield of Example',
  payerType: 'commercial',
  serviceFrom: '2026-09-14',
  billedMinor: 148_500,
  currency: 'USD',
  status: 'denied',
  adjustmentCodes: ['CO-50'],
  remarkCodes: [],
  denialDate: '2026-10-20',
  appealStatus: 'none',
  ...over,
});

const action = (customerId: string, stage: string, channel: PlannedAction['channel']): PlannedAction => ({
  customerId,
  customerName: `Customer ${customerId}`,
  stage,
  stageIndex: 0,
  kind: 'reminder',
  channel,
  template: stage,
  cycle: '2026-10-31',
  notBefore: '2026-11-23T14:00:00.000Z',
  localTime: '2026-11-23 09:00 America/New_York',
  amounts: [{ currency: 'USD', overdueMinor: 80_000, balanceMinor: 130_000 }],
  invoiceIds: ['I1'],
  explanation: { rule: `dunning/${stage}`, policyVersion: 'v1', summary: `why ${stage}`, inputs: {} },
});

/**
 * The hand-worked ledger (as of 2026-11-23):
 * - I1 C1 issued 10-01 due 10-31 1,000.00, P1 pays 200.00 on 11-05 -> 800.00 open, 23 days: 1-30
 * - I2 C1 issued 11-10 due 12-10 500.00 -> current
 * - I3 C3 issued 08-01 due 08-15 300.00, P2 pays 100.00 on 10-20 (P3 50.00 returned) -> 200.00, 90+
 * - I4 C2 disputed, issued 09-01 due 09-30 200.00 -> 54 days: 31-60
 * - I5 C3 EUR issued 11-01 due 11-15 700.00 -> 1-30
 */
function handLedger() {
  return ledgerOf({
    customers: [
      customer('C1', { row: 2, phone: '+1 555 0101' }),
      customer('C2', { row: 3, flags: ['dispute'] }),
      customer('C3', { row: 4, address: '1 Elm St' }),
    ],
    invoices: [
      invoice('I1', 'C1', '2026-10-31', 100_000, { invoiceDate: '2026-10-01', row: 2 }),
      invoice('I2', 'C1', '2026-12-10', 50_000, { invoiceDate: '2026-11-10', row: 3 }),
      invoice('I3', 'C3', '2026-08-15', 30_000, { invoiceDate: '2026-08-01', row: 4 }),
      invoice('I4', 'C2', '2026-09-30', 20_000, { invoiceDate: '2026-09-01', status: 'disputed', row: 5 }),
      invoice('I5', 'C3', '2026-11-15', 70_000, { invoiceDate: '2026-11-01', currency: 'EUR', row: 6 }),
    ],
    payments: [
      payment('P1', 'C1', '2026-11-05', 20_000),
      payment('P2', 'C3', '2026-10-20', 10_000),
      payment('P3', 'C3', '2026-10-25', 5_000, { status: 'returned', returnedDate: '2026-10-28' }),
    ],
    promises: [
      { ...promise('PR1', 'C1', '2026-11-20', '2026-11-26', 30_000), row: 2 },
      { ...promise('PR2', 'C3', '2026-11-01', '2026-11-10', 10_000), row: 3 },
      { ...promise('PR3', 'C3', '2026-09-01', '2026-09-10', 10_000), row: 4 },
      { ...promise('PR4', 'C1', '2026-11-20', '2026-12-15', 10_000), row: 5 },
    ],
    plans: [
      plan('PL1', { row: 2 }),
      plan('PL2', {
        row: 3,
        customerId: 'C1',
        startDate: '2026-11-20',
        frequency: 'weekly',
        installments: 2,
        totalMinor: 20_000,
        graceDays: 3,
      }),
    ],
    claims: [
      claim('CLM-SOON', { row: 2, appealDeadline: '2026-11-30' }),
      claim('CLM-LATER', { row: 3, appealDeadline: '2027-01-30' }),
      claim('CLM-PASSED', { row: 4, appealDeadline: '2026-11-01' }),
    ],
  });
}

describe('core/dashboard', () => {
  describe('dashboard', () => {
    it('returns receivables, overdue and aging per currency, never adding currencies', () => {
      // Act
      const d = dashboard(handLedger(), AS_OF);
      // Assess
      expect(d.buckets).toEqual(['current', '1-30', '31-60', '61-90', '90+']);
      expect(
        d.currencies.map((c) => [c.currency, c.receivableMinor, c.overdueMinor, c.bucketsMinor]),
      ).toEqual([
        ['EUR', 70_000, 70_000, [0, 70_000, 0, 0, 0]],
        ['USD', 170_000, 120_000, [50_000, 80_000, 20_000, 0, 20_000]],
      ]);
    });

    it.each([
      // currency, this month, whole last month, last month to the same day
      ['USD', 20_000, 10_000, 10_000],
      ['EUR', 0, 0, 0],
    ])(
      'returns %s collected this month %i against last month %i (to date %i), returned payments left out',
      (cur, now, last, lastToDate) => {
        const c = dashboard(handLedger(), AS_OF).currencies.find((x) => x.currency === cur)!;
        expect([
          c.collectedThisMonthMinor,
          c.collectedLastMonthMinor,
          c.collectedLastMonthToDateMinor,
        ]).toEqual([now, last, lastToDate]);
      },
    );

    it('counts last month to the same day only up to that day', () => {
      // Prepare: a payment on Oct 30 is last month but after Oct 23.
      const ledger = handLedger();
      ledger.payments.push(payment('P9', 'C1', '2026-10-30', 7_000));
      // Act
      const usd = dashboard(ledger, AS_OF).currencies.find((c) => c.currency === 'USD')!;
      // Assess
      expect(usd.collectedLastMonthMinor).toBe(17_000);
      expect(usd.collectedLastMonthToDateMinor).toBe(10_000);
    });

    it.each([
      // currency, month, DSO hundredths, CEI basis points (worked by hand in the ledger's comment)
      ['USD', '2026-11', 8_400, 1_429], // 23 + 31 + 30 days; (140000+50000-170000)/(140000+50000-50000)
      ['USD', '2026-10', 8_167, 2_000], // 31 + 30 + 20000/30000 of 31; (50000+100000-140000)/(50000+100000-100000)
      ['EUR', '2026-11', 2_300, 0], // November's sales explain it all; nothing of 700.00 collected
    ])('returns %s %s DSO %i/100 days and CEI %i bp', (cur, month, dso, cei) => {
      const t = dashboard(handLedger(), AS_OF).trend.find((x) => x.currency === cur)!;
      const point = t.points.find((p) => p.month === month)!;
      expect([point.dsoHundredths, point.ceiBasisPoints]).toEqual([dso, cei]);
    });

    it('returns twelve trend months, oldest first, ending with asOf, the latest DSO agreeing with the report', () => {
      const ledger = handLedger();
      const t = dashboard(ledger, AS_OF).trend.find((x) => x.currency === 'USD')!;
      expect(t.points.map((p) => p.month)).toEqual([
        '2025-12',
        '2026-01',
        '2026-02',
        '2026-03',
        '2026-04',
        '2026-05',
        '2026-06',
        '2026-07',
        '2026-08',
        '2026-09',
        '2026-10',
        '2026-11',
      ]);
      expect(t.points.at(-1)!.end).toBe(AS_OF);
      expect(t.points[0]!.end).toBe('2025-12-31');
      const report = countbackDsoFromLedger(ledger, AS_OF, 12).find((r) => r.currency === 'USD')!;
      expect(t.points.at(-1)!.dsoHundredths).toBe(report.daysHundredths);
      // Before any invoice there is nothing to collect: no index, DSO 0.
      expect(t.points[0]).toMatchObject({ dsoHundredths: 0, ceiBasisPoints: undefined });
    });

    it('returns promises due this week and promises broken in the last 30 days', () => {
      const d = dashboard(handLedger(), AS_OF);
      expect(d.week).toEqual({ from: '2026-11-23', to: '2026-11-29' });
      expect(d.promisesDueThisWeek.map((p) => [p.promiseId, p.row, p.status])).toEqual([
        ['PR1', 2, 'pending'],
      ]);
      expect(d.promisesBroken.map((p) => [p.promiseId, p.row, p.status, p.paidMinor])).toEqual([
        ['PR2', 3, 'broken', 0],
      ]);
    });

    it('returns plans in arrears: broken and still in grace, largest arrears first', () => {
      const d = dashboard(handLedger(), AS_OF);
      expect(d.plansInArrears.map((p) => [p.planId, p.row, p.standing, p.arrearsMinor])).toEqual([
        ['PL1', 2, 'broken', 10_000],
        ['PL2', 3, 'in-grace', 10_000],
      ]);
    });

    it('returns open disputes: flagged customers and disputed invoices still open, each with its row', () => {
      const d = dashboard(handLedger(), AS_OF);
      expect(
        d.disputesOpen.map((x) => [x.kind, x.tab, x.row, x.invoiceId ?? x.customerId, x.openMinor]),
      ).toEqual([
        ['customer', 'Customers', 3, 'C2', 20_000],
        ['invoice', 'Invoices', 5, 'I4', 20_000],
      ]);
    });

    it('returns no disputed invoice once it is settled', () => {
      const ledger = handLedger();
      ledger.payments.push(payment('P8', 'C2', '2026-11-20', 20_000, { appliesTo: ['I4'] }));
      ledger.customers[1]!.flags = [];
      expect(dashboard(ledger, AS_OF).disputesOpen).toEqual([]);
    });

    it("returns today's calls and letters from the plan, with the stage's name and the customer's row", () => {
      const plan = {
        actions: [
          action('C1', 'reminder-30', 'call'),
          action('C1', 'reminder-30', 'email'),
          action('C3', 'final-demand', 'letter'),
        ],
      };
      const d = dashboard(handLedger(), AS_OF, { plan });
      expect(
        d.tasksToday.map((t) => [t.channel, t.customerId, t.row, t.stageLabel, t.phone ?? t.address]),
      ).toEqual([
        ['call', 'C1', 2, '30-day reminder', '+1 555 0101'],
        ['letter', 'C3', 4, 'final demand', '1 Elm St'],
      ]);
      expect(dashboard(handLedger(), AS_OF).tasksToday).toEqual([]);
    });

    it('returns claims whose appeal deadline is within the warning days, not later or passed ones', () => {
      const d = dashboard(handLedger(), AS_OF);
      expect(d.claimsNearDeadline.map((c) => [c.claimId, c.row, c.deadline, c.daysLeft])).toEqual([
        ['CLM-SOON', 2, '2026-11-30', 7],
      ]);
    });

    it('returns an empty dashboard for an empty ledger', () => {
      const d = dashboard(ledgerOf({}), AS_OF);
      expect(d.currencies).toEqual([]);
      expect(d.trend).toEqual([]);
    });

    it('refuses a trend of no months', () => {
      expect(() => dashboard(handLedger(), AS_OF, { trendMonths: 0 })).toThrow(/trendMonths/);
    });

    it('keeps receivables equal to the aging total and overdue to every bucket after current (property)', () => {
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              due: fc.integer({ min: 0, max: 400 }),
              amount: fc.integer({ min: 1, max: 1_000_000 }),
              paid: fc.integer({ min: 0, max: 1_000_000 }),
              eur: fc.boolean(),
            }),
            { maxLength: 12 },
          ),
          (rows) => {
            const base = Date.UTC(2026, 0, 1);
            const day = (n: number) => new Date(base + n * 86_400_000).toISOString().slice(0, 10);
            const ledger = ledgerOf({
              customers: [customer('C1')],
              invoices: rows.map((r, i) =>
                invoice(`I${i}`, 'C1', day(r.due), r.amount, {
                  invoiceDate: day(Math.max(0, r.due - 30)),
                  currency: r.eur ? 'EUR' : 'USD',
                }),
              ),
              payments: rows.map((r, i) =>
                payment(`P${i}`, 'C1', day(r.due), r.paid, { currency: r.eur ? 'EUR' : 'USD' }),
              ),
            });
            const asOf = '2026-12-31';
            const aging = ageBook(buildBook(ledger, asOf), asOf);
            for (const c of dashboard(ledger, asOf, { trendMonths: 2 }).currencies) {
              const t = aging.totals.find((x) => x.currency === c.currency);
              expect(c.receivableMinor).toBe(t?.totalMinor ?? 0);
              expect(c.bucketsMinor.reduce((s, v) => s + v, 0)).toBe(c.receivableMinor);
              expect(c.overdueMinor).toBe(c.receivableMinor - c.bucketsMinor[0]!);
            }
          },
        ),
        { numRuns: 50 },
      );
    });
  });
});
