// Tests for the SES mailer's request shape and its mapping of SES throttling (faults the emulator cannot make).
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createSesMailer, MailerThrottledError } from '../../../lambdas/shared/mailer.js';

const ses = mockClient(SESv2Client);
const email = {
  from: 'Office <billing@example.com>',
  to: 'debtor@example.org',
  subject: 'Reminder',
  text: 'text',
  html: '<p>html</p>',
  unsubscribeUrl: 'https://api.example.com/v1/unsubscribe?token=t',
  unsubscribeMailto: 'mailto:unsubscribe@example.com?subject=unsubscribe%20t',
  tags: { tenant: 'office-1', outbox: 'WyJ4Il0' },
};

describe('mailer', () => {
  afterEach(() => ses.reset());

  describe('createSesMailer', () => {
    it('returns the message id and sends the one-click headers and configuration set', async () => {
      ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
      const id = await createSesMailer(new SESv2Client({ region: 'us-east-1' }), 'duebook').send(email);
      const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
      expect(id).toBe('m-1');
      expect(input.ConfigurationSetName).toBe('duebook');
      expect(input.Content?.Simple?.Headers).toEqual([
        { Name: 'List-Unsubscribe', Value: `<${email.unsubscribeUrl}>, <${email.unsubscribeMailto}>` },
        { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
      ]);
      expect(input.EmailTags).toEqual([
        { Name: 'tenant', Value: 'office-1' },
        { Name: 'outbox', Value: 'WyJ4Il0' },
      ]);
    });

    it("sends the office's reply-to, then the message's own reply address, and the logo as an inline attachment", async () => {
      ses.on(SendEmailCommand).resolves({ MessageId: 'm-2' });
      const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
      await createSesMailer(new SESv2Client({ region: 'us-east-1' }), 'duebook').send({
        ...email,
        replyTo: 'ar@example.com',
        replyTracking: 'r-0123456789abcdef0123-0123456789abcdef@replies.example.com',
        inlineImages: [{ contentId: 'office-logo', contentType: 'image/png', fileName: 'logo.png', bytes }],
      });
      const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
      expect(input.ReplyToAddresses).toEqual([
        'ar@example.com',
        'r-0123456789abcdef0123-0123456789abcdef@replies.example.com',
      ]);
      expect(input.Content?.Simple?.Attachments).toEqual([
        {
          RawContent: bytes,
          ContentDisposition: 'INLINE',
          ContentId: 'office-logo',
          ContentType: 'image/png',
          FileName: 'logo.png',
          ContentTransferEncoding: 'BASE64',
        },
      ]);
    });

    it.each(['TooManyRequestsException', 'ThrottlingException', 'LimitExceededException'])(
      'returns %s as MailerThrottledError',
      async (name) => {
        ses
          .on(SendEmailCommand)
          .rejects(Object.assign(new Error('Maximum sending rate exceeded.'), { name }));
        await expect(
          createSesMailer(new SESv2Client({ region: 'us-east-1' }), 'duebook').send(email),
        ).rejects.toBeInstanceOf(MailerThrottledError);
      },
    );

    it('lets other SES errors through unchanged', async () => {
      ses
        .on(SendEmailCommand)
        .rejects(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));
      await expect(
        createSesMailer(new SESv2Client({ region: 'us-east-1' }), 'duebook').send(email),
      ).rejects.toThrow('not verified');
    });
  });
});
