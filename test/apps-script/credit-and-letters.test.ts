// The built add-on's server functions for credit holds and printable letters, against an in-process
// stand-in backend: the release lifts the hold and clears the sheet's flag; letters come back as
// PDF files; the queue's credit tasks are formatted for their own view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreditHoldReleased, PdfFile, QueueEntry, Result } from '../../apps-script/src/contract.js';
import { type BuiltBundle, buildBundle, type LoadedAddon, loadAddon } from './addon-harness.js';
import { createStandIn, type StandInOptions } from './stand-in-backend.js';

let bundle: BuiltBundle;
const loaded: LoadedAddon[] = [];

beforeAll(async () => {
  bundle = await buildBundle({ skipUi: true });
}, 60_000);

afterAll(async () => {
  await Promise.all(loaded.map((a) => a.gas.close()));
});

function withStandIn(options: StandInOptions = {}) {
  const standIn = createStandIn(options);
  const a = loadAddon(bundle, { backend: (r) => standIn.handle(r) });
  loaded.push(a);
  a.gas.identityToken = 'stand-in-token';
  a.gas.documentProperties.set('duebook.settings', JSON.stringify({ backendUrl: 'https://api.test' }));
  return { a, standIn };
}

const CUSTOMERS = [
  ['Customer ID', 'Name', 'Flags'],
  ['C-1', 'Harbor Supply Co', 'credit-hold, dispute'],
  ['C-2', 'Quay Bakery', ''],
];

describe('apps-script/credit-hold', () => {
  describe('releaseCreditHold', () => {
    it('asks the backend to release, then clears only the credit-hold flag in the sheet', () => {
      // Prepare
      const posted: unknown[] = [];
      const { a } = withStandIn({
        post: (path, body) => {
          if (path !== '/v1/credit-holds/release') return undefined;
          posted.push(body);
          return {
            status: 200,
            body: {
              customerId: 'C-1',
              customerName: 'Harbor Supply Co',
              result: 'released',
              notice: 'notified',
              notifiedTo: 'credit@lakeside.example',
            },
          };
        },
      });
      const sheet = a.gas.addSheet('Customers', CUSTOMERS);
      // Act
      const result = a.call<Result<CreditHoldReleased>>('releaseCreditHold', {
        customerId: 'C-1',
        note: 'wire on Friday',
      });
      // Assess
      expect(result).toEqual({
        ok: true,
        value: {
          customerId: 'C-1',
          result: 'released',
          message:
            'Credit hold released for Harbor Supply Co. The credit contact (credit@lakeside.example) was told.',
        },
      });
      expect(posted).toEqual([{ customerId: 'C-1', note: 'wire on Friday' }]);
      expect(sheet.column('Flags')).toEqual(['dispute', '']);
    });

    it("returns the backend's refusal by field and leaves the sheet as it was", () => {
      const { a } = withStandIn({
        post: (path) =>
          path === '/v1/credit-holds/release'
            ? {
                status: 409,
                body: {
                  error: {
                    code: 'REQUEST.CONFLICT',
                    message: 'C-2 is not on credit hold; there is nothing to release',
                    details: [{ field: 'customerId', message: 'has no credit-hold flag' }],
                  },
                },
              }
            : undefined,
      });
      const sheet = a.gas.addSheet('Customers', CUSTOMERS);
      const result = a.call<Result<CreditHoldReleased>>('releaseCreditHold', { customerId: 'C-2' });
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).toContain('not on credit hold');
      expect(sheet.column('Flags')).toEqual(['credit-hold, dispute', '']);
    });
  });
});

describe('apps-script/letter-pdfs', () => {
  describe('todayLetterPdf and storedLetterPdf', () => {
    it("returns one debtor's letter of today and a stored letter as PDF files, asking for them by id and key", () => {
      const asked: string[] = [];
      const pdf = Buffer.from('%PDF-1.4').toString('base64');
      const { a } = withStandIn({
        get: (path, query) => {
          asked.push(`${path}?${query.toString()}`);
          if (path === '/v1/letters/today')
            return {
              status: 200,
              body: { asOf: '2026-11-23', letters: [{ customerId: 'C 1' }], skipped: [], pdfBase64: pdf },
            };
          if (path === '/v1/letters') return { status: 200, body: { key: query.get('key'), base64: pdf } };
          return undefined;
        },
      });
      const today = a.call<Result<PdfFile>>('todayLetterPdf', 'C 1');
      const stored = a.call<Result<PdfFile>>(
        'storedLetterPdf',
        'tenant/t1/letters/validation-notice/C-1/2026-10-20.pdf',
      );
      expect(today).toEqual({ ok: true, value: { fileName: 'letter-C-1-2026-11-23.pdf', base64: pdf } });
      expect(stored).toEqual({ ok: true, value: { fileName: '2026-10-20.pdf', base64: pdf } });
      expect(asked).toEqual([
        '/v1/letters/today?customer=C+1',
        '/v1/letters?key=tenant%2Ft1%2Fletters%2Fvalidation-notice%2FC-1%2F2026-10-20.pdf',
      ]);
    });

    it('says why there is no letter when the backend left the debtor out', () => {
      const { a } = withStandIn({
        get: (path) =>
          path === '/v1/letters/today'
            ? {
                status: 200,
                body: {
                  asOf: '2026-11-23',
                  letters: [],
                  skipped: [{ customerId: 'C-1', stage: 'x', reason: 'no postal address' }],
                },
              }
            : undefined,
      });
      const result = a.call<Result<PdfFile>>('todayLetterPdf', 'C-1');
      expect(result).toMatchObject({
        ok: false,
        error: { message: 'No letter for C-1 today: no postal address.' },
      });
    });
  });
});

describe('apps-script/queue', () => {
  describe('getQueue', () => {
    it('returns a credit task as its own kind, amounts formatted, whom told on the office clock', () => {
      const { a } = withStandIn({
        get: (path) =>
          path === '/v1/queue'
            ? {
                status: 200,
                body: {
                  timeZone: 'America/New_York',
                  entries: [
                    {
                      customerId: 'C-1',
                      stage: 'credit-hold',
                      channel: 'internal:credit-hold',
                      cycle: '2026-10-04',
                      kind: 'task',
                      status: 'task',
                      explanation: { summary: 'stage credit-hold reached' },
                      task: {
                        subject: 'Credit hold: Harbor Supply Co (C-1)',
                        notifiedTo: 'credit@lakeside.example',
                        sentAt: '2026-11-23T14:02:00.000Z',
                        credit: {
                          notice: 'hold',
                          action: 'stop-service',
                          reason: 'stage credit-hold reached',
                          accounts: [
                            {
                              currency: 'USD',
                              balanceMinor: 120_000,
                              overdueMinor: 90_000,
                              oldestDaysPastDue: 50,
                            },
                          ],
                        },
                      },
                    },
                  ],
                },
              }
            : undefined,
      });
      a.gas.addSheet('Customers', CUSTOMERS);
      const result = a.call<Result<{ entries: QueueEntry[] }>>('getQueue');
      expect(result.ok).toBe(true);
      const [entry] = result.ok ? result.value.entries : [];
      expect(entry).toMatchObject({
        kind: 'task',
        customerName: 'Harbor Supply Co',
        credit: {
          notice: 'hold',
          action: 'Stop service',
          reason: 'stage credit-hold reached',
          accounts: [
            {
              balance: { currency: 'USD', minor: 120_000 },
              overdue: { currency: 'USD', minor: 90_000 },
              oldestDaysPastDue: 50,
            },
          ],
          notifiedTo: 'credit@lakeside.example',
          sentAt: '2026-11-23 09:02',
        },
      });
      expect(entry?.credit?.accounts[0]?.balance.text).toMatch(/1,200\.00/);
    });
  });
});

describe('apps-script/display', () => {
  describe('displayLocale', () => {
    it("returns the spreadsheet's locale as a BCP 47 tag for the pages' dates", () => {
      const { a } = withStandIn();
      expect(a.call<Result<{ locale: string }>>('displayLocale')).toEqual({
        ok: true,
        value: { locale: 'en-US' },
      });
      const german = loadAddon(bundle, { locale: 'de_DE' });
      loaded.push(german);
      expect(german.call<Result<{ locale: string }>>('displayLocale')).toEqual({
        ok: true,
        value: { locale: 'de-DE' },
      });
    });
  });
});
