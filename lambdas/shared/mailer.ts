// Sends one email through SES v2 (Simple content, one-click unsubscribe headers, configuration set).
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** RFC 8058 one-click: an https URL and a mailto, and the List-Unsubscribe-Post header. */
  unsubscribeUrl: string;
  unsubscribeMailto: string;
  /** Message tags: the outbox key travels with the message into SES events. */
  tags: Record<string, string>;
}

export interface Mailer {
  /** Returns SES's message id. Throws `MailerThrottledError` when SES asks to slow down. */
  send(email: OutgoingEmail): Promise<string>;
}

export class MailerThrottledError extends Error {
  override name = 'MailerThrottledError';
  readonly code = 'MAIL.THROTTLED';
}

// SES tag values allow only letters, digits, _ - . @; anything else is replaced.
const tagValue = (v: string) => v.replace(/[^A-Za-z0-9_\-.@]/g, '_').slice(0, 256);

export function createSesMailer(ses: SESv2Client, configurationSet: string): Mailer {
  return {
    async send(email) {
      try {
        const res = await ses.send(
          new SendEmailCommand({
            FromEmailAddress: email.from,
            Destination: { ToAddresses: [email.to] },
            ConfigurationSetName: configurationSet,
            EmailTags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value: tagValue(Value) })),
            Content: {
              Simple: {
                Subject: { Data: email.subject, Charset: 'UTF-8' },
                Body: {
                  Text: { Data: email.text, Charset: 'UTF-8' },
                  Html: { Data: email.html, Charset: 'UTF-8' },
                },
                Headers: [
                  {
                    Name: 'List-Unsubscribe',
                    Value: `<${email.unsubscribeUrl}>, <${email.unsubscribeMailto}>`,
                  },
                  { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
                ],
              },
            },
          }),
        );
        if (!res.MessageId) throw new Error('SES accepted the email but returned no message id');
        return res.MessageId;
      } catch (e) {
        const name = (e as { name?: string }).name ?? '';
        if (
          name === 'TooManyRequestsException' ||
          name === 'ThrottlingException' ||
          name === 'LimitExceededException'
        ) {
          throw new MailerThrottledError(`SES throttled the send: ${(e as Error).message}`, { cause: e });
        }
        throw e;
      }
    },
  };
}
