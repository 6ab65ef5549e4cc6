// An in-process stand-in for SQS feeding a Lambda-style handler, with partial batch failures and a dead-letter list.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/** A Lambda SQS handler; one resolving to nothing reports the whole batch as processed. */
export type QueueHandler = (event: SQSEvent) => Promise<SQSBatchResponse | undefined> | Promise<void>;

export interface LocalQueueOptions {
  handler: QueueHandler;
  /** Records per invocation (Lambda's SQS batch size); default 10. */
  batchSize?: number;
  /** Receives before a failing message moves to the dead-letter list (`maxReceiveCount`); default 3. */
  maxReceives?: number;
  onDeadLetter?: (record: SQSRecord) => void | Promise<void>;
  /** Used in `eventSourceARN`; a name ending in `.fifo` makes `messageGroupId` required. */
  queueName?: string;
  /** Epoch milliseconds for timestamps and the deduplication window; default `Date.now`. */
  now?: () => number;
  /**
   * Handler invocations in flight at once during a drain (an event source's maximum concurrency);
   * default 1, one batch after another.
   */
  concurrency?: number;
}

export interface SendOptions {
  /** FIFO message group; required on a `.fifo` queue. */
  messageGroupId?: string;
  /** A second send with the same id within 5 minutes is accepted but not delivered (FIFO deduplication). */
  deduplicationId?: string;
}

export interface DrainResult {
  /** Handler invocations. */
  batches: number;
  /** Records delivered, counting redeliveries. */
  deliveries: number;
  /** Messages moved to the dead-letter list during this drain. */
  deadLettered: number;
}

export interface LocalQueue {
  eventSourceARN: string;
  /** Enqueues a message and returns its id (the id of the original for a deduplicated send). */
  send(body: string, options?: SendOptions): string;
  /**
   * Invokes the handler batch by batch until the queue is empty. Messages named in
   * `batchItemFailures`, or every message of a batch whose handler threw or reported an id not in
   * the batch, are received again (front of the queue, `ApproximateReceiveCount` + 1) until their
   * `maxReceives`-th failure, which moves them to the dead-letter list. Up to `concurrency` batches
   * are in the handler at once. Concurrent calls queue up.
   */
  drain(): Promise<DrainResult>;
  /**
   * Enqueues one more delivery of a message already sent (even if it was already processed and
   * deleted), as SQS's at-least-once delivery can: same `messageId` and body, new receipt handle.
   */
  duplicate(messageId: string): void;
  /** Records that exhausted their receives, as last delivered, oldest first. */
  deadLetters(): SQSRecord[];
  /** Messages waiting for delivery. */
  depth(): number;
}

interface Message {
  messageId: string;
  body: string;
  md5OfBody: string;
  sentAt: number;
  firstReceivedAt?: number;
  receiveCount: number;
  messageGroupId?: string;
  deduplicationId?: string;
  sequenceNumber?: string;
}

const DEDUPLICATION_WINDOW_MS = 5 * 60_000;
const MAX_BATCHES_PER_DRAIN = 100_000;

/**
 * @example
 * const queue = createLocalQueue({ handler: sender.handler, batchSize: 5 });
 * queue.send(JSON.stringify({ outboxKey }));
 * await queue.drain();
 */
export function createLocalQueue(options: LocalQueueOptions): LocalQueue {
  const batchSize = options.batchSize ?? 10;
  const maxReceives = options.maxReceives ?? 3;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError('batchSize must be a positive integer');
  if (!Number.isInteger(maxReceives) || maxReceives < 1)
    throw new RangeError('maxReceives must be a positive integer');
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError('concurrency must be a positive integer');
  const queueName = options.queueName ?? 'duebook-local';
  const fifo = queueName.endsWith('.fifo');
  const now = options.now ?? Date.now;
  const eventSourceARN = `arn:aws:sqs:us-east-1:000000000000:${queueName}`;

  const visible: Message[] = [];
  const sent = new Map<string, Message>();
  const dedup = new Map<string, { messageId: string; at: number }>();
  const dead: SQSRecord[] = [];
  let sequence = 0n;
  let chain: Promise<unknown> = Promise.resolve();

  const toRecord = (m: Message): SQSRecord => ({
    messageId: m.messageId,
    receiptHandle: randomBytes(24).toString('base64'),
    body: m.body,
    attributes: {
      ApproximateReceiveCount: String(m.receiveCount),
      SentTimestamp: String(m.sentAt),
      SenderId: 'AIDALOCALQUEUE000000',
      ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
      ...(m.messageGroupId !== undefined ? { MessageGroupId: m.messageGroupId } : {}),
      ...(m.deduplicationId !== undefined ? { MessageDeduplicationId: m.deduplicationId } : {}),
      ...(m.sequenceNumber !== undefined ? { SequenceNumber: m.sequenceNumber } : {}),
    },
    messageAttributes: {},
    md5OfBody: m.md5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN,
    awsRegion: 'us-east-1',
  });

  async function drainOnce(): Promise<DrainResult> {
    const result: DrainResult = { batches: 0, deliveries: 0, deadLettered: 0 };
    // Each consumer takes the next batch as soon as it is done with its own; a failed batch goes
    // back to the front, where the consumer that put it there (or another) receives it again.
    await Promise.all(Array.from({ length: concurrency }, () => consume(result)));
    return result;
  }

  async function consume(result: DrainResult): Promise<void> {
    while (visible.length > 0) {
      if (result.batches >= MAX_BATCHES_PER_DRAIN) {
        throw new Error(
          `drain gave up after ${MAX_BATCHES_PER_DRAIN} batches; does the handler keep re-sending?`,
        );
      }
      const batch = visible.splice(0, batchSize);
      const at = now();
      const records = batch.map((m) => {
        m.receiveCount++;
        m.firstReceivedAt ??= at;
        return toRecord(m);
      });
      result.batches++;
      result.deliveries += records.length;

      let failed: Set<number>;
      try {
        const response = await options.handler({ Records: records });
        failed = failedPositions(records, response);
      } catch {
        failed = new Set(records.map((_, i) => i));
      }

      const retry: Message[] = [];
      for (const [i, m] of batch.entries()) {
        if (!failed.has(i)) continue;
        if (m.receiveCount >= maxReceives) {
          const record = records[i]!;
          dead.push(record);
          result.deadLettered++;
          await options.onDeadLetter?.(record);
        } else {
          retry.push(m);
        }
      }
      visible.unshift(...retry);
    }
  }

  return {
    eventSourceARN,
    send(body, sendOptions = {}) {
      if (typeof body !== 'string')
        throw new TypeError('an SQS message body is a string; JSON.stringify it first');
      if (fifo && sendOptions.messageGroupId === undefined) {
        throw new Error(`queue ${queueName} is FIFO: send needs a messageGroupId`);
      }
      const at = now();
      const dedupId = sendOptions.deduplicationId;
      if (dedupId !== undefined) {
        const seen = dedup.get(dedupId);
        if (seen && at - seen.at < DEDUPLICATION_WINDOW_MS) return seen.messageId;
      }
      const message: Message = {
        messageId: randomUUID(),
        body,
        md5OfBody: createHash('md5').update(body, 'utf8').digest('hex'),
        sentAt: at,
        receiveCount: 0,
      };
      if (sendOptions.messageGroupId !== undefined) {
        message.messageGroupId = sendOptions.messageGroupId;
        message.sequenceNumber = String(++sequence).padStart(20, '0');
      }
      if (dedupId !== undefined) {
        message.deduplicationId = dedupId;
        dedup.set(dedupId, { messageId: message.messageId, at });
      }
      sent.set(message.messageId, message);
      visible.push(message);
      return message.messageId;
    },
    drain() {
      const run = chain.then(drainOnce, drainOnce);
      chain = run.catch(() => undefined);
      return run;
    },
    duplicate(messageId) {
      const message = sent.get(messageId);
      if (!message) throw new Error(`no message ${messageId} was sent to this queue`);
      visible.push(message);
    },
    deadLetters: () => [...dead],
    depth: () => visible.length,
  };
}

/** Positions in the batch that failed, per Lambda's rules for `ReportBatchItemFailures`. */
function failedPositions(records: SQSRecord[], response: unknown): Set<number> {
  const failures = (response as Partial<SQSBatchResponse> | undefined)?.batchItemFailures ?? [];
  const failed = new Set<number>();
  for (const failure of failures) {
    const id = failure?.itemIdentifier;
    const positions = records.flatMap((r, i) => (r.messageId === id ? [i] : []));
    // An empty or unknown identifier makes Lambda treat the whole batch as failed.
    if (typeof id !== 'string' || id === '' || positions.length === 0)
      return new Set(records.map((_, i) => i));
    for (const p of positions) failed.add(p);
  }
  return failed;
}
