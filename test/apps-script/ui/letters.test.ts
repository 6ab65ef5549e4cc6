import { describe, expect, it } from 'vitest';
import { fail, ok, screenshot, usePages } from './harness.js';

const pages = usePages('letters');

const PDF = Buffer.from('%PDF-1.7\n%test\n').toString('base64');

describe('letters for today dialog', () => {
  describe('load', () => {
    it('lists the letters and who was left out, and downloads the PDF', async () => {
      const opened = await pages.open('letters', {
        answers: {
          lettersForToday: ok({
            asOf: '2026-11-23',
            letters: [
              { customerId: 'C-1014', stage: 'validation-notice' },
              { customerId: 'C-1020', stage: 'final-demand' },
            ],
            skipped: [{ customerId: 'C-1099', stage: 'final-demand', reason: 'no postal address on file' }],
            pdfBase64: PDF,
          }),
        },
        width: 560,
        height: 480,
      });
      const { page } = opened;
      await page.locator('#download').waitFor();
      expect(await page.locator('tbody tr').allTextContents()).toEqual([
        'C-1014validation-notice',
        'C-1020final-demand',
      ]);
      expect(await page.locator('#skipped').textContent()).toBe(
        'C-1099 (final-demand): no postal address on file',
      );
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('#download').click(),
      ]);
      expect(download.suggestedFilename()).toBe('letters-2026-11-23.pdf');
      await screenshot(page, 'letters-dialog');
    });

    it("shows the backend's reason when the office identity is incomplete", async () => {
      const { page } = await pages.open('letters', {
        answers: {
          lettersForToday: fail(
            'other',
            "no letter may go out until the office's identity is complete in Settings: the office's postal address is not set",
          ),
        },
      });
      await expect
        .poll(() => page.locator('#message').textContent())
        .toContain("the office's postal address is not set");
    });
  });
});
