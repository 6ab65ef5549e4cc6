import { describe, expect, it } from 'vitest';
import { sendingView, settings } from './fixtures.js';
import { type Answers, fail, type OpenedPage, ok, screenshot, usePages } from './harness.js';

const pages = usePages('settings-sending');

async function open(answers: Answers): Promise<OpenedPage> {
  const opened = await pages.open('settings', {
    answers: { getSettings: ok(settings()), sendingStatus: ok(sendingView()), ...answers },
    width: 560,
    height: 1400,
  });
  await opened.page.locator('#sending-body dl, #sending-message [role="alert"]').first().waitFor();
  return opened;
}

const PAUSED = sendingView({
  domain: { ...sendingView().domain!, status: 'verified', records: sendingView().domain!.records },
  sender: {
    from: '"Lakeside Dental" <billing@lakeside-dental.example>',
    replyTo: 'front-desk@lakeside-dental.example',
    via: 'office-domain',
  },
  standing: 'paused',
  rates: {
    windowFrom: '2026-10-25',
    sends: 400,
    bounces: 4,
    complaints: 3,
    complaintRate: 0.0075,
    bounceRate: 0.01,
  },
  pause: {
    at: '2026-11-23T14:00:00Z',
    reason: 'complaint rate 0.75% over the last 30 days (3 of 400) is at or above 0.50%',
  },
  resumeHow: 'find why debtors complain, fix the list or the wording, then resume with a note',
});

describe('settings dialog', () => {
  describe('sending section', () => {
    it('shows a pending domain with its three DNS records to copy, the From in use and the standing', async () => {
      // Prepare, Act
      const { page, pageErrors, outsideRequests } = await open({});
      // Assess
      expect(await page.locator('#sending-domain-name').textContent()).toBe('lakeside-dental.example');
      expect(await page.locator('#sending-domain-status').textContent()).toBe(
        'Pending: waiting for the DNS records',
      );
      expect(await page.locator('#sending-from').textContent()).toBe(
        '"Lakeside Dental" <billing@duebook.example.com>',
      );
      expect(await page.locator('#sending-from-note').textContent()).toMatch(
        /^Until lakeside-dental\.example is verified, mail goes from Duebook’s address under your office’s name/,
      );
      expect(await page.locator('#dns-records tbody tr').count()).toBe(3);
      expect(await page.getByLabel('record 1 name', { exact: true }).inputValue()).toBe(
        'abc1._domainkey.lakeside-dental.example',
      );
      expect(await page.getByLabel('record 3 value', { exact: true }).inputValue()).toBe(
        'ghi3.dkim.amazonses.com',
      );
      expect(await page.locator('#sending-standing-status').textContent()).toBe('Sending');
      expect(await page.locator('#sending-bounce-rate').textContent()).toBe(
        '1.46% (6); warning at 5.00%, paused at 10.00%',
      );
      expect(await page.getByRole('button', { name: 'Verify a domain' }).isVisible()).toBe(true);
      expect(await page.locator('#resume-sending').count()).toBe(0);
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
      await page.locator('#sending').scrollIntoViewIfNeeded();
      await screenshot(page, 'settings-sending-pending');
    });

    it('selects a record for copying with its Copy button', async () => {
      // Prepare
      const { page } = await open({});
      // Act
      await page.getByRole('button', { name: 'Copy record 2 value' }).click();
      // Assess: the value is selected (copied where the clipboard is allowed, else ready for Ctrl+C).
      const selected = await page.evaluate(
        'document.activeElement.value.slice(document.activeElement.selectionStart, document.activeElement.selectionEnd)',
      );
      expect(selected).toBe('def2.dkim.amazonses.com');
      expect(await page.getByRole('button', { name: 'Copy record 2 value' }).textContent()).toMatch(
        /^(Copied|Press Ctrl\+C)$/,
      );
    });

    it('starts verifying a domain and shows what to publish', async () => {
      // Prepare
      const fresh = sendingView({ domain: null });
      const { page, callsTo } = await open({
        sendingStatus: ok(fresh),
        verifySendingDomain: ok({
          ...sendingView(),
          publish: 'add these 3 CNAME records at the DNS host of lakeside-dental.example',
        }),
      });
      expect(await page.locator('#sending-domain-status').textContent()).toBe('No domain of your own');
      // Act
      await page.getByLabel('Your office’s domain').fill('Lakeside-Dental.example');
      await page.getByRole('button', { name: 'Verify a domain' }).click();
      await page.locator('#dns-records').waitFor();
      // Assess
      expect(await callsTo('verifySendingDomain')).toEqual([{ domain: 'Lakeside-Dental.example' }]);
      expect(await page.locator('#sending-message').textContent()).toContain(
        'add these 3 CNAME records at the DNS host of lakeside-dental.example',
      );
      expect(await page.locator('#dns-records tbody tr').count()).toBe(3);
    });

    it("shows the backend's refusal of a domain beside the field", async () => {
      // Prepare
      const { page } = await open({
        sendingStatus: ok(sendingView({ domain: null })),
        verifySendingDomain: fail('invalid', 'lakeside.example is registered by another Duebook office', [
          { field: 'domain', message: 'registered by another office' },
        ]),
      });
      // Act
      await page.getByLabel('Your office’s domain').fill('lakeside.example');
      await page.getByRole('button', { name: 'Verify a domain' }).click();
      await page.locator('[data-field="domain"] .field-error:not([hidden])').waitFor();
      // Assess
      expect(await page.locator('[data-field="domain"] .field-error').textContent()).toBe(
        'registered by another office',
      );
    });

    it('shows a verified domain without records, and a failed one as failed', async () => {
      // Prepare, Act
      const { page } = await open({ sendingStatus: ok(PAUSED) });
      const verified = await page.locator('#sending-domain-status').textContent();
      const records = await page.locator('#dns-records').count();
      await pages.current?.context.close();
      const failed = await open({
        sendingStatus: ok(sendingView({ domain: { ...sendingView().domain!, status: 'failed' } })),
      });
      // Assess
      expect(verified).toBe('Verified');
      expect(records).toBe(0);
      expect(await failed.page.locator('#sending-domain-status').textContent()).toBe(
        'Failed: the records were not found',
      );
    });

    it('resumes a paused office only after a confirmation with a note', async () => {
      // Prepare
      const resumed = sendingView({
        ...PAUSED,
        standing: 'active',
        resumed: { at: '2026-11-23T16:00:00Z', by: 'owner@lakeside.example', note: 'removed 3 addresses' },
      });
      delete (resumed as { pause?: unknown }).pause;
      const { page, callsTo } = await open({ sendingStatus: ok(PAUSED), resumeSending: ok(resumed) });
      expect(await page.locator('#sending-paused').textContent()).toContain(
        'Sending is paused: no email goes out',
      );
      await page.locator('#sending').scrollIntoViewIfNeeded();
      await screenshot(page, 'settings-sending-paused');
      // Act: the first button only opens the confirmation; an empty note is refused on the page's server side.
      await page.getByRole('button', { name: 'Resume sending…' }).click();
      const beforeConfirm = await callsTo('resumeSending');
      await page.getByLabel('What was done (kept with the resume)').fill('removed 3 addresses');
      await page.getByRole('button', { name: 'Confirm: resume sending' }).click();
      await page.locator('#sending-resumed').waitFor();
      // Assess
      expect(beforeConfirm).toEqual([]);
      expect(await callsTo('resumeSending')).toEqual([{ note: 'removed 3 addresses' }]);
      expect(await page.locator('#sending-standing-status').textContent()).toBe('Sending');
      expect(await page.locator('#sending-message').textContent()).toBe(
        'Sending resumed. Held mail goes out at the next dispatch.',
      );
    });

    it('shows a clerk the standing read-only: no Verify, no Resume', async () => {
      // Prepare, Act
      const { page } = await open({ sendingStatus: ok({ ...PAUSED, canManage: false }) });
      // Assess
      expect(await page.locator('#sending-paused').isVisible()).toBe(true);
      expect(await page.locator('#sending-read-only').textContent()).toBe(
        'Your office admin sets up the domain and resumes sending.',
      );
      expect(await page.getByRole('button', { name: 'Verify a domain' }).count()).toBe(0);
      expect(await page.locator('#resume-sending').count()).toBe(0);
    });

    it('says why the section is empty when the backend cannot be reached, and leaves the settings usable', async () => {
      // Prepare, Act
      const { page } = await open({ sendingStatus: fail('unreachable', 'Duebook could not be reached.') });
      // Assess
      expect(await page.locator('#sending-message [role="alert"]').isVisible()).toBe(true);
      expect(await page.locator('#settings-form').isVisible()).toBe(true);
    });
  });
});
