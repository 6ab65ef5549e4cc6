// The 277 reader against its former self: on generated files (written by the writer, with other
// delimiters and line breaks) and on damaged ones (cut, spliced, stray delimiters and blanks, bad
// dates, amounts and codes), the offset reader answers exactly what the split reader answered.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeStatus } from '../../../core/claims/status-codes.js';
import {
  type ClaimStatusReport,
  parseClaimStatus,
  type ServiceLineStatus,
  type StatusInterchange,
} from '../../../core/x12/parse-277.js';
import { writeClaimStatus } from '../../../core/x12/write-claim-status.js';
import { parseClaimStatusBySplit } from '../../support/parse-277-split.js';

const RUNS = Number(process.env.X12_EQUIVALENCE_RUNS ?? 400);

const fixtureDir = (dir: string) => new URL(`../../fixtures/${dir}/`, import.meta.url);
const FIXTURES = [
  ...readdirSync(fixtureDir('x12-276-277')).map((f) =>
    readFileSync(new URL(f, fixtureDir('x12-276-277')), 'utf8'),
  ),
  readFileSync(new URL('../../../examples/demo-status-response.277', import.meta.url), 'utf8'),
  // Not claim status files: both readers must refuse them alike.
  ...readdirSync(fixtureDir('x12-835'))
    .slice(0, 4)
    .map((f) => readFileSync(new URL(f, fixtureDir('x12-835')), 'utf8')),
];

/** What a reader did with a text: its answer, or the error it threw (class, code, message). */
function outcome(read: (text: string) => unknown, text: string): unknown {
  try {
    return { answer: read(text) };
  } catch (e) {
    const err = e as { name?: string; code?: string; message?: string };
    return { threw: { name: err.name, code: err.code, message: err.message } };
  }
}

/** What the compared texts were like, so a generator that only makes refused files is noticed. */
const seen = { reports: 0, warnings: 0, threw: 0 };

function expectSame(text: string): void {
  const now = outcome(parseClaimStatus, text) as { answer?: ReturnType<typeof parseClaimStatus> };
  expect(now).toStrictEqual(outcome(parseClaimStatusBySplit, text));
  if (!now.answer) seen.threw++;
  else {
    if (now.answer.warnings.length > 0) seen.warnings++;
    if (now.answer.interchanges.some((ic) => ic.transactions.some((t) => t.reports.length > 0)))
      seen.reports++;
  }
}

const STATUSES: [string, string, string?][] = [
  ['A1', '19', 'PR'],
  ['A2', '20'],
  ['P1', '20'],
  ['F2', '88', 'QC'],
  ['A7', '33', 'IL'],
  ['R4', '123', '1P'],
  ['E0', '24'],
  ['Z9', '99999', 'ZZ'], // not in the tables: a warning, said as codes
];

const day = fc
  .record({ m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ m, d }) => `2026-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const word = fc.stringMatching(/^[A-Z][A-Z0-9 ]{0,11}$/).map((s) => s.trim() || 'X');
const status = fc.record({
  pick: fc.array(fc.constantFrom(...STATUSES), { minLength: 1, maxLength: 3 }),
  date: fc.option(day, { nil: undefined }),
  chargeMinor: fc.option(fc.integer({ min: 0, max: 9_999_999 }), { nil: undefined }),
  paidMinor: fc.option(fc.integer({ min: -5_000, max: 9_999_999 }), { nil: undefined }),
  message: fc.option(word, { nil: undefined }),
});
const toEntry = (s: {
  pick: [string, string, string?][];
  date?: string | undefined;
  chargeMinor?: number | undefined;
  paidMinor?: number | undefined;
  message?: string | undefined;
}) => ({
  details: s.pick.map(([c, code, entity]) => describeStatus(c, code, entity)),
  ...(s.date ? { date: s.date } : {}),
  ...(s.chargeMinor !== undefined ? { chargeMinor: s.chargeMinor } : {}),
  ...(s.paidMinor !== undefined ? { paidMinor: s.paidMinor } : {}),
  ...(s.message ? { message: s.message } : {}),
});

const report = fc.record({
  level: fc.constantFrom('claim', 'claim', 'claim', 'provider', 'receiver'),
  trace: fc.option(fc.stringMatching(/^[0-9]{1,9}-[0-9]{1,4}$/), { nil: undefined }),
  last: word,
  first: fc.option(word, { nil: undefined }),
  member: fc.option(fc.stringMatching(/^[A-Z0-9]{3,12}$/), { nil: undefined }),
  dependent: fc.boolean(),
  claimId: fc.option(fc.stringMatching(/^[A-Z0-9-]{1,20}$/), { nil: undefined }),
  payerClaim: fc.option(fc.stringMatching(/^[A-Z0-9]{1,20}$/), { nil: undefined }),
  from: fc.option(day, { nil: undefined }),
  to: day,
  statuses: fc.array(status, { minLength: 0, maxLength: 2 }),
  lines: fc.array(fc.record({ charge: fc.integer({ min: 0, max: 500_000 }), status }), { maxLength: 2 }),
});

const interchange = fc
  .record({
    payer: word,
    receiver: word,
    provider: word,
    reports: fc.array(report, { minLength: 1, maxLength: 6 }),
    set: fc.constantFrom('277', '276'),
  })
  .map(({ payer, receiver, provider, reports, set }): StatusInterchange => {
    const rs: ClaimStatusReport[] = reports.map((r, i) => {
      const out: ClaimStatusReport = {
        level: r.level as ClaimStatusReport['level'],
        segment: 0,
        transactionControl: '0001',
        payer: { name: payer, id: '60054' },
        receiver: { name: receiver, id: 'REC01' },
        provider: r.level === 'receiver' ? {} : { name: provider, id: '1234567893' },
        statuses: r.statuses.map(toEntry),
        lines: r.lines.map(
          (l): ServiceLineStatus => ({
            procedure: 'HC:99213',
            chargeMinor: l.charge,
            paidMinor: 0,
            units: '1',
            statuses: [toEntry(l.status)],
          }),
        ),
      };
      if (r.level === 'claim') {
        out.traceNumber = r.trace ?? `1-${i + 1}`;
        out.subscriber = { last: r.last, ...(r.first ? { first: r.first } : {}), memberId: r.member ?? 'M1' };
        if (r.dependent) out.patient = { last: `${r.last}JR` };
        if (r.claimId) out.patientControlNumber = r.claimId;
        if (r.payerClaim) out.payerClaimNumber = r.payerClaim;
        out.serviceFrom = r.from && r.from < r.to ? r.from : r.to;
        out.serviceTo = r.to;
      }
      return out;
    });
    return {
      controlNumber: '000000007',
      sender: payer.slice(0, 15),
      receiver: receiver.slice(0, 15),
      date: '2026-11-25',
      transactions: [
        {
          set: set as '276' | '277',
          controlNumber: '0001',
          version: '005010X212',
          reference: 'R1',
          reports: rs,
        },
      ],
    };
  });

/** A written file, perhaps with line breaks, CRLF, or other element/component separators. */
const written = fc
  .record({
    ic: interchange,
    lineBreaks: fc.boolean(),
    layout: fc.constantFrom('as-written', 'crlf-after', 'crlf-lines', 'lf-lines'),
    separators: fc.constantFrom(['*', ':'], ['|', '^'], ['!', '>'], ['*', '\\'], ['\x1d', '\x1f']),
  })
  .map(({ ic, lineBreaks, layout, separators }) => {
    let text: string;
    try {
      text = writeClaimStatus(ic, { lineBreaks });
    } catch {
      return 'ISA*';
    }
    // After the terminator, or instead of it: a file whose lines end its segments.
    if (layout === 'crlf-after') text = text.replace(/~\n?/g, '~\r\n');
    else if (layout === 'crlf-lines') text = text.replace(/~\n?/g, '\r\n');
    else if (layout === 'lf-lines') text = text.replace(/~\n?/g, '\n');
    const [el, comp] = separators;
    if (el !== '*') text = text.replaceAll('*', el!);
    if (comp !== ':') text = text.replaceAll(':', comp!);
    return text;
  });

const PIECES = [
  '*',
  ':',
  '~',
  '\n',
  '\r\n',
  ' ',
  '\t',
  '-',
  '.',
  'x',
  '99',
  '20261340',
  '12.345',
  'ST*277*0002*005010X212~',
  'SE*3*0001~',
  'HL*9*1*22*0~',
  'HL*9*1*ZZ*0~',
  'TRN*2*~',
  'STC*A1:20*2026013*WR*12.3x~',
  'STC**20261101~',
  'REF*EJ*CLM-1~',
  'DTP*472*RD8*20260101-2026~',
  'SVC*HC>99213*abc~',
  'NM1*ZZ*1*NOBODY~',
  'DMG*D8*19999999*F~',
  'IEA*1*000000001~',
  'GE*9*1~',
  'ISA*00*',
  'lowercase~',
  '\u00a0',
  '\ufeff',
  '\x1d',
];

/** One damage: cut the file, drop or duplicate a piece, or slip something in. */
const damage = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant('drop' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.integer({ min: 1, max: 80 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    piece: fc.constantFrom(...PIECES),
  }),
  fc.record({
    kind: fc.constant('replace' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    piece: fc.constantFrom(...PIECES),
  }),
);

type Damage = typeof damage extends fc.Arbitrary<infer T> ? T : never;

function damaged(text: string, damages: Damage[]): string {
  let t = text;
  for (const d of damages) {
    const at = Math.floor(d.at * t.length);
    if (d.kind === 'cut') t = t.slice(0, at);
    else if (d.kind === 'drop') t = t.slice(0, at) + t.slice(at + d.length);
    else if (d.kind === 'repeat') t = t.slice(0, at + d.length) + t.slice(at);
    else if (d.kind === 'insert') t = t.slice(0, at) + d.piece + t.slice(at);
    else t = t.slice(0, at) + d.piece + t.slice(at + 1);
  }
  return t;
}

describe('parse-277', () => {
  describe('parseClaimStatus', () => {
    it('answers exactly as the split reader on every fixture', () => {
      for (const text of FIXTURES) expectSame(text);
    });

    it('answers exactly as the split reader on generated files', () => {
      seen.reports = 0;
      fc.assert(
        fc.property(written, (text) => expectSame(text)),
        { numRuns: RUNS, seed: 277 },
      );
      expect(seen.reports).toBeGreaterThan(RUNS * 0.9);
    });

    it('answers exactly as the split reader on damaged generated files and fixtures, warnings included', () => {
      const base = fc.oneof(written, fc.constantFrom(...FIXTURES));
      Object.assign(seen, { reports: 0, warnings: 0, threw: 0 });
      fc.assert(
        fc.property(base, fc.array(damage, { minLength: 1, maxLength: 6 }), (text, damages) =>
          expectSame(damaged(text, damages)),
        ),
        { numRuns: RUNS * 2, seed: 1277 },
      );
      // Most damaged files are still read (with warnings); some are refused outright.
      expect(seen.warnings).toBeGreaterThan(RUNS / 4);
      expect(seen.reports).toBeGreaterThan(RUNS / 4);
      expect(seen.threw).toBeGreaterThan(0);
    });

    it('answers exactly as the split reader on text that is hardly X12 at all', () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), (pieces) =>
          expectSame(pieces.join('')),
        ),
        { numRuns: RUNS, seed: 2277 },
      );
    });
  });
});
