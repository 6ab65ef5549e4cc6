// The validation-notice letter on the real local stack (DynamoDB Local, letter storage): the daily run
// renders the notice as a PDF with its required content, the review queue links it, GET /v1/letters
// serves it, and approving it logs the letter so the next run goes on to the reminders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncLedger } from '../../../cli/sync-client.js';
import { PAGE, WINDOW } from '../../../lambdas/documents/pdf.js';
import { type LocalStack, startLocalStack } from '../../../lambdas/local/stack.js';
import { validationNoticePath } from '../../../lambdas/services/validation-notice.js';
import { drawnText } from '../documents/pdf-text.js';
import { stackApi } from '../support/stack-client.js';

/** 09:00 New York (EST) on a day. */
const at = (date: string) => new Date(`${date}T14:00:00Z`);

interface QueueItemBody {
  customerId: string;
  stage: string;
  channel: string;
  cycle: string;
  status: string;
  explanation: { summary: string };
  letter?: { pdf: string; disputeBy?: string };
}

describe('lambdas/services/validation-notice', () => {
  let stack: LocalStack;
  let clock = at('2026-11-23');

  beforeAll(async () => {
    stack = await startLocalStack({
      tenantId: 'notice-office',
      now: () => clock,
      settings: {
        reviewMode: true,
        officeName: 'Eastside Clinic LLC',
        officeAddress: '1 Main St, Boston, MA 02108',
      },
    });
    await syncLedger(
      stack.apiUrl,
      { idToken: await stack.token() },
      {
        Customers: [
          ['Customer ID', 'Name', 'Email', 'Address', 'Time Zone', 'Dunning'],
          [
            'V-1',
            'Dana Ngô Debtor',
            'dana@example.com',
            '31 Beacon St, Boston, MA 02108',
            'America/New_York',
            'catch-up',
          ],
          [
            'V-2',
            'Acme Supply LLC',
            'acme@example.com',
            '9 Elm St, Boston, MA 02108',
            'America/New_York',
            'catch-up',
          ],
        ],
        Invoices: [
          ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
          ['VI-1', 'V-1', '2026-09-20', '2026-10-20', '400.00', 'USD'],
          ['VI-2', 'V-1', '2026-09-25', '2026-10-25', '150.00', 'USD'],
          ['VI-3', 'V-2', '2026-09-20', '2026-10-20', '700.00', 'USD'],
        ],
      },
    );
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const api = (path: string, init?: RequestInit & { token?: string }) => stackApi(stack)(path, init);
  const queue = async (): Promise<QueueItemBody[]> => (await api('/v1/queue')).body.entries;

  describe('runDay', () => {
    it('returns a review entry for a Massachusetts consumer linking the stored notice PDF with the required content', async () => {
      // Act
      const summary = await stack.runDay();
      const entries = await queue();
      // Assess
      expect(summary.failed).toBe(0);
      const notice = entries.find((e) => e.customerId === 'V-1')!;
      expect(notice).toMatchObject({
        stage: 'validation-notice',
        channel: 'letter',
        status: 'awaiting-review',
        letter: {
          pdf: `tenant/notice-office/${validationNoticePath('V-1', notice.cycle)}`,
          disputeBy: '2026-12-28',
        },
      });
      expect(notice.explanation.summary).toContain(notice.letter!.pdf);
      // A business debtor gets no validation notice: its email reminder waits for review instead.
      expect(entries.filter((e) => e.customerId === 'V-2').map((e) => e.stage)).not.toContain(
        'validation-notice',
      );
      // The PDF as served by the API, read back.
      const served = await api(`/v1/letters?key=${encodeURIComponent(notice.letter!.pdf)}`);
      expect(served.status).toBe(200);
      expect(served.body.contentType).toBe('application/pdf');
      const drawn = await drawnText(Buffer.from(served.body.base64, 'base64'));
      const text = drawn
        .flat()
        .map((d) => d.text)
        .join('\n');
      for (const required of [
        'Eastside Clinic LLC',
        '1 Main St',
        'Boston, MA 02108',
        '31 Beacon St',
        'VI-1',
        'VI-2',
        'USD 550.00',
        '28 December 2026',
        'original creditor',
        'Dispute by',
        'Page 1 of',
      ]) {
        expect(text).toContain(required);
      }
      // The mailed letter's layout: the debtor's name (in the embedded Unicode font) and address
      // sit where a #10 window envelope shows them, 2 in from the top and 1 in from the left.
      const inWindow = drawn[0]!
        .filter(
          (t) =>
            t.x === WINDOW.left &&
            PAGE.height - t.y >= WINDOW.top &&
            PAGE.height - t.y <= WINDOW.top + WINDOW.height,
        )
        .map((t) => t.text);
      expect(inWindow).toEqual(['Dana Ngô Debtor', '31 Beacon St', 'Boston, MA 02108']);
    });

    it('returns no second letter when the day is run again', async () => {
      // Act
      const again = await stack.runDay();
      // Assess
      expect(again.recorded).toBe(0);
      expect((await queue()).filter((e) => e.stage === 'validation-notice')).toHaveLength(1);
    });
  });

  describe('POST /v1/queue approve', () => {
    it('returns mailed, logs the letter on Activity and lets the next run plan the reminders instead', async () => {
      // Prepare
      const notice = (await queue()).find((e) => e.stage === 'validation-notice')!;
      const key = {
        customerId: notice.customerId,
        stage: notice.stage,
        channel: notice.channel,
        cycle: notice.cycle,
      };
      // Act
      const res = await api('/v1/queue', {
        method: 'POST',
        body: JSON.stringify({ decision: 'approve', entries: [key] }),
      });
      clock = at('2026-11-24');
      await stack.runDay();
      // Assess
      expect(res.body.results[0]).toMatchObject({ status: 'mailed', letter: notice.letter!.pdf });
      const rows = await stack.store.customerRows(stack.tenantId, 'V-1');
      const logged = rows.filter((r) => r.tab === 'Activity').map((r) => r.fields);
      expect(logged).toMatchObject([
        { type: 'letter', direction: 'outbound', stage: 'validation-notice', date: '2026-11-23' },
      ]);
      const outbox = await stack.store.getOutbox(
        stack.tenantId,
        key.customerId,
        key.stage,
        key.channel,
        key.cycle,
      );
      expect(outbox?.status).toBe('approved');
      const next = (await queue()).filter((e) => e.customerId === 'V-1');
      expect(next.map((e) => e.stage)).not.toContain('validation-notice');
      expect(next.length).toBeGreaterThan(0);
    });
  });

  describe('GET /v1/letters', () => {
    it("returns 404 for another tenant's key or a made-up one", async () => {
      // Act
      const other = await api(`/v1/letters?key=${encodeURIComponent('tenant/other-office/letters/x.pdf')}`);
      const none = await api('/v1/letters?key=tenant%2Fnotice-office%2Fletters%2Fnothing.pdf');
      // Assess
      expect(other.status).toBe(404);
      expect(none.status).toBe(404);
    });
  });
});
