import { describe, expect, it } from 'vitest';
import type { RemittanceImported } from '../../../apps-script/src/contract.js';
import { type Answers, fail, type OpenedPage, ok, screenshot, usePages } from './harness.js';

const pages = usePages('remittance');

const FILE_TEXT = 'ISA*00*          *00*          *ZZ*A*ZZ*B*261120*0000*^*00501*000000001*0*P*:~';

const IMPORTED: RemittanceImported = {
  asOf: '2026-11-23',
  fileName: 'era-1120.835',
  transactions: 2,
  claimsUpdated: 1,
  invoicesCreated: 1,
  invoicesChanged: 0,
  denials: 1,
  alreadyPosted: 0,
  unmatched: 1,
  needsReview: { claims: 1, payments: 0, amountMinor: 9472, unknownAmounts: 0 },
  reviewRowsAdded: 2,
  warnings: ['segment 31 (SE), SE01 says 28 segments, the transaction has 29'],
  message:
    'Posted 1 claim; 1 patient-share invoice created, 0 changed; 1 damaged part holding 94.72 not posted; 1 claim matched nothing. See the Remittance Review tab.',
};

async function open(answers: Answers): Promise<OpenedPage> {
  const opened = await pages.open('remittance', { answers, width: 640, height: 520 });
  await opened.page.getByRole('form', { name: 'Import remittance (835)' }).waitFor();
  return opened;
}

describe('remittance dialog', () => {
  describe('import', () => {
    it('sends the picked file as text and shows what was posted and what waits for review', async () => {
      // Prepare
      const { page, callsTo, pageErrors, outsideRequests } = await open({ importRemittance: ok(IMPORTED) });
      // Act
      await page
        .getByLabel('835 remittance file')
        .setInputFiles({ name: 'era-1120.835', mimeType: 'text/plain', buffer: Buffer.from(FILE_TEXT) });
      await page.getByRole('button', { name: 'Import' }).click();
      // Assess
      await expect
        .poll(() => page.locator('#result').textContent())
        .toContain('See the Remittance Review tab.');
      expect(await callsTo('importRemittance')).toEqual([{ fileName: 'era-1120.835', text: FILE_TEXT }]);
      const labels = await page.locator('#result th').allTextContents();
      const values = await page.locator('#result td').allTextContents();
      const summary = Object.fromEntries(labels.map((l, i) => [l, values[i]]));
      expect(summary).toMatchObject({
        'Claims posted': '1',
        'Patient-share invoices': '1 created, 0 changed',
        'Damaged, not posted': '1 claim(s), 0 payment(s) holding $94.72',
        'Matched no claim (not posted)': '1',
      });
      expect(await page.locator('#warnings summary').textContent()).toBe('1 warning(s) read past');
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
      await screenshot(page, 'remittance-dialog');
    });

    it('asks for a file before calling the server', async () => {
      const { page, calls } = await open({ importRemittance: ok(IMPORTED) });
      await page.getByRole('button', { name: 'Import' }).click();
      await expect
        .poll(() => page.locator('.field-error:not([hidden])').textContent())
        .toBe('Choose a file.');
      expect(await calls()).toEqual([]);
    });

    it('shows a refusal naming the segment beside the file field', async () => {
      const why = 'segment 1 (Dea), the file does not start with ISA, GS or ST';
      const { page } = await open({
        importRemittance: fail('invalid', `notes.txt is not a readable 835: ${why}`, [
          { field: 'file', message: why },
        ]),
      });
      await page
        .getByLabel('835 remittance file')
        .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Dear office') });
      await page.getByRole('button', { name: 'Import' }).click();
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toContain('notes.txt is not a readable 835');
      expect(await page.locator('.field-error:not([hidden])').textContent()).toBe(why);
      await screenshot(page, 'remittance-dialog-refused');
    });
  });
});
