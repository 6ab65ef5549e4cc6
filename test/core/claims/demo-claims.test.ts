// Tests that the demo ledger's Claims tab tells the story it claims: one claim per situation, each
// with the Next Step and worklist task a clerk should see on the demo's as-of date.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLedger } from '../../../cli/read-ledger.js';
import { claimStatusColumns } from '../../../core/claims/claim-status.js';
import { claimWorklist, DEFAULT_CLAIM_DEADLINES } from '../../../core/claims/deadlines.js';
import type { Ledger } from '../../../core/ledger/ledger.js';
import { parseLedger } from '../../../core/ledger/schema-rows.js';
import { DEMO_AS_OF } from '../../../examples/generate-demo.js';

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
let ledger: Ledger;

beforeAll(async () => {
  const parsed = parseLedger((await readLedger(join(examples, 'demo-ledger'))).rows);
  expect(parsed.problems).toEqual([]);
  ledger = parsed.ledger;
});

describe('examples/demo-ledger Claims tab', () => {
  it('returns a Next Step for every situation of the story', () => {
    // Act
    const steps = ledger.claims.map((c) => [
      c.claimId,
      claimStatusColumns(c, { asOf: DEMO_AS_OF, config: DEFAULT_CLAIM_DEADLINES, invoices: ledger.invoices })
        .claimNextStep,
    ]);
    // Assess
    expect(steps).toEqual([
      ['CLM-26-0141', 'Nothing to do: Aetna paid $132.00'],
      ['CLM-26-0187', 'Bill patient $36.00'],
      ['CLM-26-0098', 'Appeal by 2026-12-04 (medical necessity: CO-50)'],
      [
        'CLM-26-0071',
        'Follow up with National Government Services on the appeal: follow-up date 2026-11-16 reached',
      ],
      [
        'CLM-26-0034',
        'Appeal deadline 2026-11-08 passed 15 days ago (authorization: CO-197): appeal only with good cause, or write off',
      ],
      ['CLM-26-0162', 'Submit to UnitedHealthcare by 2026-11-26 (timely filing)'],
      [
        'CLM-26-0150',
        'Send the drafted appeal by 2027-04-11 (missing information: CO-16); bill patient $25.00',
      ],
      ['CLM-26-0155', 'Follow up with Cigna: pending 48 days'],
    ]);
  });

  it('puts the claims that need work on the worklist, most urgent first', () => {
    const tasks = claimWorklist(ledger, DEMO_AS_OF, DEFAULT_CLAIM_DEADLINES);
    expect(tasks.map((t) => [t.kind, t.claimId])).toEqual([
      ['filing-deadline-soon', 'CLM-26-0162'],
      ['appeal-deadline-soon', 'CLM-26-0098'],
      ['no-remittance', 'CLM-26-0155'],
      ['follow-up-due', 'CLM-26-0071'],
      ['appeal-deadline-passed', 'CLM-26-0034'],
    ]);
  });

  it('keeps the figures of every adjudicated claim within what was billed', () => {
    for (const c of ledger.claims.filter((x) => x.paidMinor !== undefined)) {
      expect({
        c: c.claimId,
        within: (c.paidMinor ?? 0) + (c.patientResponsibilityMinor ?? 0) <= c.billedMinor,
      }).toEqual({ c: c.claimId, within: true });
    }
  });
});
