// Tests for the in-process SQS stand-in: batches, partial failures, redelivery, dead letters, duplicates.
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createLocalQueue } from '../../../lambdas/local/queue.js';

/** A handler that records every delivery and fails the bodies it is told to. */
function recorder(fail: (record: SQSRecord) => boolean = () => false) {
  const deliveries: { body: string; receiveCount: number; messageId: string; batch: number }[] = [];
  let batch = 0;
  const handler = async (event: SQSEvent) => {
    batch++;
    const failures = [];
    for (const record of event.Records) {
      deliveries.push({
        body: record.body,
        receiveCount: Number(record.attributes.ApproximateReceiveCount),
        messageId: record.messageId,
        batch,
      });
      if (fail(record)) failures.push({ itemIdentifier: record.messageId });
    }
    return { batchItemFailures: failures };
  };
  return { handler, deliveries };
}

describe('queue', () => {
  describe('drain', () => {
    it('delivers in batches of batchSize, in send order, as SQS records', async () => {
      // Prepare
      const { handler, deliveries } = recorder();
      const queue = createLocalQueue({ handler, batchSize: 2 });
      const ids = ['a', 'b', 'c'].map((body) => queue.send(body));

      // Act
      const result = await queue.drain();

      // Assess
      expect(result).toEqual({ batches: 2, deliveries: 3, deadLettered: 0 });
      expect(deliveries.map((d) => [d.batch, d.body, d.receiveCount])).toEqual([
        [1, 'a', 1],
        [1, 'b', 1],
        [2, 'c', 1],
      ]);
      expect(deliveries.map((d) => d.messageId)).toEqual(ids);
      expect(queue.depth()).toBe(0);
    });

    it('fills records like the SQS event source does', async () => {
      // Prepare
      let seen: SQSRecord | undefined;
      const queue = createLocalQueue({
        queueName: 'outbox.fifo',
        now: () => 1_772_000_000_000,
        handler: async (event) => {
          seen = event.Records[0];
        },
      });
      const id = queue.send('{"k":1}', { messageGroupId: 'acme#C1', deduplicationId: 'acme#C1#2#1' });

      // Act
      await queue.drain();

      // Assess
      expect(seen).toMatchObject({
        messageId: id,
        body: '{"k":1}',
        md5OfBody: 'e59138f35192e320088b83d28388d6bb',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:outbox.fifo',
        awsRegion: 'us-east-1',
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '1772000000000',
          ApproximateFirstReceiveTimestamp: '1772000000000',
          MessageGroupId: 'acme#C1',
          MessageDeduplicationId: 'acme#C1#2#1',
          SequenceNumber: '00000000000000000001',
        },
      });
      expect(seen?.receiptHandle).toBeTruthy();
    });

    it('redelivers only the items reported in batchItemFailures, with the receive count raised', async () => {
      // Prepare
      let failOnce = true;
      const { handler, deliveries } = recorder((r) => {
        if (r.body === 'b' && failOnce) {
          failOnce = false;
          return true;
        }
        return false;
      });
      const queue = createLocalQueue({ handler });
      for (const body of ['a', 'b', 'c']) queue.send(body);

      // Act
      const result = await queue.drain();

      // Assess
      expect(result).toEqual({ batches: 2, deliveries: 4, deadLettered: 0 });
      expect(deliveries.map((d) => [d.batch, d.body, d.receiveCount])).toEqual([
        [1, 'a', 1],
        [1, 'b', 1],
        [1, 'c', 1],
        [2, 'b', 2],
      ]);
      expect(queue.deadLetters()).toEqual([]);
    });

    it('fails the whole batch when the handler throws', async () => {
      // Prepare
      let calls = 0;
      const bodies: string[][] = [];
      const queue = createLocalQueue({
        handler: async (event) => {
          bodies.push(event.Records.map((r) => r.body));
          if (calls++ === 0) throw new Error('SES throttled');
        },
      });
      queue.send('a');
      queue.send('b');

      // Act
      const result = await queue.drain();

      // Assess
      expect(bodies).toEqual([
        ['a', 'b'],
        ['a', 'b'],
      ]);
      expect(result.deadLettered).toBe(0);
    });

    it('fails the whole batch when an itemIdentifier is not in the batch, as Lambda does', async () => {
      // Prepare
      const counts: string[] = [];
      let first = true;
      const queue = createLocalQueue({
        handler: async (event) => {
          counts.push(...event.Records.map((r) => `${r.body}:${r.attributes.ApproximateReceiveCount}`));
          if (!first) return { batchItemFailures: [] };
          first = false;
          return { batchItemFailures: [{ itemIdentifier: 'not-a-message-id' }] };
        },
      });
      queue.send('a');
      queue.send('b');

      // Act
      await queue.drain();

      // Assess
      expect(counts).toEqual(['a:1', 'b:1', 'a:2', 'b:2']);
    });

    it('moves a message to the dead letters after maxReceives failures and keeps going', async () => {
      // Prepare
      const { handler, deliveries } = recorder((r) => r.body === 'poison');
      const dead: SQSRecord[] = [];
      const queue = createLocalQueue({ handler, maxReceives: 3, onDeadLetter: (r) => void dead.push(r) });
      const poison = queue.send('poison');
      queue.send('fine');

      // Act
      const result = await queue.drain();

      // Assess
      expect(deliveries.filter((d) => d.body === 'poison').map((d) => d.receiveCount)).toEqual([1, 2, 3]);
      expect(deliveries.filter((d) => d.body === 'fine')).toHaveLength(1);
      expect(result.deadLettered).toBe(1);
      expect(queue.deadLetters().map((r) => [r.messageId, r.attributes.ApproximateReceiveCount])).toEqual([
        [poison, '3'],
      ]);
      expect(dead.map((r) => r.messageId)).toEqual([poison]);
      expect(queue.depth()).toBe(0);
    });

    it('delivers messages the handler sends while draining', async () => {
      // Prepare
      const seen: string[] = [];
      const queue = createLocalQueue({
        handler: async (event) => {
          for (const r of event.Records) {
            seen.push(r.body);
            if (r.body === 'first') queue.send('follow-up');
          }
        },
      });
      queue.send('first');

      // Act
      await queue.drain();

      // Assess
      expect(seen).toEqual(['first', 'follow-up']);
    });

    it('runs concurrent drains one after the other', async () => {
      // Prepare
      let active = 0;
      let maxActive = 0;
      const queue = createLocalQueue({
        batchSize: 1,
        handler: async () => {
          maxActive = Math.max(maxActive, ++active);
          await new Promise((resolve) => setTimeout(resolve, 5));
          active--;
        },
      });
      for (let i = 0; i < 4; i++) queue.send(String(i));

      // Act
      const [a, b] = await Promise.all([queue.drain(), queue.drain()]);

      // Assess
      expect(maxActive).toBe(1);
      expect(a.deliveries + b.deliveries).toBe(4);
    });

    it('keeps up to concurrency batches in the handler at once, retrying failures until the queue is empty', async () => {
      // Prepare: each handler call waits for a turn the test gives, so overlap is certain, not timed.
      let active = 0;
      let maxActive = 0;
      const failedOnce = new Set<string>();
      const bodies: string[] = [];
      const queue = createLocalQueue({
        batchSize: 1,
        concurrency: 3,
        handler: async (event) => {
          maxActive = Math.max(maxActive, ++active);
          await new Promise((resolve) => setImmediate(resolve));
          await new Promise((resolve) => setImmediate(resolve));
          active--;
          const record = event.Records[0]!;
          bodies.push(record.body);
          // Every third message fails on its first receive.
          if (Number(record.body) % 3 === 0 && !failedOnce.has(record.body)) {
            failedOnce.add(record.body);
            return { batchItemFailures: [{ itemIdentifier: record.messageId }] };
          }
          return { batchItemFailures: [] };
        },
      });
      for (let i = 0; i < 10; i++) queue.send(String(i));

      // Act
      const result = await queue.drain();

      // Assess
      expect(maxActive).toBe(3);
      expect(result).toEqual({ batches: 14, deliveries: 14, deadLettered: 0 });
      expect([...new Set(bodies)].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
      expect(queue.depth()).toBe(0);
    });

    it('refuses a concurrency that is not a positive integer', () => {
      expect(() => createLocalQueue({ handler: async () => undefined, concurrency: 0 })).toThrow(RangeError);
    });
  });

  describe('duplicate', () => {
    it('delivers an already processed message again with the same id and body', async () => {
      // Prepare
      const { handler, deliveries } = recorder();
      const queue = createLocalQueue({ handler });
      const id = queue.send('send reminder 1001');
      await queue.drain();

      // Act
      queue.duplicate(id);
      await queue.drain();

      // Assess
      expect(deliveries.map((d) => [d.messageId, d.body, d.receiveCount])).toEqual([
        [id, 'send reminder 1001', 1],
        [id, 'send reminder 1001', 2],
      ]);
    });

    it('throws for an id the queue never issued', () => {
      const queue = createLocalQueue({ handler: async () => undefined });

      expect(() => queue.duplicate('nope')).toThrow(/no message nope/);
    });
  });

  describe('send', () => {
    it('drops a repeat deduplicationId within five minutes but not after', async () => {
      // Prepare
      let clock = 0;
      const { handler, deliveries } = recorder();
      const queue = createLocalQueue({ handler, now: () => clock });

      // Act
      const first = queue.send('x', { deduplicationId: 'acme#C1#2#1' });
      clock += 4 * 60_000;
      const repeat = queue.send('x', { deduplicationId: 'acme#C1#2#1' });
      clock += 2 * 60_000;
      const later = queue.send('x', { deduplicationId: 'acme#C1#2#1' });
      await queue.drain();

      // Assess
      expect(repeat).toBe(first);
      expect(later).not.toBe(first);
      expect(deliveries.map((d) => d.messageId)).toEqual([first, later]);
    });

    it('requires a message group on a FIFO queue and a string body', () => {
      const queue = createLocalQueue({ handler: async () => undefined, queueName: 'outbox.fifo' });

      expect(() => queue.send('x')).toThrow(/messageGroupId/);
      expect(() => queue.send({ a: 1 } as unknown as string, { messageGroupId: 'g' })).toThrow(
        /JSON.stringify/,
      );
    });
  });
});
