import { describe, expect, it } from 'vitest';
import type { Settings } from '../../../apps-script/src/contract.js';
import { sendingView, settings } from './fixtures.js';
import { type Answers, fail, type OpenedPage, ok, screenshot, usePages } from './harness.js';

const pages = usePages('settings');

async function open(answers: Answers): Promise<OpenedPage> {
  const opened = await pages.open('settings', {
    answers: { getSettings: ok(settings()), sendingStatus: ok(sendingView()), ...answers },
    width: 560,
    height: 640,
  });
  await opened.page.locator('#settings-form, [role="alert"]').first().waitFor();
  return opened;
}

const row = (i: number) => `#ladder-rows tr:nth-child(${i + 1})`;

describe('settings dialog', () => {
  describe('load', () => {
    it('fills the form from the saved settings', async () => {
      // Prepare, Act
      const { page, pageErrors, outsideRequests } = await open({});
      // Assess
      expect(await page.getByLabel('Backend URL').inputValue()).toBe('https://api.duebook.example/v1');
      expect(await page.getByLabel(/Review mode/).isChecked()).toBe(true);
      expect(await page.getByLabel('Office time zone').inputValue()).toBe('America/New_York');
      expect(await page.getByLabel('Contact limits').inputValue()).toBe('federal');
      expect(await page.locator('#ladder-rows tr').count()).toBe(4);
      expect(await page.getByLabel('Days past due, row 1').inputValue()).toBe('-3');
      expect(await page.getByLabel('Channel, row 4').inputValue()).toBe('letter');
      expect(await page.getByLabel('Hand-over to').inputValue()).toBe(
        'Keller & Voss LLP, 12 Court St, Boston, MA 02108',
      );
      expect(await page.getByLabel(/personal data for \(days\)/).inputValue()).toBe('365');
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
      await screenshot(page, 'settings-dialog');
    });
  });

  describe('save', () => {
    it('sends the edited settings, with an added and a removed stage', async () => {
      // Prepare
      const { page, callsTo } = await open({ saveSettings: ok(settings()) });
      // Act
      await page.getByLabel('Backend URL').fill('http://localhost:8787');
      await page.getByLabel(/Review mode/).uncheck();
      await page.getByLabel('Contact limits').selectOption('massachusetts');
      await page.getByRole('button', { name: 'Remove row 3' }).click();
      await page.getByRole('button', { name: 'Add stage' }).click();
      await page.getByLabel('Stage, row 4').fill('handover');
      await page.getByLabel('Days past due, row 4').fill('90');
      await page.getByLabel('Channel, row 4').selectOption('letter');
      await page.getByRole('button', { name: 'Save' }).click();
      // Assess
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Settings saved.');
      expect(await callsTo('saveSettings')).toEqual([
        {
          backendUrl: 'http://localhost:8787',
          reviewMode: false,
          timeZone: 'America/New_York',
          contactPreset: 'massachusetts',
          ladder: [
            { stage: 'courtesy', daysPastDue: -3, channel: 'email' },
            { stage: 'reminder-1', daysPastDue: 1, channel: 'email' },
            { stage: 'final-demand', daysPastDue: 75, channel: 'letter' },
            { stage: 'handover', daysPastDue: 90, channel: 'letter' },
          ],
          handoverTo: 'Keller & Voss LLP, 12 Court St, Boston, MA 02108',
          creditContactEmail: '',
          retentionDays: 365,
          numberFormat: '',
          onlinePayments: true,
          portalLimits: { promiseMaxDays: 30, planMaxInstallments: 12, planMinInstallmentMinor: 2_500 },
        },
      ]);
    });

    it("sends the credit contact's email as typed", async () => {
      // Prepare
      const { page, callsTo } = await open({ saveSettings: ok(settings()) });
      // Act
      await page.getByLabel('Credit contact’s email').fill('credit@keller.example');
      await page.getByRole('button', { name: 'Save' }).click();
      // Assess
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Settings saved.');
      const [sent] = (await callsTo('saveSettings')) as { creditContactEmail: string }[];
      expect(sent).toMatchObject({ creditContactEmail: 'credit@keller.example' });
    });

    it('sends the hand-over recipient and the retention period as typed', async () => {
      // Prepare
      const { page, callsTo } = await open({ saveSettings: ok(settings()) });
      // Act
      await page.getByLabel('Hand-over to').fill('Northeast Recovery Agency');
      await page.getByLabel(/personal data for \(days\)/).fill('730');
      await page.getByRole('button', { name: 'Save' }).click();
      // Assess
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Settings saved.');
      const [sent] = (await callsTo('saveSettings')) as { handoverTo: string; retentionDays: number }[];
      expect(sent).toMatchObject({ handoverTo: 'Northeast Recovery Agency', retentionDays: 730 });
    });

    it('shows the server notice when the backend did not take the office settings', async () => {
      const notice = 'Saved in this sheet, but the backend did not take the office settings.';
      const { page } = await open({ saveSettings: ok({ ...settings(), notice }) });
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toBe(notice);
    });

    it('blocks equal days, a repeated stage and a retention that is not whole days', async () => {
      // Prepare
      const { page, callsTo } = await open({ saveSettings: ok(settings()) });
      await page.getByLabel('Days past due, row 2').fill('-3');
      await page.getByLabel('Stage, row 3').fill('reminder-1');
      await page.getByLabel(/personal data for \(days\)/).fill('1.5');
      // Act
      await page.getByRole('button', { name: 'Save' }).click();
      // Assess
      const error = (field: string) => page.locator(`[data-field="${field}"] > .field-error`).textContent();
      expect(await error('ladder.1.daysPastDue')).toBe(
        'Must be more than -3: each stage comes after the one before.',
      );
      expect(await error('ladder.2.stage')).toBe('Another stage has this name.');
      expect(await error('retentionDays')).toBe('Whole days, from 0 to 36500.');
      expect(await callsTo('saveSettings')).toEqual([]);
    });

    it('blocks a plain-http URL, an unknown time zone and days out of order without calling the server', async () => {
      // Prepare
      const { page, callsTo } = await open({ saveSettings: ok(settings()) });
      await page.getByLabel('Backend URL').fill('http://api.duebook.example');
      await page.getByLabel('Office time zone').fill('Mars/Olympus');
      await page.getByLabel('Days past due, row 3').fill('0');
      await page.getByLabel('Stage, row 2').fill('');
      // Act
      await page.getByRole('button', { name: 'Save' }).click();
      // Assess
      const error = (field: string) => page.locator(`[data-field="${field}"] > .field-error`).textContent();
      expect(await error('backendUrl')).toBe('Must start with https:// (plain http only for localhost).');
      expect(await error('timeZone')).toBe('Not a time zone this browser knows, e.g. America/Chicago.');
      expect(await error('ladder.2.daysPastDue')).toBe(
        'Must be more than 1: each stage comes after the one before.',
      );
      expect(await error('ladder.1.stage')).toBe('Name the stage.');
      expect(await page.getByRole('alert').getAttribute('data-kind')).toBe('invalid');
      expect(await page.getByLabel('Backend URL').getAttribute('aria-invalid')).toBe('true');
      expect(await callsTo('saveSettings')).toEqual([]);
    });

    it('blocks a stage name the backend cannot key without calling the server', async () => {
      // Prepare
      const { page, callsTo } = await open({ saveSettings: ok(settings()) });
      await page.getByLabel('Stage, row 2').fill('reminder#2');
      // Act
      await page.getByRole('button', { name: 'Save' }).click();
      // Assess
      expect(await page.locator('[data-field="ladder.1.stage"] > .field-error').textContent()).toBe(
        'Letters, digits, spaces and . _ - only, at most 64 characters.',
      );
      expect(await callsTo('saveSettings')).toEqual([]);
    });

    it('asks for at least one stage', async () => {
      // Prepare
      const { page, callsTo } = await open({ getSettings: ok(settings({ ladder: [] })) });
      // Act
      await page.getByRole('button', { name: 'Save' }).click();
      // Assess
      expect(await page.locator('[data-field="ladder"] > .field-error').textContent()).toBe(
        'Add at least one stage.',
      );
      expect(await callsTo('saveSettings')).toEqual([]);
    });

    it('shows the server field errors beside their fields', async () => {
      // Prepare
      const { page } = await open({
        saveSettings: fail('invalid', 'Settings not saved.', [
          { field: 'backendUrl', message: 'No Duebook backend answers at this address.' },
          { field: 'ladder[1].stage', message: 'Unknown stage; use one of the ladder templates.' },
        ]),
      });
      // Act
      await page.getByRole('button', { name: 'Save' }).click();
      // Assess
      await page.getByRole('alert').waitFor();
      expect(await page.locator('[data-field="backendUrl"] > .field-error').textContent()).toBe(
        'No Duebook backend answers at this address.',
      );
      expect(await page.locator(`${row(1)} [data-field="ladder.1.stage"] > .field-error`).textContent()).toBe(
        'Unknown stage; use one of the ladder templates.',
      );
      expect(await page.getByRole('alert').textContent()).toContain('Settings not saved.');
    });
  });

  describe('time zone', () => {
    it('lists every zone the browser knows, narrows them as typed and picks one from the keyboard', async () => {
      // Prepare
      const { page, callsTo } = await open({ saveSettings: ok(settings()) });
      const input = page.getByRole('combobox', { name: 'Office time zone' });
      const list = page.getByRole('listbox', { name: 'Time zones to choose from' });
      const total = (await page.evaluate('Intl.supportedValuesOf("timeZone").length')) as number;
      // Act: clear it (the whole list), then type part of a city.
      await input.fill('');
      await input.focus();
      await input.press('ArrowDown');
      const everyZone = await list.locator('.zone-more').textContent();
      await input.fill('los ang');
      // Assess
      expect(total).toBeGreaterThan(300);
      expect(everyZone).toMatch(/more: type more of the name$/);
      expect(await list.getByRole('option').allTextContents()).toEqual(['America/Los Angeles']);
      expect(await input.getAttribute('aria-expanded')).toBe('true');
      await page.setViewportSize({ width: 300, height: 640 });
      await screenshot(page, 'settings-time-zone-list-300px');
      await input.press('ArrowDown');
      expect(await input.getAttribute('aria-activedescendant')).toBe(
        await list.getByRole('option').first().getAttribute('id'),
      );
      await input.press('Enter');
      expect(await input.inputValue()).toBe('America/Los_Angeles');
      expect(await list.isHidden()).toBe(true);
      // Escape closes without choosing; nothing matching says so.
      await input.fill('zzz');
      expect(await list.textContent()).toBe('No time zone matches.');
      await input.press('Escape');
      expect(await list.isHidden()).toBe(true);
      await input.fill('America/Los_Angeles');
      await input.press('Escape');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Settings saved.');
      expect(((await callsTo('saveSettings'))[0] as Settings).timeZone).toBe('America/Los_Angeles');
    });

    it('picks a zone with the mouse', async () => {
      const { page } = await open({});
      const input = page.getByRole('combobox', { name: 'Office time zone' });
      await input.fill('berlin');
      await page.getByRole('option', { name: 'Europe/Berlin' }).click();
      expect(await input.inputValue()).toBe('Europe/Berlin');
    });
  });

  describe('backend URL', () => {
    it("is hidden from a clerk, and a clerk's save sends no address and asks for none", async () => {
      const { page, callsTo } = await open({
        getSettings: ok(settings({ backendUrl: '', canEditBackendUrl: false })),
        saveSettings: ok(settings({ backendUrl: '', canEditBackendUrl: false })),
      });
      expect(await page.getByLabel('Backend URL').isHidden()).toBe(true);
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Settings saved.');
      expect(((await callsTo('saveSettings'))[0] as Settings).backendUrl).toBe('');
      await page.setViewportSize({ width: 300, height: 640 });
      await screenshot(page, 'settings-clerk-300px');
    });
  });

  describe('ledger and payments', () => {
    it("fills the number format, card payments with the provider's state and the page limits, and sends them edited", async () => {
      const { page, callsTo } = await open({
        getSettings: ok(
          settings({
            numberFormat: '1,234.56',
            onlinePayments: true,
            paymentsProvider: 'none',
            portalLimits: { promiseMaxDays: 30, planMaxInstallments: 12, planMinInstallmentMinor: 2_500 },
          }),
        ),
        saveSettings: ok(settings()),
      });
      expect(await page.getByLabel('Amounts in the sheet are written as').inputValue()).toBe('1,234.56');
      expect(await page.locator('#payments-provider').textContent()).toMatch(/^No card provider is set up/);
      expect(await page.getByLabel('Smallest payment in such a plan').inputValue()).toBe('25.00');
      await page.getByLabel('Amounts in the sheet are written as').selectOption('1.234,56');
      await page.getByLabel(/Offer card payments/).uncheck();
      await page.getByLabel('Longest promise a customer may make alone (days)').fill('45');
      await page.getByLabel('Most payments in a plan a customer sets up alone').fill('6');
      await page.getByLabel('Smallest payment in such a plan').fill('50.5');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Settings saved.');
      expect((await callsTo('saveSettings'))[0]).toMatchObject({
        numberFormat: '1.234,56',
        onlinePayments: false,
        portalLimits: { promiseMaxDays: 45, planMaxInstallments: 6, planMinInstallmentMinor: 5_050 },
      });
      await page.setViewportSize({ width: 300, height: 640 });
      await screenshot(page, 'settings-payments-300px');
    });

    it('blocks limits out of bounds beside each field without calling the server, and shows a server error on a limit', async () => {
      const { page, callsTo, answer } = await open({});
      await page.getByLabel('Longest promise a customer may make alone (days)').fill('0');
      await page.getByLabel('Most payments in a plan a customer sets up alone').fill('2.5');
      await page.getByLabel('Smallest payment in such a plan').fill('12.345');
      await page.getByRole('button', { name: 'Save' }).click();
      const error = (field: string) => page.locator(`[data-field="${field}"] > .field-error`).textContent();
      expect(await error('portalLimits.promiseMaxDays')).toBe('Whole days, from 1 to 365.');
      expect(await error('portalLimits.planMaxInstallments')).toBe('Whole payments, from 2 to 120.');
      expect(await error('portalLimits.planMinInstallmentMinor')).toBe(
        'An amount such as 25.00 (at most two decimals).',
      );
      expect(await callsTo('saveSettings')).toEqual([]);
      await page.getByLabel('Longest promise a customer may make alone (days)').fill('30');
      await page.getByLabel('Most payments in a plan a customer sets up alone').fill('12');
      await page.getByLabel('Smallest payment in such a plan').fill('25');
      await answer(
        'saveSettings',
        fail('invalid', 'Settings not saved.', [
          { field: 'portalLimits.promiseMaxDays', message: 'Number must be less than or equal to 365' },
        ]),
      );
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('alert').waitFor();
      expect(await error('portalLimits.promiseMaxDays')).toBe('Number must be less than or equal to 365');
    });
  });
});
