// The office worker: an SQS handler that runs each office's message on its own, failures reported per message.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type OfficeRunRecord, readOfficeJob } from '../services/fan-out.js';
import { OfficeRunError, type OfficeWorkerDeps, runOfficeJob } from '../services/office-run.js';
import { log } from '../shared/log.js';
import { officeRunMetric } from '../shared/metrics.js';

export interface OfficeWorkerHandlerDeps extends OfficeWorkerDeps {
  /** Where each run's metric document goes (stdout in Lambda: embedded metric format). */
  metric: (run: OfficeRunRecord, document: Record<string, unknown>) => void;
  /**
   * The sweep for rows naming another customer's item after an office's plan (`sweepCrossCustomer`).
   * It reads a segment of the whole table (a Scan, filtered to the office's keys): absent where the
   * reads must stay within the office's keys (the many-office simulation checks that).
   */
  sweep?: (tenantId: string, asOf: string) => Promise<unknown>;
}

/**
 * One office per message: a message that fails (bad body, an office whose run throws) is named in
 * `batchItemFailures`, so SQS retries that message alone and dead-letters it after its receives;
 * the other offices of the batch are done and deleted.
 */
export function createOfficeWorkerHandler(deps: OfficeWorkerHandlerDeps) {
  return async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      let body: unknown;
      try {
        body = JSON.parse(record.body);
      } catch {
        body = undefined;
      }
      const read = readOfficeJob(body);
      if (!read.ok) {
        log('error', 'office message invalid', {
          code: 'FANOUT.MESSAGE_INVALID',
          messageId: record.messageId,
          issues: [read.problem],
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      const job = read.job;
      let run: OfficeRunRecord;
      try {
        run = await runOfficeJob(job, deps);
        // After the day's plan (outside its units, which do not grow with history): one segment of
        // the sweep for rows stored before the rules across tabs (cross-customer-sweep.ts; never throws).
        if (job.job === 'plan') await deps.sweep?.(job.tenantId, job.slot);
      } catch (e) {
        const err = e instanceof OfficeRunError ? e : undefined;
        run = {
          tenantId: job.tenantId,
          job: job.job,
          slot: job.slot,
          reason: job.reason,
          startedAt: deps.now().toISOString(),
          ok: false,
          durationMs: err?.durationMs ?? 0,
          error: e instanceof Error ? e.message : String(e),
          counts: {},
        };
        log('error', 'office run failed', {
          code: 'FANOUT.OFFICE_RUN_FAILED',
          ...run,
          receive: record.attributes.ApproximateReceiveCount,
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
      deps.metric(run, officeRunMetric(run, deps.now()));
    }
    return { batchItemFailures };
  };
}
