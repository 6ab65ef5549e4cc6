// Sends one email through SES v2 (Simple content, one-click unsubscribe headers, configuration set).
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { type ClientOrMaker, clientOf, sesPackage } from './sdk-on-demand.js';

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** RFC 8058 one-click: an https URL and a mailto, and the List-Unsubscribe-Post header. */
  unsubscribeUrl: string;
  unsubscribeMailto: string;
  /** Where the debtor's replies go: the office's reply-to address (Settings). */
  replyTo?: string;
  /** A second Reply-To: the message's own reply address, so Duebook sees the reply too (services/replies.ts). */
  replyTracking?: string;
  /** Message tags: the outbox key travels with the message into SES events. */
  tags: Record<string, string>;
  /** Images the HTML body shows by Content-ID (`cid:…`): the office's logo (services/email-logo.ts). */
  inlineImages?: { contentId: string; contentType: string; fileName: string; bytes: Uint8Array }[];
}

export interface Mailer {
  /**
   * Returns SES's message id. Throws `MailerThrottledError` when SES asks to slow down and
   * `MailerRejectedError` when it refuses the message (in both cases nothing went out); any other
   * error leaves it unknown whether SES took the message.
   */
  send(email: OutgoingEmail): Promise<string>;
}

export class MailerThrottledError extends Error {
  override name = 'MailerThrottledError';
  readonly code = 'MAIL.THROTTLED';
}

// SES tag values allow only letters, digits, _ - . @; anything else is replaced.
/**
 * SES answered the send with a client error (4xx other than throttling: message rejected, sending
 * paused, identity not verified): the message certainly did not go out.
 */
export class MailerRejectedError extends Error {
  override name = 'MailerRejectedError';
  readonly code = 'MAIL.REJECTED';
}

const tagValue = (v: string) => v.replace(/[^A-Za-z0-9_\-.@]/g, '_').slice(0, 256);

/** `ses` may be a maker (onFirstUse): the SES package then loads with the first message sent. */
export function createSesMailer(ses: ClientOrMaker<SESv2Client>, configurationSet: string): Mailer {
  return {
    async send(email) {
      const { SendEmailCommand } = sesPackage();
      try {
        const res = await clientOf(ses).send(
          new SendEmailCommand({
            FromEmailAddress: email.from,
            Destination: { ToAddresses: [email.to] },
            ...(email.replyTo || email.replyTracking
              ? { ReplyToAddresses: [email.replyTo, email.replyTracking].filter((a): a is string => !!a) }
              : {}),
            ConfigurationSetName: configurationSet,
            EmailTags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value: tagValue(Value) })),
            Content: {
              Simple: {
                Subject: { Data: email.subject, Charset: 'UTF-8' },
                Body: {
                  Text: { Data: email.text, Charset: 'UTF-8' },
                  Html: { Data: email.html, Charset: 'UTF-8' },
                },
                ...(email.inlineImages?.length
                  ? {
                      Attachments: email.inlineImages.map((image) => ({
                        RawContent: image.bytes,
                        ContentDisposition: 'INLINE' as const,
                        ContentId: image.contentId,
                        ContentType: image.contentType,
                        FileName: image.fileName,
                        ContentTransferEncoding: 'BASE64' as const,
                      })),
                    }
                  : {}),
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
        const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (status !== undefined && status >= 400 && status < 500) {
          throw new MailerRejectedError(`SES refused the send (${name || status}): ${(e as Error).message}`, {
            cause: e,
          });
        }
        // A 5xx or no answer at all: SES may or may not have taken the message.
        throw e;
      }
    },
  };
}
