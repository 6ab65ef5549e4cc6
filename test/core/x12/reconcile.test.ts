// Tests that each published 835 balances (BPR02 = claims paid - provider adjustments), and that the
// three published transactions that do not are reported with their discrepancy, checked by hand.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse835 } from '../../../core/x12/parse-835.js';
import { reconcileInterchange, reconcileRemittance } from '../../../core/x12/reconcile.js';
import type { Remittance } from '../../../core/x12/remittance.js';

const balancesOf = (name: string) =>
  parse835(
    readFileSync(new URL(`../../fixtures/x12-835/${name}`, import.meta.url), 'utf8'),
  ).interchanges.flatMap(reconcileInterchange);

describe('x12/reconcile', () => {
  describe('reconcileInterchange (published files)', () => {
    it.each([
      // BPR02 150,000.00 = 138,018.40 + 11,980.33 - (-1.27)
      ['lfh-5010-medicare-part-a.835', [15_000_000]],
      ['lfh-5010-tertiary-payment.835', [18_750]],
      // 34.25 + 0 + 11.50
      ['emedny-5010-newline-terminated.835', [4575]],
      ['uhc-5010-single-line.835', [34_999]],
      ['pyx12-5010-denied.835', [0]],
      // Third ST: no claims, PLB -1,092.46 - 719.81 - 181.55 + 181.55 - 130 + 130 = -1,812.27
      ['nevada-medicaid-5010-multi-st.835', [0, 0, 181_227]],
    ])('balances every transaction of %s', (name, payments) => {
      // Act
      const balances = balancesOf(name);
      // Assess
      expect(balances.map((b) => b.paymentMinor)).toEqual(payments);
      expect(balances.map((b) => [b.differenceMinor, b.balanced])).toEqual(payments.map(() => [0, true]));
    });

    it('reports oopfactory-4010-grip-elements off by 1.27: BPR02 5.75 equals the claims alone, the PLB CV -1.27 is unexplained', () => {
      // Act
      const [b] = balancesOf('oopfactory-4010-grip-elements.835');
      // Assess: claims 56.52 + 18.88 + 59.69 - 42.58 - 86.76 = 5.75; expected 5.75 + 1.27 = 7.02.
      expect(b).toMatchObject({
        paymentMinor: 575,
        claimsPaidMinor: 575,
        providerAdjustmentsMinor: -127,
        expectedPaymentMinor: 702,
        differenceMinor: -127,
        balanced: false,
      });
    });

    it('reports pyx12-4010-reversals off by 5,482.52: BPR02 5,950.21 against claims -510.25 and PLB -977.94', () => {
      // Act
      const [b] = balancesOf('pyx12-4010-reversals.835');
      // Assess: claims -210 + 200 - 500.25; PLB -1,008.10 + 24.21 + 5.95; expected -510.25 + 977.94 = 467.69.
      expect(b).toMatchObject({
        paymentMinor: 595_021,
        claimsPaidMinor: -51_025,
        providerAdjustmentsMinor: -97_794,
        expectedPaymentMinor: 46_769,
        differenceMinor: 548_252,
        balanced: false,
      });
    });

    it('reports the first ST of tigershark-4010-pipe-multi-st off by 12,145.65 (BPR02 12,345.67, one claim paying 200.02); the second balances', () => {
      // Act
      const [first, second] = balancesOf('tigershark-4010-pipe-multi-st.835');
      // Assess
      expect(first).toMatchObject({
        paymentMinor: 1_234_567,
        expectedPaymentMinor: 20_002,
        differenceMinor: 1_214_565,
      });
      expect(second).toMatchObject({ paymentMinor: 1_200_065, balanced: true });
    });
  });

  describe('reconcileRemittance', () => {
    const remittance = (
      creditDebit: 'C' | 'D',
      amountMinor: number,
      paid: number[],
      plb: number[],
    ): Remittance => ({
      controlNumber: '1',
      version: '005010X221A1',
      payment: { handling: 'I', amountMinor, creditDebit },
      payer: {},
      payee: {},
      claims: paid.map((paidMinor, i) => ({
        patientControlNumber: `C${i}`,
        statusCode: '1',
        status: 'processed-primary',
        chargeMinor: paidMinor,
        paidMinor,
        patientResponsibilityMinor: 0,
        adjustments: [],
        remarks: [],
        serviceLines: [],
        segment: 3 + i,
      })),
      providerAdjustments: plb.map((amountMinor) => ({
        providerId: 'P',
        reason: 'WO',
        amountMinor,
        segment: 9,
      })),
    });

    it('returns a positive PLB as a reduction of the payment', () => {
      // Act
      const b = reconcileRemittance(remittance('C', 9000, [10_000], [1000]));
      // Assess
      expect(b).toMatchObject({ expectedPaymentMinor: 9000, differenceMinor: 0, balanced: true });
    });

    it('returns a debit (BPR03 D) as a negative payment', () => {
      // Act
      const b = reconcileRemittance(remittance('D', 5000, [-5000], []));
      // Assess
      expect(b).toMatchObject({ paymentMinor: -5000, claimsPaidMinor: -5000, balanced: true });
    });

    it('returns the difference when a claim is missing', () => {
      // Act
      const b = reconcileRemittance(remittance('C', 30_000, [10_000, 5_000], []));
      // Assess
      expect(b).toMatchObject({ expectedPaymentMinor: 15_000, differenceMinor: 15_000, balanced: false });
    });
  });
});
