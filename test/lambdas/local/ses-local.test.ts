// Tests for the SES emulator wrapper: a real SES v2 SendEmail through the SDK, read back from its store.
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SesLocal, startSesLocal } from '../../../lambdas/local/ses-local.js';

describe('ses-local', () => {
  let ses: SesLocal;
  let client: SESv2Client;

  beforeAll(async () => {
    ses = await startSesLocal();
    client = new SESv2Client({
      endpoint: ses.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }, 60_000);

  afterAll(async () => {
    client?.destroy();
    await ses?.stop();
  }, 60_000);

  beforeEach(async () => {
    await ses.clear();
  });

  const reminder = (to: string) =>
    new SendEmailCommand({
      FromEmailAddress: 'Acme Receivables <ar@acme.test>',
      Destination: { ToAddresses: [to] },
      ConfigurationSetName: 'duebook-local',
      Content: {
        Simple: {
          Subject: { Data: 'Invoice 1001 is 15 days past due' },
          Body: {
            Text: { Data: 'Please pay $125.00.\nTo stop these emails: https://pay.acme.test/u/abc' },
            Html: { Data: '<p>Please pay $125.00.</p>' },
          },
          Headers: [
            {
              Name: 'List-Unsubscribe',
              Value: '<https://pay.acme.test/u/abc>, <mailto:unsubscribe@acme.test?subject=abc>',
            },
            { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
          ],
        },
      },
    });

  describe('startSesLocal', () => {
    it('listens on loopback and serves the web inbox', async () => {
      // Act
      const response = await fetch(ses.inboxUrl);

      // Assess
      expect(ses.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/<html/i);
    });

    it('refuses a second instance in the same process', async () => {
      await expect(startSesLocal()).rejects.toThrow(/already running/);
    });
  });

  describe('emails', () => {
    it('returns a Simple email with its body and List-Unsubscribe headers as sent', async () => {
      // Act
      const sent = await client.send(reminder('owner@customer.test'));
      const emails = await ses.emails();

      // Assess
      expect(sent.MessageId).toBeTruthy();
      expect(emails).toHaveLength(1);
      expect(emails[0]).toMatchObject({
        messageId: sent.MessageId,
        from: 'Acme Receivables <ar@acme.test>',
        destination: { to: ['owner@customer.test'], cc: [], bcc: [] },
        subject: 'Invoice 1001 is 15 days past due',
        body: {
          text: 'Please pay $125.00.\nTo stop these emails: https://pay.acme.test/u/abc',
          html: '<p>Please pay $125.00.</p>',
        },
        headers: [
          {
            name: 'List-Unsubscribe',
            value: '<https://pay.acme.test/u/abc>, <mailto:unsubscribe@acme.test?subject=abc>',
          },
          { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
        ],
      });
    });

    it('reads every field the emulator keeps, which does not include the configuration set', async () => {
      // Prepare
      await client.send(reminder('owner@customer.test'));

      // Act
      const raw = (await (await fetch(`${ses.endpoint}/store`)).json()) as {
        emails: Record<string, unknown>[];
      };
      const [parsed] = await ses.emails();

      // Assess
      const kept = [
        'at',
        'attachments',
        'body',
        'destination',
        'from',
        'headers',
        'messageId',
        'replyTo',
        'subject',
      ];
      expect(Object.keys(raw.emails[0] ?? {}).sort()).toEqual(kept);
      expect(Object.keys(parsed ?? {}).sort()).toEqual(kept);
    });

    it('keeps emails in the order they were sent and filters by time', async () => {
      // Prepare
      await client.send(reminder('first@customer.test'));
      await client.send(reminder('second@customer.test'));

      // Act
      const all = await ses.emails();
      const future = await ses.emails({ sinceEpochSeconds: Math.floor(Date.now() / 1000) + 3600 });

      // Assess
      expect(all.map((e) => e.destination.to[0])).toEqual(['first@customer.test', 'second@customer.test']);
      expect(future).toEqual([]);
    });

    it('omits headers for an email sent without any', async () => {
      // Act
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: 'ar@acme.test',
          Destination: { ToAddresses: ['plain@customer.test'] },
          Content: { Simple: { Subject: { Data: 'Statement' }, Body: { Text: { Data: 'Balance: $0.00' } } } },
        }),
      );
      const [email] = await ses.emails();

      // Assess
      expect(email?.headers).toBeUndefined();
      expect(email?.body).toEqual({ text: 'Balance: $0.00' });
    });
  });

  describe('clear', () => {
    it('empties the store', async () => {
      // Prepare
      await client.send(reminder('owner@customer.test'));

      // Act
      await ses.clear();

      // Assess
      expect(await ses.emails()).toEqual([]);
    });
  });

  describe('stop', () => {
    it('closes at once despite the SDK keep-alive connection, and frees the process for a new instance', async () => {
      // Prepare
      await client.send(reminder('owner@customer.test'));

      // Act
      const started = Date.now();
      await ses.stop();
      const stoppedIn = Date.now() - started;
      const next = await startSesLocal();
      await next.stop();

      // Assess
      expect(stoppedIn).toBeLessThan(1000);
      await expect(fetch(ses.endpoint)).rejects.toThrow();
      expect(next.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    });
  });
});
