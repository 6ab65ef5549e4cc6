// The replies handler: SES receipt rule (S3 action, then this Lambda) -> the raw reply from the inbound bucket -> matched and recorded.

import { handleInboundReply, type ReplyDeps, type ReplyOutcome } from '../services/replies.js';
import { log } from '../shared/log.js';
import { list, nonEmpty, object, string } from '../shared/shape.js';

/** The part of SES's receipt event this handler reads (the Lambda action's `Records[].ses`). */
export interface ReceiptRecord {
  messageId: string;
  /** The receipt's recipients (none when SES sent no receipt or no list). */
  recipients: string[];
}

/**
 * Reads SES's receipt event: each record's `ses.mail.messageId` (not empty) and, when the receipt
 * is there, its `recipients`; members not listed are left behind. Throws a ShapeError naming the
 * first member that is not as SES sends it.
 */
export function readReceiptEvent(raw: unknown): ReceiptRecord[] {
  return list(object(raw, 'the receipt event').Records, 'Records', (r, path) => {
    const ses = object(object(r, path).ses, `${path}.ses`);
    const messageId = nonEmpty(object(ses.mail, `${path}.ses.mail`).messageId, `${path}.ses.mail.messageId`);
    if (ses.receipt === undefined) return { messageId, recipients: [] };
    const receipt = object(ses.receipt, `${path}.ses.receipt`);
    const recipients =
      receipt.recipients === undefined
        ? []
        : list(receipt.recipients, `${path}.ses.receipt.recipients`, string);
    return { messageId, recipients };
  });
}

export interface RepliesHandlerDeps extends ReplyDeps {
  /** The raw MIME message SES's S3 action stored for this SES message id. */
  rawMessage: (sesMessageId: string) => Promise<Uint8Array>;
}

export function createRepliesHandler(deps: RepliesHandlerDeps) {
  return async function handler(raw: unknown): Promise<ReplyOutcome[]> {
    const records = readReceiptEvent(raw);
    const outcomes: ReplyOutcome[] = [];
    for (const { messageId: id, recipients } of records) {
      const outcome = await handleInboundReply(await deps.rawMessage(id), deps, recipients);
      log(outcome.result === 'recorded' ? 'info' : 'warn', 'reply', { sesMessageId: id, ...outcome });
      outcomes.push(outcome);
    }
    return outcomes;
  };
}
