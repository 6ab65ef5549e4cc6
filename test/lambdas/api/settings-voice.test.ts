// The office's identity and voice through the API on DynamoDB Local: identity, payment instructions
// and logo saved and checked, stage wording refused or saved with its field named, a live preview
// on a real account, and the sender's one render path using the saved wording and reply-to.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerFromSnapshots } from '../../../core/collections/account-snapshot.js';
import { planCollections } from '../../../core/collections/collection-plan.js';
import { LedgerService, officeToday } from '../../../lambdas/services/ledger-service.js';
import { composeNow } from '../../../lambdas/services/sender.js';
import { policyFor } from '../../../lambdas/services/tenant-policy.js';
import { pageLines } from '../documents/pdf-text.js';
import { type ApiStack, chunk, startApiStack } from '../support/api-stack.js';

const NOW = new Date('2026-11-23T15:00:00Z');
const CUSTOMER_HEADER = ['Customer ID', 'Name', 'Email', 'Address'];
const INVOICE_HEADER = ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'];
/** A 1x1 PNG. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const IDENTITY = {
  officeName: 'Harbor Dental Group LLC',
  tradingName: 'Harbor Dental',
  officeAddress: '1 Quay St\nBoston, MA 02110',
  officePhone: '555-0100',
  officeEmail: 'billing@harbor.example',
  signature: 'Maria Lopez\nBilling manager',
  footerText: 'Harbor Dental Group LLC, registered in Massachusetts.',
  paymentInstructions: {
    bankTransfer: 'Bank: First Harbor Bank\nAccount: 000123456',
    chequePayee: 'Harbor Dental Group LLC',
  },
};

describe('api settings (office identity and voice)', () => {
  let stack: ApiStack;
  let lettersDir: string;
  let a: ApiStack['offices'][0];

  beforeAll(async () => {
    lettersDir = await mkdtemp(join(tmpdir(), 'duebook-voice-'));
    stack = await startApiStack(() => NOW, lettersDir);
    [a] = stack.offices;
    const c = await stack.call(
      a,
      'POST',
      '/v1/sync',
      chunk('Customers', CUSTOMER_HEADER, [
        ['C-1', 'Nguyễn Văn <An>', 'an@example.com', '12 Elm St, Springfield, IL 62701'],
      ]),
    );
    const i = await stack.call(
      a,
      'POST',
      '/v1/sync',
      chunk('Invoices', INVOICE_HEADER, [
        ['INV-1', 'C-1', '2026-08-01', '2026-09-01', '1200.00', 'USD'],
        ['INV-2', 'C-1', '2026-08-15', '2026-09-15', '300.50', 'EUR'],
      ]),
    );
    expect([c.status, i.status, c.body.rejected, i.body.rejected]).toEqual([200, 200, 0, 0]);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await rm(lettersDir, { recursive: true, force: true });
  });

  describe('GET /v1/settings', () => {
    it('says whether the deployment has a card provider, for the add-on to show beside onlinePayments', async () => {
      // The test stack's API is wired to the Stripe stand-in (test/lambdas/support/api-stack.ts).
      const res = await stack.call(a, 'GET', '/v1/settings');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ paymentsProvider: 'stripe' });
    });
  });

  describe('POST /v1/settings', () => {
    it('returns the identity, payment instructions and logo saved', async () => {
      // Act
      const res = await stack.call(a, 'POST', '/v1/settings', {
        ...IDENTITY,
        logo: { contentType: 'image/png', dataBase64: PNG },
      });
      // Assess
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ...IDENTITY, logo: { contentType: 'image/png', dataBase64: PNG } });
      expect((await stack.call(a, 'GET', '/v1/settings')).body).toMatchObject(IDENTITY);
    });

    it.each([
      [
        'a GIF',
        { contentType: 'image/png', dataBase64: 'R0lGODlhAQABAAAAACw=' },
        'is not a PNG or JPEG image',
      ],
      [
        'a PNG said to be a JPEG',
        { contentType: 'image/jpeg', dataBase64: PNG },
        'is a image/png image, not image/jpeg',
      ],
      ['not base64', { contentType: 'image/png', dataBase64: 'not base64!' }, 'is not base64'],
      ['too large', { contentType: 'image/png', dataBase64: 'A'.repeat(120_000) }, 'at most 64 KB'],
    ])('returns 400 naming logo.dataBase64 for %s', async (_, logo, message) => {
      const res = await stack.call(a, 'POST', '/v1/settings', { logo });
      expect(res.status).toBe(400);
      expect(res.text).toContain('logo.dataBase64');
      expect(res.text).toContain(message);
    });

    it('returns 400 naming the stage, the field and the unknown placeholder, and keeps the saved wording', async () => {
      const res = await stack.call(a, 'POST', '/v1/settings', {
        templates: {
          'reminder-30': { subject: 'Balance', body: 'Dear {{customer.nam}}, {{overdue.total}}.' },
        },
      });
      expect(res.status).toBe(400);
      expect(res.body.error?.details).toEqual([
        {
          field: 'templates.reminder-30.body',
          message: 'unknown placeholder {{customer.nam}} (did you mean {{customer.name}}?)',
        },
      ]);
      expect((await stack.call(a, 'GET', '/v1/settings')).body.templates).toBeUndefined();
    });

    it('returns 400 for a stage the ladder does not have, or one that sends no reminder', async () => {
      const res = await stack.call(a, 'POST', '/v1/settings', {
        templates: {
          'reminder-99': { subject: 'x', body: '{{overdue.total}}' },
          handover: { subject: 'x', body: '{{overdue.total}}' },
        },
      });
      expect(res.status).toBe(400);
      expect(res.text).toContain('templates.reminder-99: \\"reminder-99\\" is not a stage');
      expect(res.text).toContain(
        'templates.handover: the hand-over to attorney or agency stage sends no reminder',
      );
    });

    it('returns the wording saved per stage, and null puts one stage back on the default', async () => {
      const firm = {
        subject: 'Still open: {{overdue.total}}',
        body: 'Dear {{customer.name}},\n\n{{invoices.table}}',
      };
      const one = await stack.call(a, 'POST', '/v1/settings', {
        templates: { 'reminder-30': firm, 'reminder-60': firm },
      });
      const two = await stack.call(a, 'POST', '/v1/settings', { templates: { 'reminder-60': null } });
      expect([one.status, two.status]).toEqual([200, 200]);
      expect(two.body.templates).toEqual({ 'reminder-30': firm });
    });
  });

  describe('POST /v1/settings/preview', () => {
    it("returns a draft rendered on a real account with the office's identity, escaped", async () => {
      const res = await stack.call(a, 'POST', '/v1/settings/preview', {
        stage: 'reminder-15',
        customerId: 'C-1',
        template: {
          subject: 'About {{overdue.total}}',
          body: 'Hello {{customer.name}}, {{overdue.total}} {{overdue.is}} open.\n\n{{invoices.table}}\n\n{{pay.link}}',
        },
      });
      expect(res.status).toBe(200);
      const body = res.body as unknown as {
        subject: string;
        text: string;
        html: string;
        tone: string;
        identityProblems: string[];
      };
      expect(body.tone).toBe('friendly');
      expect(body.subject).toBe('About USD 1,200.00 and EUR 300.50');
      expect(body.text).toContain('Hello Nguyễn Văn <An>, USD 1,200.00 and EUR 300.50 are open.');
      expect(body.html).toContain('Nguyễn Văn &lt;An&gt;');
      expect(body.text).toContain('To pay by bank transfer:\nBank: First Harbor Bank');
      expect(body.text).toContain(
        'Sincerely,\nMaria Lopez\nBilling manager\nHarbor Dental\nHarbor Dental Group LLC',
      );
      expect(body.identityProblems).toEqual([]);
    });

    it('returns 400 naming an unknown placeholder in a draft', async () => {
      const res = await stack.call(a, 'POST', '/v1/settings/preview', {
        stage: 'final-demand',
        customerId: 'C-1',
        template: { subject: 'x', body: '{{overdue.total}} {{handover.date}} {{portal.url}}' },
      });
      expect(res.status).toBe(400);
      expect(res.text).toContain('templates.final-demand.body: unknown placeholder {{portal.url}}');
    });

    it('returns 404 for a customer never synced', async () => {
      const res = await stack.call(a, 'POST', '/v1/settings/preview', {
        stage: 'reminder-1',
        customerId: 'C-404',
      });
      expect(res.status).toBe(404);
    });
  });

  describe('GET /v1/letters/today', () => {
    it("returns the day's letters as one PDF under the letterhead, kept in letter storage", async () => {
      // Prepare: a California customer, whose first contact is the validation notice (a letter).
      const c = await stack.call(
        a,
        'POST',
        '/v1/sync',
        chunk('Customers', CUSTOMER_HEADER, [
          ['C-2', 'Trần Thị Bích', 'bich@example.com', '45 J St, Sacramento, CA 95814'],
        ]),
      );
      const i = await stack.call(
        a,
        'POST',
        '/v1/sync',
        chunk('Invoices', INVOICE_HEADER, [['INV-9', 'C-2', '2026-08-01', '2026-09-01', '640.00', 'USD']]),
      );
      expect([c.status, i.status]).toEqual([200, 200]);
      // Act
      const res = await stack.call(a, 'GET', '/v1/letters/today');
      // Assess
      expect(res.status).toBe(200);
      const body = res.body as unknown as { letters: unknown[]; storedAs: string; pdfBase64: string };
      expect(body.letters).toContainEqual({ customerId: 'C-2', stage: 'validation-notice' });
      expect(body.storedAs).toBe(`tenant/${a.tenantId}/letters/day/2026-11-23.pdf`);
      const text = (await pageLines(Buffer.from(body.pdfBase64, 'base64'))).flat().join('\n');
      expect(text).toContain('Trần Thị Bích');
      expect(text).toContain('Harbor Dental Group LLC, registered in Massachusetts.');
      expect(text).toContain('Dispute by');
    });

    it("returns one debtor's letter alone with ?customer= (the Today list's one click), not kept in storage", async () => {
      // C-2 was synced by the test above: a validation notice is due today.
      const res = await stack.call(a, 'GET', '/v1/letters/today?customer=C-2');
      const other = await stack.call(a, 'GET', '/v1/letters/today?customer=C-404');
      expect(res.status).toBe(200);
      const body = res.body as unknown as { letters: unknown[]; storedAs?: string; pdfBase64: string };
      expect(body.letters).toEqual([{ customerId: 'C-2', stage: 'validation-notice' }]);
      expect(body.storedAs).toBeUndefined();
      const pages = await pageLines(Buffer.from(body.pdfBase64, 'base64'));
      expect(pages.flat().join('\n')).toContain('Trần Thị Bích');
      expect(pages.flat().join('\n')).not.toContain('Nguyễn Văn');
      expect(other.body).toMatchObject({ letters: [], skipped: [] });
      expect((other.body as { pdfBase64?: string }).pdfBase64).toBeUndefined();
    });

    it('returns 409 with the reason for an office without a postal address', async () => {
      const res = await stack.call(stack.offices[1], 'GET', '/v1/letters/today');
      expect(res.status).toBe(409);
      expect(res.text).toContain("the office's postal address is not set");
    });
  });

  describe('composeNow (sender)', () => {
    it("renders the due stage in the office's saved wording, signed with its identity, replies to its address", async () => {
      // Prepare: the stage the planner has due for C-1 today, worded by the office.
      const settings = (await stack.store.getSettings(a.tenantId))!;
      const ledger = new LedgerService(stack.store);
      const asOf = officeToday(NOW, settings.timeZone);
      const snapshot = (await ledger.currentAccount(a.tenantId, 'C-1', asOf))!;
      const policy = policyFor(settings);
      const plan = planCollections({
        ...ledgerFromSnapshots([snapshot], asOf),
        policy,
        asOf,
        now: NOW.getTime(),
        defaultTimeZone: settings.timeZone,
      });
      const action = plan.actions.find((x) => x.channel === 'email');
      expect(action, JSON.stringify(plan.blocked)).toBeDefined();
      if (!action) return;
      const own = {
        subject: 'Account {{customer.name}}',
        body: 'We still show {{overdue.total}} open.\n\n{{invoices.table}}',
      };
      await stack.call(a, 'POST', '/v1/settings', { templates: { [action.stage]: own } });
      const saved = (await stack.store.getSettings(a.tenantId))!;
      // Act
      const composed = await composeNow(
        {
          tenantId: a.tenantId,
          customerId: 'C-1',
          stage: action.stage,
          channel: 'email',
          cycle: action.cycle,
          plannedOn: asOf,
        },
        {
          store: stack.store,
          ledger,
          senderAddress: 'billing@harbor.example',
          publicBaseUrl: 'http://127.0.0.1',
          unsubscribeSecret: 'test-secret',
        },
        saved,
        NOW,
      );
      // Assess
      expect(composed.kind).toBe('send');
      if (composed.kind !== 'send') return;
      expect(composed.email.subject).toBe('Account Nguyễn Văn <An>');
      expect(composed.email.text).toMatch(/^We still show EUR 300.50 and USD 1,200.00 open\./);
      expect(composed.email.text).toContain('Harbor Dental Group LLC, registered in Massachusetts.');
      expect(composed.email.replyTo).toBe('billing@harbor.example');
    });
  });
});
