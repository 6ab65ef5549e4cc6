// The Dashboard tab as a picture: the demo ledger's Dashboard, written by the add-on into the strict
// fake, rendered in Chromium (values under their formats, links, charts from their ranges) at 300 px
// and at full width; also checks that nothing in it is cut off or left unformatted.

import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshDashboardTab } from '../../../apps-script/src/dashboard-tab.js';
import { readLedger } from '../../../cli/read-ledger.js';
import { TAB_NAMES } from '../../../core/ledger/schema.js';
import { parseLedger } from '../../../core/ledger/schema-rows.js';
import { DEMO_DIR } from '../addon-harness.js';
import { FakeGas, type FakeSheet } from '../fake-gas.js';
import { launchBrowser, screenshot } from './harness.js';
import { sheetHtml } from './sheet-picture.js';

const resultPath = (name: string) =>
  join(resolve(import.meta.dirname, '../../../test-results'), `${name}.png`);

let browser: Browser;
let dash: FakeSheet;

beforeAll(async () => {
  const { rows } = await readLedger(DEMO_DIR);
  browser = await launchBrowser();
  const gas = new FakeGas();
  for (const tab of TAB_NAMES) gas.addSheet(tab, (rows[tab] ?? [[tab]]) as unknown[][]);
  const ss = (gas.globals().SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp).getActive();
  refreshDashboardTab(ss, parseLedger(rows).ledger, {
    asOf: '2026-11-23',
    now: Date.parse('2026-11-23T15:00:00Z'),
    officeTimeZone: 'America/New_York',
    contactPreset: 'federal',
    sheets: new Map(TAB_NAMES.map((t) => [t as string, ss.getSheetByName(t)!])),
  });
  dash = gas.sheet('Dashboard')!;
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('apps-script/dashboard-tab (picture)', () => {
  describe('refreshDashboardTab', () => {
    for (const width of [300, 1700]) {
      it(`renders the demo Dashboard at ${width} px with its figures formatted, its links live and three charts`, async () => {
        // Prepare
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        await context.route('**/*', (route) => route.abort('blockedbyclient'));
        const page = await context.newPage();
        // Act
        await page.setContent(sheetHtml(dash, 'America/New_York'));
        // At 300 px, what a narrow window shows; at full width, the whole tab with its charts.
        if (width === 300)
          await page.screenshot({ path: resultPath('dashboard-tab-300px'), fullPage: false });
        else await screenshot(page, `dashboard-tab-${width}px`);
        // Assess
        const text = (await page.locator('table').textContent()) ?? '';
        expect(text).toContain('Receivables dashboard');
        expect(text).toMatch(/Nov 23, 2026/);
        expect(text).toMatch(/\d{1,3}(,\d{3})*\.\d{2}/);
        expect(text).not.toContain('=HYPERLINK');
        // Stages by their names, never their ids.
        expect(text).toContain('Validation notice');
        expect(text).not.toMatch(/validation-notice|reminder-\d/);
        expect(await page.locator('a[href^="#gid="]').count()).toBeGreaterThan(0);
        expect(await page.locator('svg').count()).toBe(3);
        await context.close();
      });
    }
  });
});
