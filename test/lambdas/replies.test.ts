// Replies on the local stack: a debtor answers a reminder; the raw MIME reply goes through the same handler as SES's
// receipt rule invokes in AWS, is matched to its message (reply address or In-Reply-To), recorded on the message's
// history and put in the review queue as a task.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncLedger } from '../../cli/sync-client.js';
import type { StoredEmail } from '../../lambdas/local/ses-local.js';
import { LOCAL_REPLY_DOMAIN, type LocalStack, startLocalStack } from '../../lambdas/local/stack.js';
import { parseInbound } from '../../lambdas/services/inbound-mime.js';

const NY = 'America/New_York';
const clock = new Date('2026-11-23T15:00:00Z');

/** A reply as a mail client writes it: quoted-printable UTF-8 text, the original quoted below. */
function replyMime(to: string, opts: { inReplyTo?: string; messageId: string; text: string }): string {
  const qp = Buffer.from(opts.text, 'utf8')
    .toString('latin1')
    .replace(/[^\x20-\x7e\n]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return [
    'From: =?UTF-8?Q?Nguy=E1=BB=85n_V=C4=83n?= <ann@example.com>',
    `To: ${to}`,
    'Subject: Re: Your account with Duebook Demo Office',
    'Date: Mon, 23 Nov 2026 11:02:00 -0500',
    `Message-ID: <${opts.messageId}>`,
    ...(opts.inReplyTo ? [`In-Reply-To: <${opts.inReplyTo}@us-east-1.amazonses.com>`] : []),
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    `${qp}\n\nOn Mon, Nov 23, 2026 Duebook Demo Office wrote:\n> Please pay`,
    '--b1',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<p>${opts.text}</p>`,
    '--b1--',
    '',
  ].join('\r\n');
}

describe('replies', () => {
  let stack: LocalStack;
  let mail: StoredEmail;

  beforeAll(async () => {
    stack = await startLocalStack({ now: () => clock, settings: { timeZone: NY }, stripe: false });
    await syncLedger(
      stack.apiUrl,
      { apiKey: stack.apiKey },
      {
        Customers: [
          ['Customer ID', 'Name', 'Email', 'Time Zone'],
          ['C1', 'Ann Nguyen', 'ann@example.com', NY],
        ],
        Invoices: [
          ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
          ['C1-I', 'C1', '2026-09-01', '2026-10-01', '250.00', 'USD'],
        ],
      },
    );
    await stack.runDay();
    await stack.dispatch();
    await stack.drain();
    mail = (await stack.ses.emails())[0]!;
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const queueTasks = async () => {
    const res = await fetch(`${stack.apiUrl}/v1/queue`, { headers: { 'x-api-key': stack.apiKey } });
    const body = (await res.json()) as {
      entries: {
        kind: string;
        stage: string;
        customerId: string;
        task?: { subject: string; text: string };
      }[];
    };
    return body.entries.filter((e) => e.kind === 'task' && e.stage === 'reply');
  };

  describe('the message', () => {
    it("carries the office's reply-to and its own signed reply address", () => {
      expect(mail.replyTo[0]).toBe('billing@duebook.example.com');
      expect(mail.replyTo[1]).toMatch(
        new RegExp(`^r-[0-9a-f]{20}-[0-9a-f]{16}@${LOCAL_REPLY_DOMAIN.replace(/\./g, '\\.')}$`),
      );
    });
  });

  describe('handleInboundReply', () => {
    it('matches a reply by its reply address and records it on the history, the Activity tab and the queue', async () => {
      // Act
      const outcome = await stack.receiveReply(
        replyMime(`"Duebook Demo Office" <${mail.replyTo[1]}>, billing@duebook.example.com`, {
          messageId: 'reply-1@mail.example.com',
          text: 'Tôi sẽ trả vào thứ Sáu. I will pay on Friday.',
        }),
      );

      // Assess
      expect(outcome).toMatchObject({
        result: 'recorded',
        matchedBy: 'reply-address',
        task: 'new',
        key: { customerId: 'C1' },
      });
      const tracked = (await stack.debtor.tracking(stack.tenantId, 'C1')).filter((t) => t.kind === 'reply');
      expect(tracked).toEqual([
        expect.objectContaining({ kind: 'reply', messageId: 'reply-1@mail.example.com' }),
      ]);
      expect(tracked[0]!.outboxKey).toMatch(/#email#/);
      const tasks = await queueTasks();
      expect(tasks).toHaveLength(1);
      expect(tasks[0]!.task).toEqual(
        expect.objectContaining({
          subject: 'Reply from Nguyễn Văn <ann@example.com>: Re: Your account with Duebook Demo Office',
          text: 'Tôi sẽ trả vào thứ Sáu. I will pay on Friday.',
        }),
      );
      const activity = (await stack.store.customerRows(stack.tenantId, 'C1')).filter(
        (r) => r.tab === 'Activity' && r.fields.direction === 'inbound',
      );
      expect(activity).toHaveLength(1);
      expect(activity[0]!.fields).toMatchObject({ type: 'email', outcome: 'replied' });
    });

    it('records the same reply once when SES delivers it twice', async () => {
      const again = await stack.receiveReply(
        replyMime(mail.replyTo[1]!, {
          messageId: 'reply-1@mail.example.com',
          text: 'Tôi sẽ trả vào thứ Sáu. I will pay on Friday.',
        }),
      );
      expect(again).toMatchObject({ result: 'recorded', task: 'already-recorded' });
      expect(await queueTasks()).toHaveLength(1);
    });

    it("matches a reply sent only to the office's address by its In-Reply-To (SES's Message-ID)", async () => {
      const outcome = await stack.receiveReply(
        replyMime('billing@duebook.example.com', {
          messageId: 'reply-2@mail.example.com',
          inReplyTo: mail.messageId,
          text: 'Which invoice is this?',
        }),
        // The receipt rule saw it because the office forwards its mail there (the envelope names the office).
        ['billing@duebook.example.com'],
      );
      expect(outcome).toMatchObject({
        result: 'recorded',
        matchedBy: 'in-reply-to',
        key: { customerId: 'C1' },
      });
      expect(await queueTasks()).toHaveLength(2);
    });

    it('records nothing for a forged reply address or an unknown message', async () => {
      const forged = mail.replyTo[1]!.replace(/-([0-9a-f]{16})@/, '-0000000000000000@');
      const outcomes = [
        await stack.receiveReply(replyMime(forged, { messageId: 'reply-3@x', text: 'hi' })),
        await stack.receiveReply(
          replyMime('someone@else.example', { messageId: 'reply-4@x', inReplyTo: 'ses-unknown', text: 'hi' }),
        ),
      ];
      for (const o of outcomes) expect(o.result).toBe('unmatched');
      expect(await queueTasks()).toHaveLength(2);
    });
  });

  describe('parseInbound', () => {
    it('refuses what is not an email, naming why', () => {
      expect(() => parseInbound('hello')).toThrow(/no From header/);
    });
  });
});
