// Delivery benchmarks on the real local parts (DynamoDB Local, SES emulator), ratios within one
// process: replaying a day already run against its first run, and the sender's send-time re-check
// against sending a message rendered at plan time through the same store and mailer.
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { replayDay } from '../cli/local-run.js';
import { readLedger } from '../cli/read-ledger.js';
import { addDays } from '../core/ledger/dates.js';
import {
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startDynamoDbLocal,
} from '../lambdas/local/dynamodb-local.js';
import { startSesLocal } from '../lambdas/local/ses-local.js';
import { startLocalStack } from '../lambdas/local/stack.js';
import { runDay } from '../lambdas/services/daily-run.js';
import { LedgerService, type SyncChunk } from '../lambdas/services/ledger-service.js';
import type { SendMessage } from '../lambdas/services/send-message.js';
import { composeNow, recordSent, type SenderDeps, sendOne } from '../lambdas/services/sender.js';
import { createSesMailer } from '../lambdas/shared/mailer.js';
import { DEFAULT_SETTINGS } from '../lambdas/shared/settings.js';
import { LedgerStore } from '../lambdas/store/ledger-store.js';
import { packMessage } from '../lambdas/store/outbox-types.js';
import { ensureTable } from '../lambdas/store/table-definition.js';
import type { TenantSettings } from '../lambdas/store/tenant-settings.js';
import type { BenchResult } from './harness.js';
import { prng } from './ledger-generator.js';

const DEMO = new URL('../examples/demo-ledger', import.meta.url).pathname;
const DEMO_DAY = '2026-11-23';
const TIME_ZONE = 'America/New_York';

const round = (x: number, digits = 3) => Number(x.toFixed(digits));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * delivery.rerun_vs_first_run: `duebook run`'s day (sync the demo ledger through the API, the
 * 09:00 plan, the hourly dispatch for 24 hours, sends through the SES emulator) run once on a
 * fresh stack, then replayed on the same stack. Timed after the stack is up. The replay must send
 * nothing; its time is compared with the first run's (aim: at most 10%).
 */
async function rerunVsFirstRun(): Promise<BenchResult> {
  const rows = (await readLedger(DEMO)).rows;
  const firsts: number[] = [];
  const reruns: number[] = [];
  let firstEmails = 0;
  for (let stackRun = 0; stackRun < 3; stackRun++) {
    let now = new Date(`${DEMO_DAY}T14:00:00Z`);
    const stack = await startLocalStack({
      now: () => now,
      settings: { timeZone: TIME_ZONE, reviewMode: false },
    });
    const setNow = (d: Date) => {
      now = d;
    };
    try {
      let t0 = performance.now();
      const first = await replayDay(stack, setNow, rows, DEMO_DAY, TIME_ZONE);
      firsts.push(performance.now() - t0);
      firstEmails = first.emails.length;
      if (firstEmails === 0)
        throw new Error('the first run of the demo day sent no email: nothing to compare');
      for (let again = 0; again < 3; again++) {
        t0 = performance.now();
        const replay = await replayDay(stack, setNow, rows, DEMO_DAY, TIME_ZONE, first.syncedIds);
        reruns.push(performance.now() - t0);
        if (replay.emails.length !== 0)
          throw new Error(`replaying ${DEMO_DAY} sent ${replay.emails.length} emails again`);
        if (replay.run.recorded !== 0)
          throw new Error(`replaying recorded ${replay.run.recorded} new actions`);
      }
    } finally {
      await stack.stop();
    }
  }
  const subject = median(reruns);
  const baseline = median(firsts);
  const result = {
    name: 'delivery.rerun_vs_first_run',
    subject_ms: round(subject),
    baseline_ms: round(baseline),
    ratio: round(subject / baseline, 4),
    aim: '<= 0.10',
    note: `demo ledger, ${DEMO_DAY}: first run sent ${firstEmails} emails, each replay sent 0; medians of ${reruns.length} replays and ${firsts.length} first runs (one fresh stack each)`,
  };
  console.log(JSON.stringify(result));
  return result;
}

/** Customers and invoices for the sender benchmark: every debtor in the office's zone, all overdue. */
function senderLedger(customers: number, seed: number): SyncChunk[] {
  const rand = prng(seed);
  const ids = Array.from({ length: customers }, (_, i) => `S-${String(i).padStart(4, '0')}`);
  const invoices: unknown[][] = [];
  for (const id of ids) {
    const count = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < count; k++) {
      const due = addDays(DEMO_DAY, -(5 + Math.floor(rand() * 20)));
      invoices.push([
        `I-${id}-${k}`,
        id,
        addDays(due, -30),
        due,
        (100 + Math.floor(rand() * 90_000)) / 100,
        'USD',
      ]);
    }
  }
  const columns = (rows: unknown[][], width: number) =>
    Array.from({ length: width }, (_, c) => rows.map((r) => r[c]));
  // The zone named on each row: without one the contact rules take every US zone, and the window
  // would open only at 08:00 in Los Angeles, after the bench's 10:00 New York instant.
  const customerRows = ids.map((id) => [
    id,
    `Customer ${id}`,
    `${id.toLowerCase()}@bench.example.com`,
    TIME_ZONE,
  ]);
  return [
    {
      tab: 'Customers',
      header: ['Customer ID', 'Name', 'Email', 'Time Zone'],
      columns: columns(customerRows, 4),
      rowNumbers: customerRows.map((_, i) => i + 2),
    },
    {
      tab: 'Invoices',
      header: ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
      columns: columns(invoices, 6),
      rowNumbers: invoices.map((_, i) => i + 2),
    },
  ];
}

/**
 * sender.per_email_vs_plan_only: per email, `sendOne` (read the entry, re-read the account, let
 * core decide at the send instant, render, claim, send, record) against the plan-only path it
 * replaced: the same entry read, claim, SES send and record through the same store and mailer,
 * with a message rendered before the timing starts (as the old sender took it from the plan).
 * Both sides send the same number of emails, each side to its own freshly planned tenant.
 */
async function perEmailVsPlanOnly(): Promise<BenchResult> {
  const db = await startDynamoDbLocal();
  const ses = await startSesLocal();
  const dynamo = new DynamoDBClient({
    endpoint: db.endpoint,
    region: LOCAL_AWS_REGION,
    credentials: LOCAL_AWS_CREDENTIALS,
  });
  const sesClient = new SESv2Client({
    endpoint: ses.endpoint,
    region: LOCAL_AWS_REGION,
    credentials: LOCAL_AWS_CREDENTIALS,
  });
  // DynamoDB calls per side, by command, to show where the re-check's cost goes.
  let calls: Record<string, number> = {};
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const op = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      calls[op] = (calls[op] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchCallCounter' },
  );
  const perEmail = (count: number) =>
    Object.fromEntries(Object.entries(calls).map(([op, n]) => [op, round(n / count, 2)]));
  let subjectCalls: Record<string, number> = {};
  let baselineCalls: Record<string, number> = {};
  try {
    const tableName = 'duebook-bench-sender';
    await ensureTable(dynamo, tableName);
    const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
    const store = new LedgerStore(doc, tableName);
    const ledger = new LedgerService(store);
    const mailer = createSesMailer(sesClient, 'duebook-bench');
    // 10:00 in New York: every debtor's window is open.
    const now = new Date(`${DEMO_DAY}T15:00:00Z`);
    const settingsFor = (tenantId: string): TenantSettings => ({
      tenantId,
      ...DEFAULT_SETTINGS,
      timeZone: TIME_ZONE,
      reviewMode: false,
      officeName: 'Bench Office',
      officeEmail: 'billing@bench.example.com',
      // No message leaves without the office's postal address (core/collections/templates.ts officeIdentityProblems).
      officeAddress: '1 Bench St, Springfield, IL 62701',
    });
    const deps: SenderDeps = {
      store,
      ledger,
      mailer,
      settings: async (t) => (await store.getSettings(t)) ?? settingsFor(t),
      senderAddress: 'Bench Office <billing@bench.example.com>',
      publicBaseUrl: 'http://127.0.0.1:9',
      unsubscribeSecret: 'bench-secret',
      now: () => now,
    };
    const CUSTOMERS = 40;
    let tenants = 0;
    /** A fresh tenant with the ledger synced and the day planned: its queued send messages. */
    const planned = async (): Promise<SendMessage[]> => {
      const tenantId = `bench-send-${tenants++}`;
      await store.putSettings(settingsFor(tenantId));
      // Synced an hour before the daily run, as an office syncs during its day: the run's recompute
      // settles the sync's markers, so the sender reads stored snapshots (not rows).
      const syncedAt = new Date(now.getTime() - 3_600_000);
      for (const chunk of senderLedger(CUSTOMERS, 11))
        await ledger.sync(tenantId, chunk, syncedAt, TIME_ZONE);
      const messages: SendMessage[] = [];
      await runDay(tenantId, settingsFor(tenantId), now, {
        store,
        enqueue: async (m) => {
          messages.push(m);
        },
        letters: { put: async () => '', get: async () => undefined },
      });
      if (messages.length < CUSTOMERS / 2) throw new Error(`only ${messages.length} emails planned`);
      return messages;
    };
    const subjectTimes: number[] = [];
    const baselineTimes: number[] = [];
    let emails = 0;
    for (let run = 0; run < 5; run++) {
      // Baseline: rendered at "plan time" (not timed), then the old sender's I/O per email.
      const base = await planned();
      const settings = settingsFor(base[0]!.tenantId);
      const prepared = [];
      for (const m of base) {
        const entry = (await store.getOutbox(m.tenantId, m.customerId, m.stage, m.channel, m.cycle))!;
        const c = await composeNow(entry, deps, settings, now);
        if (c.kind !== 'send') throw new Error(`baseline entry not sendable: ${c.kind}`);
        prepared.push({ m, c });
      }
      calls = {};
      let t0 = performance.now();
      for (const { m, c } of prepared) {
        const entry = await store.getOutbox(m.tenantId, m.customerId, m.stage, m.channel, m.cycle);
        if (!entry || !['planned', 'queued'].includes(entry.status))
          throw new Error('baseline entry not queued');
        const claimed = await store.transitionOutbox(m, ['planned', 'queued'], 'sending', {
          claimedAt: now.toISOString(),
          attempts: 1,
          message: packMessage(c.rendered),
        });
        if (!claimed) throw new Error('baseline claim failed');
        const messageId = await mailer.send(c.email);
        await recordSent(deps, m, messageId, now);
      }
      baselineTimes.push((performance.now() - t0) / base.length);
      baselineCalls = perEmail(base.length);

      // Subject: the send-time sender, same number of emails.
      const subject = (await planned()).slice(0, base.length);
      if (subject.length !== base.length) throw new Error('subject and baseline planned different counts');
      calls = {};
      t0 = performance.now();
      for (const m of subject) {
        const outcome = await sendOne(m, deps);
        if (outcome.result !== 'sent')
          throw new Error(`send-time sender did not send: ${JSON.stringify(outcome)}`);
      }
      subjectTimes.push((performance.now() - t0) / subject.length);
      subjectCalls = perEmail(subject.length);
      emails += base.length;
    }
    // The first round warms both paths (JIT, connections); medians of the rest.
    const subject = median(subjectTimes.slice(1));
    const baseline = median(baselineTimes.slice(1));
    const result = {
      name: 'sender.per_email_vs_plan_only',
      subject_ms: round(subject),
      baseline_ms: round(baseline),
      ratio: round(subject / baseline, 4),
      aim: '<= 1.5',
      subject_dynamodb_calls_per_email: subjectCalls,
      baseline_dynamodb_calls_per_email: baselineCalls,
      note: `ms per email; ${emails} emails per side over 5 rounds (first round is warm-up); baseline = entry read, claim with a message rendered at plan time, SES send, record, through the same store and mailer`,
    };
    console.log(JSON.stringify(result));
    return result;
  } finally {
    dynamo.destroy();
    sesClient.destroy();
    await ses.stop();
    await db.stop();
  }
}

/** Both benchmarks, or only those whose name contains `only` (`node --import tsx bench/delivery.bench.ts sender`). */
export async function runDeliveryBenchmarks(only?: string): Promise<BenchResult[]> {
  // The handlers' info logs would interleave with the JSON lines.
  process.env.DUEBOOK_LOG ??= 'silent';
  const results: BenchResult[] = [];
  if (!only || 'delivery.rerun_vs_first_run'.includes(only)) results.push(await rerunVsFirstRun());
  if (!only || 'sender.per_email_vs_plan_only'.includes(only)) results.push(await perEmailVsPlanOnly());
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) await runDeliveryBenchmarks(process.argv[2]);
