// `duebook plan` lists a trade-credit customer's credit hold for the credit contact, with why, and
// sends the customer nothing for it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureOutput } from '../support/cli-output.js';

let ledger: string;
beforeAll(async () => {
  ledger = await mkdtemp(join(tmpdir(), 'duebook-plan-internal-'));
  await writeFile(
    join(ledger, 'customers.csv'),
    'Customer ID,Name,Email,Ladder\nC-1,Harbor Supply Co,ap@harbor.example,trade-credit\n',
  );
  await writeFile(
    join(ledger, 'invoices.csv'),
    'Invoice ID,Customer ID,Invoice Date,Due Date,Amount,Currency\nINV-1,C-1,2026-09-04,2026-10-04,1200.00,USD\n',
  );
  await writeFile(
    join(ledger, 'activity.csv'),
    'Activity ID,Customer ID,Date,Type,Direction,Stage\n' +
      'A-1,C-1,2026-10-05,email,outbound,reminder-1\nA-2,C-1,2026-10-19,email,outbound,reminder-15\nA-3,C-1,2026-11-03,email,outbound,reminder-30\n',
  );
});
afterAll(async () => {
  await rm(ledger, { recursive: true, force: true });
});

function run(...args: string[]) {
  return captureOutput(main, args);
}

describe('cli plan', () => {
  describe('internal actions', () => {
    it('lists the credit hold for the credit contact, and no message to the customer', async () => {
      const r = await run('plan', '--ledger', ledger, '--as-of', '2026-11-23');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('0 planned actions.');
      expect(r.stdout).toContain('1 internal action for the credit contact:');
      expect(r.stdout).toMatch(/C-1 +Harbor Supply Co +credit-hold +credit-hold +USD 1,200\.00/);
      const json = JSON.parse(
        (await run('plan', '--ledger', ledger, '--as-of', '2026-11-23', '--json')).stdout,
      );
      expect(json.internalActions).toMatchObject([
        { customerId: 'C-1', stage: 'credit-hold', action: 'credit-hold' },
      ]);
    });
  });
});
