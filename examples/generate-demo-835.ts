// The demo remittance: an 835 that pays and denies claims of the demo ledger, for trying
// `duebook import-835 examples/demo-remittance.835 --ledger examples/demo-ledger --as-of 2026-11-23`.
// Run `tsx examples/generate-demo-835.ts` to rewrite examples/demo-remittance.835.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { CasAdjustment, Interchange } from '../core/x12/remittance.js';
import { write835 } from '../core/x12/write-835.js';

const cas = (group: CasAdjustment['group'], reason: string, amountMinor: number): CasAdjustment => ({
  group,
  reason,
  amountMinor,
  segment: 0,
});

/**
 * Two payments dated 2026-11-20:
 * - Cigna pays CLM-26-0155 (Daniel Reyes) in part: the office visit less the contract write-down
 *   (CO-45) and a $30.00 coinsurance (PR-2), the therapy line denied for lack of precertification
 *   (CO-197); and pays CLM-26-0999, a claim the ledger does not have.
 * - National Government Services pays CLM-26-0071 (Kevin Sullivan) after its redetermination,
 *   with a 20% coinsurance for the patient.
 */
export function demoRemittance(): Interchange {
  return {
    sender: 'DEMOCLEARING',
    receiver: 'DUEBOOKDEMO',
    controlNumber: '000002611',
    date: '2026-11-20',
    transactions: [
      {
        controlNumber: '0001',
        version: '005010X221A1',
        payment: {
          handling: 'I',
          amountMinor: 27_500,
          creditDebit: 'C',
          method: 'ACH',
          date: '2026-11-20',
          traceNumber: 'CIG20261120001',
        },
        payer: { name: 'Cigna', id: '62308' },
        payee: { name: 'Harbor Family Practice', id: '1234567893' },
        claims: [
          {
            patientControlNumber: 'CLM-26-0155',
            statusCode: '1',
            status: 'processed-primary',
            chargeMinor: 41_000,
            paidMinor: 18_000,
            patientResponsibilityMinor: 3000,
            filingIndicator: 'CI',
            payerClaimNumber: 'CG2611200155',
            patient: { last: 'REYES', first: 'DANIEL' },
            patientName: 'REYES, DANIEL',
            memberId: 'U40918277',
            adjustments: [],
            remarks: [],
            serviceLines: [
              {
                procedure: 'HC:99214',
                chargeMinor: 25_000,
                paidMinor: 18_000,
                units: 1,
                serviceDate: '2026-10-01',
                adjustments: [cas('CO', '45', 4000), cas('PR', '2', 3000)],
                remarks: [],
                segment: 0,
              },
              {
                procedure: 'HC:97110',
                chargeMinor: 16_000,
                paidMinor: 0,
                units: 2,
                serviceDate: '2026-10-01',
                adjustments: [cas('CO', '197', 16_000)],
                remarks: ['N54'],
                segment: 0,
              },
            ],
            segment: 0,
          },
          {
            patientControlNumber: 'CLM-26-0999',
            statusCode: '1',
            status: 'processed-primary',
            chargeMinor: 12_000,
            paidMinor: 9500,
            patientResponsibilityMinor: 0,
            filingIndicator: 'CI',
            payerClaimNumber: 'CG2611200999',
            patient: { last: 'MORGAN', first: 'ALEX' },
            patientName: 'MORGAN, ALEX',
            memberId: 'U77310042',
            adjustments: [cas('CO', '45', 2500)],
            remarks: [],
            serviceLines: [],
            serviceFrom: '2026-10-14',
            segment: 0,
          },
        ],
        providerAdjustments: [],
      },
      {
        controlNumber: '0002',
        version: '005010X221A1',
        payment: {
          handling: 'I',
          amountMinor: 9472,
          creditDebit: 'C',
          method: 'ACH',
          date: '2026-11-20',
          traceNumber: 'NGS20261120071',
        },
        payer: { name: 'National Government Services', id: '06102' },
        payee: { name: 'Harbor Family Practice', id: '1234567893' },
        claims: [
          {
            patientControlNumber: 'CLM-26-0071',
            statusCode: '1',
            status: 'processed-primary',
            chargeMinor: 14_800,
            paidMinor: 9472,
            patientResponsibilityMinor: 2368,
            filingIndicator: 'MB',
            payerClaimNumber: '22026183390027',
            patient: { last: 'SULLIVAN', first: 'KEVIN' },
            patientName: 'SULLIVAN, KEVIN',
            memberId: '1EG4TE5MK73',
            adjustments: [cas('CO', '45', 2960), cas('PR', '2', 2368)],
            remarks: [],
            serviceLines: [],
            serviceFrom: '2026-06-09',
            segment: 0,
          },
        ],
        providerAdjustments: [],
      },
    ],
  };
}

/** The demo remittance as 835 text, one segment per line. */
export function demoRemittanceText(): string {
  return write835(demoRemittance());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(new URL('./demo-remittance.835', import.meta.url), demoRemittanceText());
}
