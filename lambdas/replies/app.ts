// The replies handler: SES receipt rule (S3 action, then this Lambda) -> the raw reply from the inbound bucket -> matched and recorded.

import { handleInboundReply, type ReplyDeps, type ReplyOutcome } from '../services/replies.js';
import { log } from '../shared/log.js';
import * as z from '../shared/zod-mini.js';

/** The part of SES's receipt event this handler reads (the Lambda action's `Records[].ses`). */
const receiptEvent = z.object({
  Records: z.array(
    z.object({
      ses: z.object({
        mail: z.object({ messageId: z.string().check(z.minLength(1)) }),
        receipt: z.optional(z.object({ recipients: z._default(z.array(z.string()), []) })),
      }),
    }),
  ),
});

export interface RepliesHandlerDeps extends ReplyDeps {
  /** The raw MIME message SES's S3 action stored for this SES message id. */
  rawMessage: (sesMessageId: string) => Promise<Uint8Array>;
}

export function createRepliesHandler(deps: RepliesHandlerDeps) {
  return async function handler(raw: unknown): Promise<ReplyOutcome[]> {
    const event = receiptEvent.parse(raw);
    const outcomes: ReplyOutcome[] = [];
    for (const record of event.Records) {
      const id = record.ses.mail.messageId;
      const outcome = await handleInboundReply(
        await deps.rawMessage(id),
        deps,
        record.ses.receipt?.recipients ?? [],
      );
      log(outcome.result === 'recorded' ? 'info' : 'warn', 'reply', { sesMessageId: id, ...outcome });
      outcomes.push(outcome);
    }
    return outcomes;
  };
}
