// 277 claim status benchmark: a 20,000-claim response read by parseClaimStatus against a plain split
// of the same text into segments and elements (issue 18: at most 1.5x).
import { describeStatus } from '../core/claims/status-codes.js';
import { type ClaimStatusReport, parseClaimStatus, type StatusInterchange } from '../core/x12/parse-277.js';
import { writeClaimStatus } from '../core/x12/write-claim-status.js';
import { compare } from './harness.js';

const CLAIMS = 20_000;
const STATUSES: [string, string, string?][] = [
  ['A1', '19', 'PR'],
  ['A2', '20'],
  ['P1', '20'],
  ['P3', '21'],
  ['F1', '65'],
  ['F2', '88', 'QC'],
  ['A7', '33', 'IL'],
  ['R4', '123', '1P'],
];

/** A deterministic pseudo-random stream (LCG), so every run measures the same file. */
function numbers(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state;
  };
}

/** One payer's answer for `CLAIMS` claims, one subscriber each, some with a service line. */
export function synthetic277(): StatusInterchange {
  const next = numbers(18);
  const reports: ClaimStatusReport[] = [];
  for (let i = 0; i < CLAIMS; i++) {
    const [cat, code, entity] = STATUSES[next() % STATUSES.length]!;
    const chargeMinor = 5_000 + (next() % 90_000);
    const day = `2026-${String(1 + (next() % 9)).padStart(2, '0')}-${String(1 + (next() % 28)).padStart(2, '0')}`;
    reports.push({
      level: 'claim',
      segment: 0,
      transactionControl: '0001',
      traceNumber: `${String(1 + (i % 50)).padStart(9, '0')}-${i + 1}`,
      payer: { name: 'AETNA', id: '60054' },
      receiver: { name: 'LAKESIDE FAMILY PRACTICE', id: 'LAKESIDE01' },
      provider: { name: 'LAKESIDE FAMILY PRACTICE', id: '1234567893' },
      subscriber: { last: `PATIENT${i}`, first: 'TEST', memberId: `W${100000000 + i}` },
      patientControlNumber: `CLM-26-${String(i).padStart(5, '0')}`,
      payerClaimNumber: `E2026${String(next() % 1_000_000_000).padStart(9, '0')}`,
      serviceFrom: day,
      serviceTo: day,
      statuses: [{ details: [describeStatus(cat, code, entity)], date: '2026-11-25', chargeMinor }],
      lines:
        i % 4 === 0
          ? [
              {
                procedure: 'HC:99213',
                chargeMinor,
                paidMinor: 0,
                units: '1',
                serviceFrom: day,
                serviceTo: day,
                statuses: [{ details: [describeStatus(cat, code, entity)], date: '2026-11-25' }],
              },
            ]
          : [],
    });
  }
  return {
    controlNumber: '000000001',
    sender: 'AETNA',
    receiver: 'LAKESIDE01',
    date: '2026-11-25',
    transactions: [
      {
        set: '277',
        controlNumber: '0001',
        version: '005010X212',
        reference: 'R1',
        date: '2026-11-25',
        reports,
      },
    ],
  };
}

export function runX12StatusBenchmarks(): void {
  const text = writeClaimStatus(synthetic277(), { lineBreaks: true });
  const split = () => text.split('~').map((s) => s.split('*'));
  const parsed = parseClaimStatus(text);
  const claims = parsed.interchanges[0]!.transactions[0]!.reports.length;
  if (claims !== CLAIMS) throw new Error(`expected ${CLAIMS} claims, parsed ${claims}`);
  if (parsed.warnings.length > 0) throw new Error(`unexpected warnings: ${parsed.warnings[0]!.message}`);
  const segments = split().length - 1;
  compare('x12.parse277_vs_plain_split', () => parseClaimStatus(text), split, {
    aim: 'ratio <= 1.5',
    note: `${CLAIMS.toLocaleString('en-US')} claims, ${segments.toLocaleString('en-US')} segments, ${(text.length / 1e6).toFixed(1)} MB; parseClaimStatus builds reports with statuses in words, the baseline only splits`,
  });
}
