// The debtor's self-service page in headless Chromium, served by the local stack: phone and desktop
// widths, labels, contrast, keyboard-only use, nothing loaded from elsewhere, first load under 50 KB.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncLedger } from '../../../cli/sync-client.js';
import { type LocalStack, startLocalStack } from '../../../lambdas/local/stack.js';
import { launchBrowser, screenshot } from '../../apps-script/ui/harness.js';

/**
 * Run in the page: fields without a label, and the lowest contrast between any text and the
 * background it sits on (WCAG relative luminance).
 */
const CHECK_LABELS_AND_CONTRAST = `(() => {
  const unlabelled = [...document.querySelectorAll('input:not([type=hidden]),select,textarea')]
    .filter((el) => el.labels?.length === 0)
    .map((el) => el.outerHTML);
  const rgb = (c) => (c.match(/\\d+(\\.\\d+)?/g) ?? []).slice(0, 3).map(Number);
  const lum = (c) => {
    const [r, g, b] = rgb(c).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = (el) => {
    while (el) {
      const bg = getComputedStyle(el).backgroundColor;
      if (bg && !bg.startsWith('rgba(0, 0, 0, 0)')) return bg;
      el = el.parentElement;
    }
    return 'rgb(255, 255, 255)';
  };
  let worst = 21;
  for (const el of document.querySelectorAll('p,td,th,label,a,button,summary,h1,h2,span,strong')) {
    if (!el.textContent?.trim()) continue;
    const [a, b] = [lum(getComputedStyle(el).color), lum(background(el))];
    worst = Math.min(worst, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05));
  }
  return { unlabelled, worst };
})()`;

describe('portal page in Chromium', () => {
  let stack: LocalStack;
  let browser: Browser;
  let portal = '';

  beforeAll(async () => {
    const clock = new Date('2026-11-23T14:05:00Z');
    stack = await startLocalStack({ tenantId: 'page-office', now: () => clock });
    await syncLedger(
      stack.apiUrl,
      { idToken: await stack.token() },
      {
        Customers: [
          ['Customer ID', 'Name', 'Email', 'Time Zone', 'Dunning'],
          ['W-1', 'Nguyễn Văn An', 'an@example.com', 'America/New_York', 'catch-up'],
        ],
        Invoices: [
          ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency', 'Description'],
          ['WI-1', 'W-1', '2026-09-20', '2026-10-20', '1250.00', 'USD', 'Root canal therapy, tooth 19'],
          ['WI-2', 'W-1', '2026-10-01', '2026-10-31', '310.40', 'USD', 'Crown fitting'],
        ],
      },
    );
    await stack.runDay();
    await stack.dispatch();
    await stack.drain();
    const [message] = await stack.store.messages(stack.tenantId, 'W-1');
    portal = /^See your account[^:]*: (\S+)$/m.exec(message!.text)![1]!;
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** Opens the page at a width, recording every request and the bytes of every answer. */
  const open = async (width: number): Promise<{ page: Page; hosts: Set<string>; bytes: () => number }> => {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    const hosts = new Set<string>();
    let bytes = 0;
    page.on('request', (r) => hosts.add(new URL(r.url()).host));
    page.on('response', async (r) => {
      bytes += (await r.body().catch(() => Buffer.alloc(0))).length;
    });
    await page.goto(portal);
    return { page, hosts, bytes: () => bytes };
  };

  describe('GET /v1/portal', () => {
    it('fits a 375 px phone, loads nothing from elsewhere and weighs under 50 KB', async () => {
      // Act
      const { page, hosts, bytes } = await open(375);
      await page.waitForLoadState('networkidle');
      const overflow = (await page.evaluate('document.documentElement.scrollWidth')) as number;
      const path = await screenshot(page, 'portal-375');
      // Assess
      expect(overflow).toBeLessThanOrEqual(375);
      expect([...hosts]).toEqual([new URL(stack.apiUrl).host]);
      expect(bytes()).toBeGreaterThan(1000);
      expect(bytes()).toBeLessThanOrEqual(50 * 1024);
      expect(await page.textContent('h1')).toContain('Nguyễn Văn An');
      expect(path).toMatch(/portal-375\.png$/);
      await page.context().close();
    });

    it('shows no invoice description (no clinical detail)', async () => {
      // Act
      const { page } = await open(1280);
      const text = await page.textContent('body');
      await screenshot(page, 'portal-1280');
      // Assess
      expect(text).not.toContain('Root canal');
      expect(text).not.toContain('Crown');
      expect(text).toContain('WI-1');
      await page.context().close();
    });

    it('labels every field and keeps text contrast at 4.5:1 or more', async () => {
      // Act
      const { page } = await open(375);
      const report = (await page.evaluate(CHECK_LABELS_AND_CONTRAST)) as {
        unlabelled: string[];
        worst: number;
      };
      // Assess
      expect(report.unlabelled).toEqual([]);
      expect(report.worst).toBeGreaterThanOrEqual(4.5);
      await page.context().close();
    });

    it('lets a keyboard-only debtor dispute an invoice', async () => {
      // Prepare
      const { page } = await open(375);
      // Act: Tab to the invoice list, pick the second invoice, write why, send with Enter
      let focused = '';
      for (let i = 0; i < 30 && focused !== 'd-inv'; i++) {
        await page.keyboard.press('Tab');
        focused = (await page.evaluate("document.activeElement?.id ?? ''")) as string;
      }
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Tab');
      await page.keyboard.type('The crown was never fitted');
      await page.keyboard.press('Tab');
      await Promise.all([page.waitForURL(/done=dispute/), page.keyboard.press('Enter')]);
      await screenshot(page, 'portal-375-disputed');
      // Assess
      expect(focused).toBe('d-inv');
      expect(await page.textContent('[role=status]')).toContain('the office will look into the invoice');
      const invoice = await stack.store.getRow(stack.tenantId, 'Invoices', 'WI-2');
      expect(invoice!.fields.status).toBe('disputed');
      await page.context().close();
    });
  });
});
