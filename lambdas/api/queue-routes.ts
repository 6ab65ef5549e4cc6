// The review queue's routes, loaded on the first queue request: GET /v1/queue (each entry with the
// message the sender would send, through the sender's render path) and the clerk's decisions on
// POST /v1/queue (a debtor's request, a hand-over, a validation notice, a credit-contact task).
import { isPortalChannel } from '../payments/portal-channels.js';
import { decimalText } from '../payments/stripe-money.js';
import { type RowsRoom, refuseAtRowLimit } from '../services/backend-rows.js';
import { approveHandover } from '../services/handover.js';
import { LedgerService, officeToday } from '../services/ledger-service.js';
import { policyFor } from '../services/tenant-policy.js';
import { approveValidationNotice, isValidationLetter } from '../services/validation-notice.js';
import type * as z from '../shared/zod-mini.js';
import type { OutboxEntry } from '../store/outbox-types.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import type { ApiDeps } from './api-deps.js';
import type { queueDecisionSchema } from './api-schemas.js';
import { json } from './errors.js';
import type { OfficeCaller as Caller } from './office-routes.js';
import { checkQueueActions } from './queue-actions.js';
import { decideEntry, decideTask, isHandover, queueView, withMarkersReadOnce } from './queue-view.js';

/** What the queue's routes use of the API: its dependencies, its ledger service, the rows quota. */
export interface QueueRouteDeps {
  deps: ApiDeps;
  service: LedgerService;
  /** Whether new rows fit the office's rows quota (absent: no quota; at the limit see services/backend-rows.ts). */
  rowsRoom?: RowsRoom | undefined;
}

/** `GET /v1/queue`: the entries awaiting the clerk, each previewed as the sender would send it. */
export async function queueAnswer(
  { deps }: QueueRouteDeps,
  caller: Caller,
  now: Date,
  office: TenantSettings,
) {
  const entries: OutboxEntry[] = await deps.store.reviewQueue(caller.tenantId);
  // One marker query for the whole queue, then an account read per email previewed.
  const store = withMarkersReadOnce(deps.store);
  const previewDeps = {
    ...deps,
    store,
    ledger: new LedgerService(store),
    stripeEnabled: !!deps.stripe,
    // The From the sender will use (the office's verified domain or the service's under its name).
    ...(deps.sending ? { standing: deps.sending.standing } : {}),
  };
  return json(200, {
    timeZone: office.timeZone,
    entries: await queueView(entries, previewDeps, office, now),
  });
}

/** `POST /v1/queue`: the clerk's decision on each entry it names, in order. */
export async function decideQueue(
  route: QueueRouteDeps,
  caller: Caller,
  decision: z.infer<typeof queueDecisionSchema>,
  now: Date,
  office: TenantSettings,
) {
  const { deps, service } = route;
  checkQueueActions(decision.decision, decision.entries);
  const results = [];
  const by = caller.email ?? 'api-key';
  /** What approving a hand-over or a validation notice needs. */
  const approval = {
    store: deps.store,
    ledger: service,
    settings: office,
    asOf: officeToday(now, office.timeZone),
    now,
    by,
  };
  /**
   * How approving an entry is carried out here rather than by the sender: a hand-over is never
   * dispatched, approving it places the account (services/handover.ts); a validation-notice letter
   * is mailed by the clerk, approving logs it and nothing is sent.
   */
  const approvedHere = (e: (typeof decision.entries)[number]) => {
    if (isHandover(e.channel))
      return (entry: OutboxEntry) =>
        approveHandover(entry, { ...approval, promiseGraceDays: policyFor(office).promiseGraceDays });
    if (isValidationLetter(e)) return (entry: OutboxEntry) => approveValidationNotice(entry, approval);
    return undefined;
  };
  for (const e of decision.entries) {
    const key = { tenantId: caller.tenantId, ...e };
    // A credit-contact task (checked above: only done or dismiss reach it, and only it takes them).
    if (decision.decision === 'done' || decision.decision === 'dismiss') {
      results.push({ ...e, ...(await decideTask(deps.store, key, decision.decision, by, now)) });
      continue;
    }
    // What a debtor did on the self-service page: approving a plan request posts the plan.
    if (isPortalChannel(e.channel)) {
      results.push({
        ...e,
        ...(await decidePortalEntry(route, caller, key, decision.decision, by, now, office)),
      });
      continue;
    }
    const approve = decision.decision === 'approve' ? approvedHere(e) : undefined;
    if (approve) {
      const entry = await deps.store.getOutbox(caller.tenantId, e.customerId, e.stage, e.channel, e.cycle);
      results.push({ ...e, ...(entry ? await approve(entry) : { status: 'unchanged' as const }) });
      continue;
    }
    results.push({ ...e, ...(await decideEntry(deps.store, key, decision.decision, by, now)) });
  }
  return json(200, { results });
}

/**
 * A debtor's request in the review queue. `approve` on a plan request posts the Plans row (once:
 * the plan id is the idempotency key and the entry moves only from awaiting-review); on a
 * promise or dispute it records that the clerk saw it. `skip` dismisses it (a skipped plan
 * request posts nothing; the dispute stays until the clerk clears the invoice's status).
 */
async function decidePortalEntry(
  { deps, service, rowsRoom }: QueueRouteDeps,
  caller: Caller,
  key: Pick<OutboxEntry, 'tenantId' | 'customerId' | 'stage' | 'channel' | 'cycle'>,
  decision: 'approve' | 'skip',
  by: string,
  now: Date,
  office: TenantSettings,
): Promise<Record<string, unknown>> {
  const entry = await deps.store.getOutbox(key.tenantId, key.customerId, key.stage, key.channel, key.cycle);
  if (entry?.status !== 'awaiting-review') return { status: 'unchanged' };
  const at = now.toISOString();
  if (decision === 'approve' && key.channel === 'plan-request') {
    // At the rows quota: 403 QUOTA.ROWS, and the request stays in the queue (services/backend-rows.ts).
    await refuseAtRowLimit(rowsRoom, caller.tenantId, 'plan-approval');
    const plan = entry.action.plan as {
      planId: string;
      startDate: string;
      totalMinor: number;
      currency: string;
      installments: number;
      frequency: string;
    };
    await service.post(
      caller.tenantId,
      'Plans',
      {
        idempotencyKey: plan.planId,
        row: {
          'Plan ID': plan.planId,
          'Customer ID': key.customerId,
          'First Due': plan.startDate,
          Total: decimalText(plan.totalMinor, plan.currency),
          Currency: plan.currency,
          Installments: plan.installments,
          Frequency: plan.frequency,
          Note: `asked for on the self-service page; approved by ${by}`,
        },
      },
      now,
      office.timeZone,
    );
    await deps.debtor?.addSheetRow(caller.tenantId, {
      tab: 'Plans',
      rowId: plan.planId,
      customerId: key.customerId,
      change: 'new',
      at,
    });
  }
  const moved = await deps.store.transitionOutbox(
    key,
    ['awaiting-review'],
    decision === 'approve' ? 'approved' : 'skipped',
    {
      decidedBy: by,
      decidedAt: at,
      decision:
        decision === 'approve' ? (key.channel === 'plan-request' ? 'plan posted' : 'seen') : 'dismissed',
    },
  );
  return { status: moved ? (decision === 'approve' ? 'approved' : 'skipped') : 'unchanged' };
}
