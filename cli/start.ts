// `npm start`: the local stack (DynamoDB Local, the SES emulator, the API, the scheduler) with the
// demo ledger loaded and one day's cycle run; prints where to look and runs until Ctrl-C.
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ageBook } from '../core/ledger/aging.js';
import { buildBook } from '../core/ledger/book.js';
import { zonedInstant } from '../core/ledger/dates.js';
import { formatMoney } from '../core/ledger/money.js';
import { parseLedger } from '../core/ledger/schema-rows.js';
import { agingSummary } from '../core/reports/reports.js';
import { DEMO_AS_OF } from '../examples/generate-demo.js';
import { dispatchOverDay, formatReplay, formatSent, replayDay, withArchive } from './local-run.js';
import { readLedger } from './read-ledger.js';

process.env.DUEBOOK_LOG ??= 'silent';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { startLocalStack } = await import('../lambdas/local/stack.js');

const OFFICE_ZONE = 'America/New_York';
const ledgerPath = relative(
  process.cwd(),
  fileURLToPath(new URL('../examples/demo-ledger', import.meta.url)),
);
const rule = '='.repeat(78);
const say = (text: string) => process.stdout.write(`${text}\n`);

say(
  `${rule}\nDuebook local stack: starting DynamoDB Local (Java), the SES emulator, the API and the scheduler...`,
);
// The demo's story stands on ${DEMO_AS_OF}; the stack's clock is held there so the run is repeatable.
let now = new Date(zonedInstant(DEMO_AS_OF, 9, OFFICE_ZONE));
const port = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
const stack = await startLocalStack({
  now: () => now,
  // As production runs by default (infra/config.ts): every email waits in the review queue.
  settings: { timeZone: OFFICE_ZONE, reviewMode: true },
  ...(port('DUEBOOK_API_PORT') === undefined ? {} : { apiPort: port('DUEBOOK_API_PORT') }),
  ...(port('DUEBOOK_SES_PORT') === undefined ? {} : { sesPort: port('DUEBOOK_SES_PORT') }),
}).catch((e: unknown) => {
  process.stderr.write(`Could not start the local stack: ${(e as Error).message}\n`);
  process.exit(1);
});

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  say('\nStopping the local stack...');
  await stack.stop();
  say('Stopped. Nothing is left running.');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

interface QueueLine {
  customerId: string;
  stage: string;
  channel: string;
  cycle: string;
  kind?: string;
  preview?: { subject?: string; to?: string; text?: string };
}

/** The API as the add-on calls it, with the demo office's API key. */
async function callApi<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { 'x-api-key': stack.apiKey, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** The emails awaiting review, as the add-on's review queue lists them. */
async function emailsAwaitingReview(): Promise<QueueLine[]> {
  const { entries } = await callApi<{ entries: QueueLine[] }>('GET', '/v1/queue');
  return entries.filter((e) => (e.kind ?? 'review') === 'review' && e.channel === 'email');
}

/** Approves every email in the queue (as a clerk would in the add-on) and sends what is due. */
async function approveAll(): Promise<void> {
  const lines = await emailsAwaitingReview();
  if (lines.length === 0) {
    say('Nothing awaits review.');
    return;
  }
  for (let i = 0; i < lines.length; i += 500) {
    const entries = lines
      .slice(i, i + 500)
      .map(({ customerId, stage, channel, cycle }) => ({ customerId, stage, channel, cycle }));
    await callApi('POST', '/v1/queue', { decision: 'approve', entries });
  }
  const morning = now.getTime();
  await stack.ses.clear();
  stack.sent.length = 0;
  await stack.dispatch();
  await stack.drain();
  const later = await dispatchOverDay(
    stack,
    (d) => {
      now = d;
    },
    morning,
  );
  say(`Approved ${lines.length} email${lines.length === 1 ? '' : 's'}.`);
  say(formatSent(await withArchive(stack, await stack.ses.emails()), later).join('\n'));
  say(`Open the web inbox to read them: ${stack.inboxUrl}`);
}

try {
  const { rows } = await readLedger(ledgerPath);
  say(`Loading the demo ledger (${ledgerPath}) through the API and running the ${DEMO_AS_OF} cycle...\n`);
  const replay = await replayDay(
    stack,
    (d) => {
      now = d;
    },
    rows,
    DEMO_AS_OF,
    OFFICE_ZONE,
  );
  say(formatReplay(replay));

  const { ledger } = parseLedger(rows);
  const summary = agingSummary(ageBook(buildBook(ledger, DEMO_AS_OF), DEMO_AS_OF));
  say(`Aging summary as of ${DEMO_AS_OF}:`);
  for (const c of summary.currencies) {
    const parts = summary.buckets.map(
      (label, b) => `${label} ${formatMoney(c.bucketsMinor[b]!, c.currency, { code: false })}`,
    );
    say(
      `  ${formatMoney(c.totalMinor, c.currency)} open, ${c.customersPastDue} of ${c.customerCount} customers past due: ${parts.join(' | ')}`,
    );
  }
  const firstCustomer = ledger.customers[0]?.customerId ?? 'C-1001';
  const waiting = await emailsAwaitingReview();
  if (waiting.length > 0) {
    say(`\nReview queue (review mode is on, as in production): ${waiting.length} emails await approval`);
    for (const e of waiting)
      say(`  ${e.customerId.padEnd(8)} ${e.stage.padEnd(18)} ${e.preview?.subject ?? '(no preview)'}`);
  }
  // The debtor's side of one email in the queue: its self-service page and pay link (the preview
  // carries the same signed links the email will).
  const first = waiting[0];
  const linkOf = (label: string) =>
    first?.preview?.text
      ?.split('\n')
      .find((l) => l.startsWith(label))
      ?.replace(/^[^:]*: /, '') ?? '(no email planned today)';
  say(`
${rule}
Where to look:
  Sent emails (web inbox):  ${stack.inboxUrl}
  The API:                  ${stack.apiUrl}/   (what it is, its routes)
  Letters and packets:      ${stack.lettersDir}   (appeal letters, hand-over packets)
  Account status:           curl -H 'x-api-key: ${stack.apiKey}' '${stack.apiUrl}/v1/status?customers=${firstCustomer}'
  The review queue:         curl -H 'x-api-key: ${stack.apiKey}' '${stack.apiUrl}/v1/queue'
  Replay other days:        npx duebook run --ledger ${ledgerPath} --as-of 2026-11-24
  ${first?.customerId ?? 'A debtor'}'s page:         ${linkOf('See your account')}
  ${first?.customerId ?? 'A debtor'} pays online:    ${linkOf('Pay online')}
                            (Checkout on the local Stripe stand-in ${stack.stripe?.url ?? ''}; "Pay (test)" posts the payment)
DynamoDB Local holds the data in memory (table duebook-local, port ${new URL(stack.dynamoEndpoint).port}, for AWS SDK tools).
${waiting.length > 0 ? `Press Enter to approve the ${waiting.length} emails and send them, as a clerk would from the add-on's review queue.\n` : ''}Press Ctrl-C to stop everything this started.
${rule}`);
  say('Ready.');
  // One line on stdin (Enter) approves the queue; stdin closed (no terminal) leaves it waiting.
  let approving = false;
  process.stdin.on('data', () => {
    if (approving || stopping) return;
    approving = true;
    approveAll()
      .catch((e: unknown) => process.stderr.write(`Approving the queue failed: ${(e as Error).message}\n`))
      .finally(() => {
        approving = false;
      });
  });
} catch (e) {
  process.stderr.write(`The demo cycle failed: ${(e as Error).stack ?? String(e)}\n`);
  await stack.stop();
  process.exit(1);
}
