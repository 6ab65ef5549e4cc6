// The sender's SQS handler: one outbox key per message, paced to the SES send rate, with partial
// batch failures so only the messages that must be retried come back.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { SendMessage } from '../services/send-message.js';
import { type SenderDeps, sendOne } from '../services/sender.js';
import { log } from '../shared/log.js';

export function createSenderHandler(
  deps: SenderDeps & { ratePerSecond: number; sleep?: (ms: number) => Promise<void> },
) {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const interval = 1000 / Math.max(0.01, deps.ratePerSecond);
  let lastSend = 0;
  return async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      try {
        const message = JSON.parse(record.body) as SendMessage;
        const wait = lastSend + interval - Date.now();
        if (wait > 0) await sleep(wait);
        const outcome = await sendOne(message, deps);
        if (outcome.result === 'sent') lastSend = Date.now();
        if (outcome.result === 'retry') batchItemFailures.push({ itemIdentifier: record.messageId });
        log('info', 'send', { messageId: record.messageId, ...outcome });
      } catch (e) {
        log('error', 'send failed', { messageId: record.messageId, error: String(e) });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}
