// Tomorrow's review queue: what the daily run planned in review mode, and the clerk's decisions.

import { stageName } from '../../core/collections/stage-names.js';
import { formatMoney } from '../../core/ledger/money.js';
import { createApiClient, ok } from './api-client.js';
import type { CreditTask, QueueDecision, QueueEntry } from './contract.js';
import { AddonError } from './errors.js';
import type { Gas } from './gas.js';
import { type ApiEmail, emailView, officeClock, officeZone } from './messages.js';
import { readSettings } from './settings.js';
import { readLedgerTab } from './sheets/ledger-tab.js';
import { today } from './sidebar.js';

interface ApiQueueEntry {
  customerId: string;
  stage: string;
  channel: string;
  cycle: string;
  /** `review`, `uncertain` or `failed` (older backends send none: every line is for review). */
  kind?: string;
  plannedOn?: string;
  notBefore?: string;
  explanation?: unknown;
  preview?: ApiEmail & {
    waitsUntil?: string;
    wouldNotSend?: { rule: string; reason: string };
    unavailable?: string;
  };
  uncertain?: { claimedAt?: string; attempts?: number; reason?: string; message?: ApiEmail };
  error?: { rule?: string; reason?: string };
  letter?: { pdf?: string; disputeBy?: string };
  /** An internal notice to the credit contact (`kind: 'task'`): approve marks it done. */
  task?: {
    subject?: string;
    notifiedTo?: string;
    sentAt?: string;
    waiting?: string;
    credit?: {
      notice?: string;
      action?: string;
      reason?: string;
      accounts?: {
        currency: string;
        balanceMinor: number;
        overdueMinor: number;
        oldestDaysPastDue: number;
      }[];
    };
  };
}

/** One readable sentence from the daily run's explanation, whatever its shape. */
export function explain(explanation: unknown): string {
  if (typeof explanation === 'string') return explanation;
  if (explanation && typeof explanation === 'object') {
    const e = explanation as Record<string, unknown>;
    for (const k of ['summary', 'text', 'reason', 'why', 'rule'])
      if (typeof e[k] === 'string') return e[k] as string;
    return JSON.stringify(explanation).slice(0, 300);
  }
  return '';
}

export function getQueue(gas: Gas): { asOf: string; timeZone: string; entries: QueueEntry[] } {
  const ss = gas.spreadsheet.getActive();
  const api = createApiClient(gas, readSettings(gas).backendUrl);
  const body = ok(api.one({ method: 'get', path: '/v1/queue' }), 'Loading the review queue');
  const zone = officeZone(gas, body.timeZone);
  const names = new Map<string, string>();
  const customers = readLedgerTab(ss, 'Customers');
  if (customers) {
    const idAt = customers.index.get('customerId') ?? -1;
    const nameAt = customers.index.get('name') ?? -1;
    if (idAt >= 0 && nameAt >= 0)
      for (const row of customers.values.slice(1))
        names.set(String(row[idAt]).trim(), String(row[nameAt] ?? ''));
  }
  const entries = ((body.entries as ApiQueueEntry[]) ?? []).map((e) => queueEntry(e, names, zone));
  return { asOf: today(gas, ss), timeZone: zone, entries };
}

/** One line of the queue as the dialog shows it: times on the office's clock, amounts formatted. */
export function queueEntry(e: ApiQueueEntry, names: ReadonlyMap<string, string>, zone: string): QueueEntry {
  const name = names.get(e.customerId);
  const plannedFor = e.notBefore ? officeClock(e.notBefore, zone) : e.plannedOn;
  const kind = e.kind === 'uncertain' || e.kind === 'failed' || e.kind === 'task' ? e.kind : 'review';
  const entry: QueueEntry = {
    customerId: e.customerId,
    ...(name ? { customerName: name } : {}),
    stage: e.stage,
    stageLabel: stageName(e.stage),
    channel: e.channel,
    cycle: e.cycle,
    kind,
    ...(plannedFor && kind === 'review' ? { plannedFor } : {}),
    why: e.kind === 'task' ? taskLine(e, zone) : explain(e.explanation),
  };
  if (kind === 'task') entry.credit = creditTask(e, zone);
  const p = e.preview;
  if (p?.wouldNotSend) entry.wouldNotSend = p.wouldNotSend;
  else if (p?.unavailable) entry.previewNote = p.unavailable;
  else if (p?.subject !== undefined) entry.preview = emailView(p);
  if (p?.waitsUntil) entry.waitsUntil = officeClock(p.waitsUntil, zone);
  if (entry.preview?.amounts.length === 1) entry.amount = entry.preview.amounts[0]!;
  if (typeof e.letter?.pdf === 'string')
    entry.letter = { pdf: e.letter.pdf, ...(e.letter.disputeBy ? { disputeBy: e.letter.disputeBy } : {}) };
  if (kind === 'uncertain') {
    const u = e.uncertain ?? {};
    entry.uncertain = {
      ...(u.claimedAt ? { claimedAt: officeClock(u.claimedAt, zone) } : {}),
      attempts: u.attempts ?? 1,
      reason: u.reason ?? 'Sent to SES, never confirmed.',
      ...(u.message ? { message: emailView(u.message) } : {}),
    };
    if (entry.uncertain.message?.amounts.length === 1) entry.amount = entry.uncertain.message.amounts[0]!;
  }
  if (kind === 'failed') {
    entry.error = {
      ...(e.error?.rule ? { rule: e.error.rule } : {}),
      reason: e.error?.reason ?? (entry.why || 'failed without a recorded reason'),
    };
  }
  return entry;
}

/**
 * A credit-contact task as one line: what the contact was told and when, or why not yet, then the
 * planner's reason (the task's line; its own view in the queue is `credit`: approve = done, skip = dismissed).
 */
function taskLine(e: ApiQueueEntry, zone: string): string {
  const t = e.task ?? {};
  const told = t.notifiedTo
    ? `Credit contact ${t.notifiedTo} told${t.sentAt ? ` ${officeClock(t.sentAt, zone)}` : ''}`
    : `Credit contact not told yet${t.waiting ? `: ${t.waiting}` : ''}`;
  return `${t.subject ? `${t.subject}. ` : ''}${told}. Mark it done once the credit department has acted. ${explain(e.explanation)}`.trim();
}

const ACTION_NAMES: Record<string, string> = {
  'credit-hold': 'Credit hold',
  'stop-service': 'Stop service',
  'return-of-goods': 'Return of goods',
};

/** A credit task's own view: the account per currency, the reason, and the notice's fate. */
function creditTask(e: ApiQueueEntry, zone: string): CreditTask {
  const t = e.task ?? {};
  const c = t.credit ?? {};
  const action = String(c.action ?? 'credit-hold');
  const money = (minor: number, currency: string) => ({
    currency,
    minor,
    text: formatMoney(minor, currency),
  });
  return {
    notice: c.notice === 'release' ? 'release' : 'hold',
    action: ACTION_NAMES[action] ?? action,
    reason: String(c.reason ?? explain(e.explanation)),
    accounts: (c.accounts ?? []).map((a) => ({
      balance: money(a.balanceMinor, a.currency),
      overdue: money(a.overdueMinor, a.currency),
      oldestDaysPastDue: a.oldestDaysPastDue,
    })),
    subject: String(t.subject ?? ''),
    ...(t.notifiedTo ? { notifiedTo: t.notifiedTo } : {}),
    ...(t.sentAt ? { sentAt: officeClock(t.sentAt, zone) } : {}),
    ...(t.waiting ? { waiting: t.waiting } : {}),
  };
}

/** What the API takes: approve/skip on messages and requests, done/dismiss on credit-contact tasks. */
const QUEUE_DECISIONS: readonly QueueDecision['decision'][] = ['approve', 'skip', 'done', 'dismiss'];

export function decideQueue(
  gas: Gas,
  input: QueueDecision,
): { changed: number; unchanged: number; refused?: { customerId: string; reasons: string[] }[] } {
  if (!input || !QUEUE_DECISIONS.includes(input.decision) || !Array.isArray(input.entries)) {
    throw new AddonError(
      'invalid',
      'Choose approve or skip (done or dismiss for a credit task) and at least one line.',
      'QUEUE.INVALID',
    );
  }
  if (input.entries.length === 0) return { changed: 0, unchanged: 0 };
  const api = createApiClient(gas, readSettings(gas).backendUrl);
  let changed = 0;
  let unchanged = 0;
  // The API takes at most 500 lines per decision; larger selections go in several requests at once.
  const requests = [];
  for (let i = 0; i < input.entries.length; i += 500) {
    requests.push({
      method: 'post' as const,
      path: '/v1/queue',
      body: { decision: input.decision, entries: input.entries.slice(i, i + 500) },
    });
  }
  const refused: { customerId: string; reasons: string[] }[] = [];
  for (const answer of api.all(requests)) {
    const body = ok(answer, 'Saving queue decisions');
    type Answered = {
      customerId: string;
      status: string;
      reason?: string;
      refusals?: { reason?: string }[];
    };
    for (const r of (body.results as Answered[]) ?? []) {
      // An approved hand-over the backend would not place became a task: not an approval.
      if (r.status === 'refused')
        refused.push({
          customerId: String(r.customerId),
          reasons:
            r.refusals && r.refusals.length > 0
              ? r.refusals.map((f) => String(f.reason ?? ''))
              : [String(r.reason ?? 'refused')],
        });
      else if (r.status === 'unchanged') unchanged++;
      else changed++;
    }
  }
  return { changed, unchanged, ...(refused.length > 0 ? { refused } : {}) };
}
