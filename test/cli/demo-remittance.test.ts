// The demo 835 in examples/ is what examples/generate-demo-835.ts writes, reads back as written,
// and pays claims of the demo ledger.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse835 } from '../../core/x12/parse-835.js';
import { reconcileRemittance } from '../../core/x12/reconcile.js';
import { demoRemittance, demoRemittanceText } from '../../examples/generate-demo-835.js';

describe('examples/demo-remittance.835', () => {
  it('is current: run `tsx examples/generate-demo-835.ts` after changing the generator', async () => {
    const file = await readFile(new URL('../../examples/demo-remittance.835', import.meta.url), 'utf8');
    expect(file).toBe(demoRemittanceText());
  });

  it('parses without warnings, balances, and claims match the demo ledger', async () => {
    const parsed = parse835(demoRemittanceText());
    expect(parsed.warnings).toEqual([]);
    const transactions = parsed.interchanges[0]!.transactions;
    expect(transactions.map((t) => reconcileRemittance(t).balanced)).toEqual([true, true]);
    expect(transactions.flatMap((t) => t.claims.map((c) => [c.patientControlNumber, c.paidMinor]))).toEqual(
      demoRemittance().transactions.flatMap((t) =>
        t.claims.map((c) => [c.patientControlNumber, c.paidMinor]),
      ),
    );
    const claims = await readFile(new URL('../../examples/demo-ledger/claims.csv', import.meta.url), 'utf8');
    expect(claims).toContain('\nCLM-26-0155,');
    expect(claims).toContain('\nCLM-26-0071,');
    expect(claims).not.toContain('CLM-26-0999');
  });
});
