// Tests for the 835 writer: any remittance written with any delimiters and layout reads back the
// same, the segment numbers the parser reports point at the right segments, and the published
// files survive a rewrite.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromDay, toDay } from '../../../core/ledger/dates.js';
import { parse835 } from '../../../core/x12/parse-835.js';
import { claimStatusOf } from '../../../core/x12/parse-835-transaction.js';
import {
  ADJUSTMENT_GROUPS,
  type CasAdjustment,
  type Interchange,
  type ProviderAdjustment,
  type RemitClaim,
  type Remittance,
  type ServiceLine,
} from '../../../core/x12/remittance.js';
import { formatPersonName, formatPostalAddress } from '../../../core/x12/values.js';
import { write835, type X12WriteOptions } from '../../../core/x12/write-835.js';
import { X12ParseError } from '../../../core/x12/x12-error.js';

const FIXTURES = new URL('../../fixtures/x12-835/', import.meta.url);

// Free text may hold spaces and punctuation that none of the delimiter choices below use.
const word = fc.stringMatching(/^[A-Z0-9](?:[A-Z0-9 .,&/#-]{0,14}[A-Z0-9])?$/);
const code = fc.stringMatching(/^[A-Z0-9]{1,5}$/);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const cents = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 });
const date = (from: string, to: string) => fc.integer({ min: toDay(from), max: toDay(to) }).map(fromDay);
const anyDate = date('1900-01-01', '2099-12-31');
const tenths = fc.integer({ min: -99_999, max: 99_999 }).map((n) => n / 10);

const adjustment: fc.Arbitrary<CasAdjustment> = fc.record(
  {
    group: fc.constantFrom(...ADJUSTMENT_GROUPS),
    reason: code,
    amountMinor: cents,
    quantity: tenths,
    segment: fc.constant(0),
  },
  { requiredKeys: ['group', 'reason', 'amountMinor', 'segment'] },
);

const procedure = fc
  .tuple(
    fc.constantFrom('HC', 'ZZ', 'AD', 'N4'),
    code,
    fc.array(fc.stringMatching(/^[A-Z0-9]{2}$/), { maxLength: 4 }),
  )
  .map(([qualifier, c, modifiers]) => [qualifier, c, ...modifiers].join(':'));

const serviceLine: fc.Arbitrary<ServiceLine> = fc.record({
  procedure,
  chargeMinor: cents,
  paidMinor: cents,
  units: optional(tenths),
  serviceDate: optional(anyDate),
  adjustments: fc.array(adjustment, { maxLength: 8 }),
  remarks: fc.array(code, { maxLength: 3 }),
  segment: fc.constant(0),
});

const claim: fc.Arbitrary<RemitClaim> = fc
  .record({
    patientControlNumber: word,
    statusCode: fc.constantFrom('1', '2', '3', '4', '19', '20', '21', '22', '23', '25'),
    chargeMinor: cents,
    paidMinor: cents,
    patientResponsibilityMinor: cents,
    filingIndicator: optional(code),
    payerClaimNumber: optional(word),
    patient: optional(fc.record({ last: word, first: optional(word), middle: optional(code) })),
    memberId: optional(word),
    serviceFrom: optional(anyDate),
    serviceTo: optional(anyDate),
    adjustments: fc.array(adjustment, { maxLength: 8 }),
    remarks: fc.array(code, { maxLength: 7 }),
    serviceLines: fc.array(serviceLine, { maxLength: 4 }),
    segment: fc.constant(0),
  })
  .map((c) => ({
    ...c,
    status: claimStatusOf(c.statusCode),
    patientName: c.patient === undefined ? undefined : formatPersonName(c.patient),
  }));

const providerAdjustment: fc.Arbitrary<ProviderAdjustment> = fc.record({
  providerId: fc.constantFrom('1234567890', '999'),
  fiscalPeriodEnd: optional(fc.constantFrom('2024-12-31', '2025-12-31')),
  reason: fc.constantFrom('WO', 'L6', 'FB', 'CS', 'CV', '72'),
  reference: optional(code),
  amountMinor: cents,
  segment: fc.constant(0),
});

const postalAddress = fc.record({
  lines: fc.array(word, { minLength: 1, maxLength: 2 }),
  city: optional(word),
  state: optional(fc.stringMatching(/^[A-Z]{2}$/)),
  postalCode: optional(fc.stringMatching(/^\d{5}(\d{4})?$/)),
});

const remittance: fc.Arbitrary<Remittance> = fc.record({
  controlNumber: fc.stringMatching(/^\d{4,9}$/),
  version: fc.constantFrom('004010X091A1', '005010X221A1'),
  payment: fc.record(
    {
      handling: fc.constantFrom('I', 'H', 'C'),
      amountMinor: fc.integer({ min: 0, max: 1_000_000_000 }),
      creditDebit: fc.constantFrom('C' as const, 'D' as const),
      method: fc.constantFrom('ACH', 'CHK', 'NON', 'FWT'),
      date: anyDate,
      traceNumber: word,
    },
    { requiredKeys: ['handling', 'amountMinor', 'creditDebit'] },
  ),
  payer: fc
    .record({ name: word, id: code, postalAddress }, { requiredKeys: [] })
    .map((p) => (p.postalAddress ? { ...p, address: formatPostalAddress(p.postalAddress) } : p)),
  payee: fc.record({ name: word, id: code }, { requiredKeys: [] }),
  claims: fc.array(claim, { maxLength: 5 }),
  providerAdjustments: fc.array(providerAdjustment, { maxLength: 8 }),
});

const interchange: fc.Arbitrary<Interchange> = fc.record(
  {
    sender: fc.stringMatching(/^[A-Z0-9]{1,15}$/),
    receiver: fc.stringMatching(/^[A-Z0-9]{1,15}$/),
    controlNumber: fc.stringMatching(/^\d{9}$/),
    date: date('1950-01-01', '2049-12-31'),
    transactions: fc.array(remittance, { maxLength: 4 }),
  },
  { requiredKeys: ['sender', 'receiver', 'controlNumber', 'transactions'] },
);

const layout: fc.Arbitrary<X12WriteOptions> = fc
  .record({
    element: fc.constantFrom('*', '|', '!', '+'),
    component: fc.constantFrom(':', '>', '^', '\\'),
    repetition: fc.constantFrom('^', '{', '`'),
    terminator: fc.constantFrom('~', "'", '\n'),
    lineBreak: fc.constantFrom('' as const, '\n' as const, '\r\n' as const),
  })
  .filter((o) => new Set([o.element, o.component, o.repetition, o.terminator]).size === 4)
  .map((o) => (o.terminator === '\n' ? { ...o, lineBreak: '' as const } : o));

/** Parsed values without segment numbers (which the writer decides) and without undefined keys. */
/** Without segment numbers and review flags: the writer writes what was read, not the damage. */
function withoutSegments<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (key, v) => (key === 'segment' || key === 'review' ? undefined : v)),
  ) as T;
}

// Random claims carry random adjustments, so they rarely add up to charge - paid; that warning is
// the parser doing its job, not a round-trip defect.
const roundTripWarnings = (ws: readonly { code: string }[]) =>
  ws.filter((w) => w.code !== 'X12.CLAIM_UNBALANCED');

describe('x12/write-835', () => {
  describe('write835', () => {
    it('writes any interchange so that parse835 reads it back, with any delimiters and terminator style', () => {
      fc.assert(
        fc.property(interchange, layout, (ic, options) => {
          // Act
          const text = write835(ic, options);
          const result = parse835(text);
          // Assess
          expect(roundTripWarnings(result.warnings)).toEqual([]);
          expect(result.interchanges).toHaveLength(1);
          expect(withoutSegments(result.interchanges[0])).toEqual(withoutSegments(ic));
        }),
        { numRuns: 200 },
      );
    });

    it('reports segment numbers that point at the segments that carry each value', () => {
      fc.assert(
        fc.property(interchange, layout, (ic, options) => {
          // Prepare
          const text = write835(ic, options);
          const segments = text
            .split(options.terminator!)
            .map((s) => s.trim())
            .filter((s) => s !== '');
          const starts = segments.flatMap((s, i) => (s.startsWith(`ST${options.element}`) ? [i] : []));
          // Act
          const parsed = parse835(text).interchanges[0]!;
          // Assess
          parsed.transactions.forEach((t, k) => {
            const at = (n: number) => segments[starts[k]! + n - 1]!.split(options.element!)[0];
            for (const c of t.claims) {
              expect(at(c.segment)).toBe('CLP');
              for (const a of c.adjustments) expect(at(a.segment)).toBe('CAS');
              for (const l of c.serviceLines) {
                expect(at(l.segment)).toBe('SVC');
                for (const a of l.adjustments) expect(at(a.segment)).toBe('CAS');
              }
            }
            for (const p of t.providerAdjustments) expect(at(p.segment)).toBe('PLB');
          });
        }),
        { numRuns: 100 },
      );
    });

    it('rewrites every published file so that it reads back the same', () => {
      for (const name of readdirSync(FIXTURES)) {
        // Prepare
        const read = parse835(readFileSync(new URL(name, FIXTURES), 'utf8'));
        // A file without an envelope, or with an ISA13 that is not 9 digits (pbx12's 10), has no
        // ISA13 the writer can write back.
        if (!/^\d{9}$/.test(read.interchanges[0]!.controlNumber)) continue;
        const original = read.interchanges[0]!;
        // Act
        const back = parse835(write835(original, { element: '|', component: '>', lineBreak: '\r\n' }));
        // Assess
        expect(roundTripWarnings(back.warnings), name).toEqual([]);
        expect(withoutSegments(back.interchanges[0]), name).toEqual(withoutSegments(original));
      }
    });

    it('refuses an interchange control number that would make the ISA other than 106 characters', () => {
      // Prepare: ISA13 is fixed at 9 digits; a shorter one shifts ISA14-16 and breaks the fixed width.
      const ic: Interchange = { sender: 'S', receiver: 'R', controlNumber: '1', transactions: [] };
      // Act / Assess
      expect(() => write835(ic)).toThrow('interchange control number "1" is not the 9 digits ISA13 holds');
    });

    it('refuses a value that contains a delimiter', () => {
      // Prepare
      const ic: Interchange = { sender: 'A*B', receiver: 'R', controlNumber: '000000001', transactions: [] };
      // Act / Assess
      expect(() => write835(ic)).toThrow('sender "A*B" contains the delimiter "*"');
    });
  });

  describe('parse835 (damaged files)', () => {
    it('either reads a damaged file or throws an X12ParseError, never another error', () => {
      // Prepare
      const texts = readdirSync(FIXTURES).map((name) => readFileSync(new URL(name, FIXTURES), 'utf8'));
      fc.assert(
        fc.property(
          fc.constantFrom(...texts),
          fc.nat(),
          fc.constantFrom('', '*', '~', ':', 'x', '\n', '.', '-', '|'),
          (text, at, replacement) => {
            // Act
            const damaged =
              text.slice(0, at % text.length) + replacement + text.slice((at % text.length) + 1);
            // Assess
            try {
              parse835(damaged);
            } catch (e) {
              expect(e).toBeInstanceOf(X12ParseError);
            }
          },
        ),
        { numRuns: 500 },
      );
    });
  });
});
