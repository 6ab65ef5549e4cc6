// Corpus test: every published 835 in test/fixtures/x12-835 with what it says, written down by hand
// from the file's own segments (ST02, BPR02, each CLP01-04, the PLB amounts), not from Duebook's
// output, plus which parts need review. A change in what any file yields fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse835 } from '../../../core/x12/parse-835.js';
import { reviewItems, reviewSummary } from '../../../core/x12/review.js';

/** [CLP01, CLP02, CLP03 in cents, CLP04 in cents] */
type ClaimRow = [string, string, number, number];

interface Expected {
  /** Per ST: [ST02, BPR02 in cents, claims, PLB amounts in cents]. */
  transactions: [string, number, ClaimRow[], number[]][];
  /** `claim CLP01 SEGMENT-ELEMENT` or `payment SEGMENT-ELEMENT` for each review flag. */
  review: string[];
  /** Warning codes that must be among the warnings. */
  warns: string[];
}

const CORPUS: Record<string, Expected> = {
  'bcbsnc-5010-bare-st.835': {
    transactions: [['1234', 192_286, [['200200964A52', '1', 210_000, 192_286]], []]],
    review: ['claim 200200964A52 SVC-SVC02'],
    warns: ['X12.NO_ENVELOPE', 'X12.SE_COUNT'],
  },
  'chs-5010-unbalanced-claim.835': {
    transactions: [['0001', 150_050, [['PATIENTACCOUNT01', '1', 200_000, 150_050]], []]],
    review: [],
    warns: ['X12.CLAIM_UNBALANCED'],
  },
  'emedny-5010-newline-terminated.835': {
    transactions: [
      [
        '1740',
        4_575,
        [
          ['PATIENT ACCOUNT NUMBER', '1', 3_425, 3_425],
          ['PATIENT ACCOUNT NUMBER', '2', 3_400, 0],
          ['PATIENT ACCOUNT NUMBER', '2', 3_425, 1_150],
        ],
        [],
      ],
    ],
    review: [],
    warns: [],
  },
  'lfh-5010-cob-component-gt.835': {
    transactions: [['0001', 3_400, [['0001000055', '2', 54_100, 3_400]], []]],
    review: [],
    warns: ['X12.COMPONENT_SEPARATOR', 'X12.BPR_DATE_MISPLACED'],
  },
  'lfh-5010-managed-care-bad-date.835': {
    transactions: [
      [
        '112233',
        94_500,
        [
          ['5554555444', '1', 80_000, 45_000],
          ['8765432112', '1', 120_000, 49_500],
        ],
        [],
      ],
    ],
    review: ['payment BPR-BPR16'],
    warns: [],
  },
  'lfh-5010-medicare-part-a.835': {
    transactions: [
      [
        '1234',
        15_000_000,
        [
          ['666123', '1', 21_136_697, 13_801_840],
          ['777777', '1', 1_500_000, 1_198_033],
        ],
        [-127],
      ],
    ],
    review: [],
    warns: [],
  },
  'lfh-5010-secondary-component-gt.835': {
    transactions: [
      [
        '1234',
        122_200,
        [
          ['L0004828311', '2', 1_032_364, 91_200],
          ['0001000053', '2', 75_150, 31_000],
        ],
        [],
      ],
    ],
    review: [],
    warns: ['X12.COMPONENT_SEPARATOR', 'X12.BPR_DATE_MISPLACED'],
  },
  'lfh-5010-tertiary-payment.835': {
    transactions: [['0001', 18_750, [['0001000054', '3', 176_650, 18_750]], []]],
    review: ['claim 0001000054 SVC-SVC01'],
    warns: ['X12.BPR_DATE_MISPLACED'],
  },
  'nevada-medicaid-5010-multi-st.835': {
    transactions: [
      ['0001', 0, [['77777777', '4', 7_223_200, 0]], []],
      [
        '0002',
        0,
        [
          ['77777778', '2', 300_200, 0],
          ['77777779', '4', 4_123_104, 0],
        ],
        [],
      ],
      ['0003', 181_227, [], [-109_246, -71_981, -18_155, 18_155, -13_000, 13_000]],
    ],
    review: [],
    warns: ['X12.ISA_NOT_FIXED_WIDTH', 'X12.IEA_CONTROL'],
  },
  'oopfactory-4010-grip-elements.835': {
    transactions: [
      [
        '07504123',
        575,
        [
          ['444444', '1', 5_670, 5_652],
          ['999999', '4', 2_595, 0],
          ['888888', '4', 16_213, 0],
          ['111111', '2', 5_652, 1_888],
          ['121212', '4', 5_652, 0],
          ['333333', '1', 7_461, 5_969],
          ['777777', '25', 13_690, 0],
          ['123456', '22', -4_258, -4_258],
          ['090909', '22', -8_676, -8_676],
        ],
        [-127],
      ],
    ],
    review: [],
    warns: [],
  },
  'pbx12-4010-caret-terminator.835': {
    transactions: [
      [
        '000000001',
        0,
        [
          ['PCN123456789', '', 555_555, 0],
          ['PCN123456789', '', 444_444, 0],
        ],
        [],
      ],
    ],
    review: [
      'payment BPR-BPR02',
      'payment BPR-BPR03',
      'payment N7',
      'claim PCN123456789 CLP-CLP02',
      'claim PCN123456789 CLP-CLP04',
      'claim PCN123456789 CLP-CLP05',
      'claim PCN123456789 CLP-CLP02',
      'claim PCN123456789 CLP-CLP04',
      'claim PCN123456789 CLP-CLP05',
    ],
    warns: ['X12.UNKNOWN_VERSION', 'X12.GE_CONTROL', 'X12.IEA_CONTROL'],
  },
  'pbx12-4010-dummy-damaged.835': {
    transactions: [
      [
        '000000001',
        0,
        [
          ['PCN123456789', '', 555_555, 0],
          ['PCN123456789', '', 444_444, 0],
        ],
        [],
      ],
    ],
    review: [
      'payment BPR-BPR02',
      'payment BPR-BPR03',
      'payment N7',
      'claim PCN123456789 CLP-CLP02',
      'claim PCN123456789 CLP-CLP04',
      'claim PCN123456789 CLP-CLP05',
      'claim PCN123456789 CLP-CLP02',
      'claim PCN123456789 CLP-CLP04',
      'claim PCN123456789 CLP-CLP05',
    ],
    warns: ['X12.UNKNOWN_VERSION', 'X12.GE_CONTROL', 'X12.IEA_CONTROL'],
  },
  'pyx12-4010-reversals.835': {
    transactions: [
      [
        '40731',
        595_021,
        [
          ['123839-24635', '22', -31_000, -21_000],
          ['123839-24635', '1', 30_000, 20_000],
          ['134158-27488', '22', -50_025, -50_025],
        ],
        [-100_810, 2_421, 595],
      ],
    ],
    review: [],
    warns: [],
  },
  'pyx12-5010-denied.835': {
    transactions: [['0001', 0, [['2005555A', '4', 91_539, 0]], []]],
    review: [],
    warns: [],
  },
  'tigershark-4010-pipe-multi-st.835': {
    transactions: [
      ['0001', 1_234_567, [['001-DDDDDDDDDD', '1', 20_002, 20_002]], []],
      ['0002', 1_200_065, [['001-SSSSSSSSST', '1', 2_327_656, 1_200_065]], []],
    ],
    review: [],
    warns: ['X12.TERMINATOR_AFTER_LINE_BREAK', 'X12.SE_COUNT', 'X12.GE_COUNT'],
  },
  'uhc-5010-single-line.835': {
    transactions: [
      [
        '000000064',
        34_999,
        [
          ['001-18573-358', '1', 34_128, 8_892],
          ['001-18604-358', '1', 81_624, 26_107],
        ],
        [],
      ],
    ],
    review: [],
    warns: [],
  },
};

const DIR = new URL('../../fixtures/x12-835/', import.meta.url);

describe('x12/parse-835', () => {
  describe('parse835 (corpus of published files)', () => {
    it('has an expectation for every file in the corpus', () => {
      expect(readdirSync(DIR).sort()).toEqual(Object.keys(CORPUS).sort());
    });

    it.each(Object.entries(CORPUS))('reads %s as written down by hand', (name, expected) => {
      // Act
      const result = parse835(readFileSync(new URL(name, DIR), 'utf8'));
      // Assess
      const transactions = result.interchanges.flatMap((ic) => ic.transactions);
      expect(
        transactions.map((t) => [
          t.controlNumber,
          t.payment.amountMinor,
          t.claims.map((c) => [c.patientControlNumber, c.statusCode, c.chargeMinor, c.paidMinor]),
          t.providerAdjustments.map((p) => p.amountMinor),
        ]),
      ).toEqual(expected.transactions);
      const items = reviewItems(result.interchanges);
      expect(
        items.flatMap((i) =>
          i.flags.map((f) =>
            i.scope === 'claim'
              ? `claim ${i.patientControlNumber} ${f.segmentId}${f.element ? `-${f.element}` : ''}`
              : `payment ${f.segmentId}${f.element ? `-${f.element}` : ''}`,
          ),
        ),
      ).toEqual(expected.review);
      const codes = new Set(result.warnings.map((w) => w.code));
      for (const code of expected.warns) expect(codes, code).toContain(code);
      // Flagged money is the flagged claims' CLP04 or the flagged payment's BPR02, as on the file.
      const flaggedClaims = new Set(
        items.filter((i) => i.scope === 'claim').map((i) => i.patientControlNumber),
      );
      const flaggedMoney =
        expected.transactions
          .flatMap(([, , claims]) => claims)
          .reduce((sum, [id, , , paid]) => (flaggedClaims.has(id) ? sum + paid : sum), 0) +
        (expected.review.some((r) => r.startsWith('payment BPR'))
          ? expected.transactions.reduce((sum, [, bpr]) => sum + bpr, 0)
          : 0);
      expect(reviewSummary(items).amountMinor).toBe(flaggedMoney);
    });
  });
});
