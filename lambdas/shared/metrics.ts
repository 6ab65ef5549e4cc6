// CloudWatch embedded metric format: one JSON log line per office run becomes metrics, no API call.
import type { OfficeRunRecord } from '../services/fan-out.js';

export const METRIC_NAMESPACE = 'Duebook/DailyRun';

/**
 * The EMF document for one office run: `OfficeRuns`, `OfficeRunFailures` and `OfficeRunDuration`
 * per office and job (dimensions TenantId, Job) and per job alone (the fleet view the alarm uses),
 * plus the run's counts as plain properties (searchable in Logs Insights, not metrics).
 */
export function officeRunMetric(run: OfficeRunRecord, at: Date): Record<string, unknown> {
  return {
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [['TenantId', 'Job'], ['Job']],
          Metrics: [
            { Name: 'OfficeRuns', Unit: 'Count' },
            { Name: 'OfficeRunFailures', Unit: 'Count' },
            { Name: 'OfficeRunDuration', Unit: 'Milliseconds' },
          ],
        },
      ],
    },
    TenantId: run.tenantId,
    Job: run.job,
    OfficeRuns: 1,
    OfficeRunFailures: run.ok ? 0 : 1,
    OfficeRunDuration: run.durationMs,
    message: 'office run',
    slot: run.slot,
    reason: run.reason,
    ...(run.duplicate ? { duplicate: true } : {}),
    ...(run.error ? { error: run.error } : {}),
    ...run.counts,
  };
}
