// Lambda entry for the quarter-hour tick (EventBridge Scheduler): wiring only.
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { OfficeJob } from '../services/fan-out.js';
import { doc, env } from '../shared/runtime-ledger.js';
import { withMappedStacks } from '../shared/stack-map.js';
import { OfficeStore } from '../store/office-store.js';
import { createTickHandler } from './app.js';

const sqs = new SQSClient({ region: env.region });

/** SendMessageBatch, 10 at a time; returns the messages SQS did not take. */
async function enqueueOffices(jobs: readonly OfficeJob[]): Promise<OfficeJob[]> {
  if (!env.officeQueueUrl) throw new Error('OFFICE_QUEUE_URL is not set');
  const unsent: OfficeJob[] = [];
  for (let i = 0; i < jobs.length; i += 10) {
    const batch = jobs.slice(i, i + 10);
    try {
      const res = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: env.officeQueueUrl,
          Entries: batch.map((job, n) => ({ Id: String(n), MessageBody: JSON.stringify(job) })),
        }),
      );
      for (const f of res.Failed ?? []) unsent.push(batch[Number(f.Id)]!);
    } catch {
      unsent.push(...batch);
    }
  }
  return unsent;
}

export const handler = withMappedStacks(
  createTickHandler({
    offices: new OfficeStore(doc, env.tableName),
    enqueueOffices,
    now: () => new Date(),
  }),
);
