// An office's first plan on DynamoDB Local (issue #17's simulation spends its first day on it): every
// seeded account recomputed and the day's actions recorded, with the writes made together against
// the same run writing each alone, both on one DynamoDB Local in this process.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addDays } from '../core/ledger/dates.js';
import { mulberry32 } from '../examples/seeded-random.js';
import {
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startDynamoDbLocal,
} from '../lambdas/local/dynamodb-local.js';
import { runDay } from '../lambdas/services/daily-run.js';
import { LedgerService, type SyncChunk } from '../lambdas/services/ledger-service.js';
import { createLocalLetterStorage } from '../lambdas/shared/letter-storage.js';
import { DEFAULT_SETTINGS } from '../lambdas/shared/settings.js';
import { LedgerStore } from '../lambdas/store/ledger-store.js';
import { ensureTable } from '../lambdas/store/table-definition.js';

const CUSTOMERS = 500;
const PAIRS = 7;
const FIRST_DAY = '2027-03-13';
const round = (x: number, digits = 3) => Number(x.toFixed(digits));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * The store without its writes made together: the daily run falls back to what it did before them,
 * a version-guarded UpdateItem per account (8 at once) and a conditional PutItem per new action.
 */
class OneByOneStore extends LedgerStore {
  override async putAccounts(): Promise<never> {
    throw new Error('writes one by one (benchmark baseline)');
  }
  override async putOutboxEntriesOnce(): Promise<never> {
    throw new Error('writes one by one (benchmark baseline)');
  }
}

/** The simulation's ledger: one invoice per customer, due from 120 days past to 20 days ahead. */
function ledger(seed: number): SyncChunk[] {
  const rand = mulberry32(seed);
  const ids = Array.from({ length: CUSTOMERS }, (_, i) => `C-${String(i).padStart(4, '0')}`);
  const invoices = ids.map((id) => {
    const due = addDays(FIRST_DAY, -Math.floor(rand() * 140) + 20);
    const minor = 5_000 + Math.floor(rand() * 495_000);
    return [`INV-${id}`, id, addDays(due, -30), due, (minor / 100).toFixed(2), 'USD'];
  });
  const columns = (rows: unknown[][]) => rows[0]!.map((_, c) => rows.map((r) => r[c]));
  const customers = ids.map((id) => [id, `Customer ${id}`, `${id.toLowerCase()}@example.com`]);
  return [
    {
      tab: 'Customers',
      header: ['Customer ID', 'Name', 'Email'],
      columns: columns(customers),
      rowNumbers: customers.map((_, i) => i + 2),
    },
    {
      tab: 'Invoices',
      header: ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
      columns: columns(invoices),
      rowNumbers: invoices.map((_, i) => i + 2),
    },
  ];
}

export async function runFirstPlanBenchmark(): Promise<void> {
  const dynamo = await startDynamoDbLocal();
  const lettersDir = await mkdtemp(join(tmpdir(), 'duebook-bench-first-plan-'));
  try {
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: LOCAL_AWS_REGION,
      credentials: LOCAL_AWS_CREDENTIALS,
      maxAttempts: 10,
    });
    await ensureTable(client, 'bench-first-plan');
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    const sides = {
      together: new LedgerStore(doc, 'bench-first-plan'),
      alone: new OneByOneStore(doc, 'bench-first-plan'),
    };
    const letters = createLocalLetterStorage(lettersDir);
    const seededAt = new Date(`${addDays(FIRST_DAY, -1)}T10:00:00Z`);
    const planAt = new Date(`${FIRST_DAY}T14:00:00Z`);
    const ms = { together: [] as number[], alone: [] as number[] };
    const summaries: Record<string, unknown>[] = [];
    // A warm-up office first (DynamoDB Local's JIT), then pairs in alternating order.
    const order: (keyof typeof sides | 'warm')[] = ['warm'];
    for (let p = 0; p < PAIRS; p++)
      order.push(...(p % 2 === 0 ? (['together', 'alone'] as const) : (['alone', 'together'] as const)));
    for (const [n, side] of order.entries()) {
      const store = side === 'warm' ? sides.together : sides[side];
      const tenantId = `bench-office-${n}`;
      const settings = {
        ...DEFAULT_SETTINGS,
        tenantId,
        officeName: `Office ${n} LLC`,
        officeAddress: '1 Main Street, Springfield',
        timeZone: 'America/New_York',
        reviewMode: true,
      };
      for (const chunk of ledger(17)) {
        const r = await new LedgerService(store).sync(tenantId, chunk, seededAt);
        if (r.rejected > 0) throw new Error(`seeding refused rows: ${JSON.stringify(r.errors.slice(0, 2))}`);
      }
      const quiet = console.log;
      console.log = () => undefined;
      const t0 = performance.now();
      const summary = await runDay(tenantId, settings, planAt, {
        store,
        letters,
        enqueue: async () => undefined,
      });
      const elapsed = performance.now() - t0;
      console.log = quiet;
      if (summary.accountsRecomputed !== CUSTOMERS || summary.failed > 0)
        throw new Error(
          `${side}: recomputed ${summary.accountsRecomputed} of ${CUSTOMERS}, failed ${summary.failed}`,
        );
      if (side !== 'warm') {
        ms[side].push(elapsed);
        summaries.push({ side, recorded: summary.recorded, planned: summary.planned });
      }
    }
    const recorded = new Set(summaries.map((s) => `${s.planned}/${s.recorded}`));
    if (recorded.size !== 1)
      throw new Error(`the two sides recorded differently: ${JSON.stringify(summaries)}`);
    const subject = median(ms.together);
    const baseline = median(ms.alone);
    console.log(
      JSON.stringify({
        name: 'offices.first_plan_together_vs_alone',
        subject_ms: round(subject),
        baseline_ms: round(baseline),
        ratio: round(subject / baseline, 4),
        subject_runs_ms: ms.together.map((x) => round(x, 0)),
        baseline_runs_ms: ms.alone.map((x) => round(x, 0)),
        customers: CUSTOMERS,
        actions_recorded: summaries[0]!.recorded,
        aim: 'ratio <= 0.5',
        note:
          `runDay of an office whose ${CUSTOMERS} accounts a sync just marked (its first plan: every snapshot recomputed, the day's actions ` +
          'recorded; review mode), on one DynamoDB Local. Subject: snapshots written in transactions of up to 100 and new outbox entries ' +
          'likewise, each under its own condition (LedgerStore.putAccounts, putOutboxEntriesOnce). Baseline: the same run with those two ' +
          'refused, so it writes as before them: a version-guarded UpdateItem per account (8 at once) and a conditional PutItem per new ' +
          `action (one after another). Both read the same (a byCustomer Query per account). Median of ${PAIRS} runs each, alternating, ` +
          'after one warm-up office.',
      }),
    );
  } finally {
    await dynamo.stop().catch(() => undefined);
    await rm(lettersDir, { recursive: true, force: true });
  }
}
