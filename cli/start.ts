// `npm start`: the local stack (DynamoDB Local, the SES emulator, the API, the scheduler) with the
// demo ledger loaded and one day's cycle run; prints where to look and runs until Ctrl-C.
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ageBook } from '../core/aging.js';
import { buildBook } from '../core/book.js';
import { zonedInstant } from '../core/dates.js';
import { formatMoney } from '../core/money.js';
import { agingSummary } from '../core/reports.js';
import { parseLedger } from '../core/schema.js';
import { DEMO_AS_OF } from '../examples/generate-demo.js';
import { formatReplay, replayDay } from './local-run.js';
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
  settings: { timeZone: OFFICE_ZONE },
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
  // The debtor's side of one email sent today: its self-service page and pay link.
  const emailed = stack.sent.find((s) => s.outbox)?.outbox?.customerId;
  const [message] = emailed ? await stack.store.messages(stack.tenantId, emailed) : [];
  const linkOf = (label: string) =>
    message?.text
      .split('\n')
      .find((l) => l.startsWith(label))
      ?.replace(/^[^:]*: /, '') ?? '(no email sent today)';
  say(`
${rule}
Where to look:
  Sent emails (web inbox):  ${stack.inboxUrl}
  The API:                  ${stack.apiUrl}   (health: ${stack.apiUrl}/health)
  DynamoDB Local:           ${stack.dynamoEndpoint}   (table duebook-local, in memory)
  Letters and packets:      ${stack.lettersDir}   (appeal letters, hand-over packets)
  Account status:           curl -H 'x-api-key: ${stack.apiKey}' '${stack.apiUrl}/v1/status?customers=${firstCustomer}'
  Replay other days:        npx duebook run --ledger ${ledgerPath} --as-of 2026-11-24
  ${emailed ?? 'A debtor'}'s page:         ${linkOf('See your account')}
  ${emailed ?? 'A debtor'} pays online:    ${linkOf('Pay online')}
                            (Checkout on the local Stripe stand-in ${stack.stripe?.url ?? ''}; "Pay (test)" posts the payment)
Press Ctrl-C to stop everything this started.
${rule}`);
  say('Ready.');
} catch (e) {
  process.stderr.write(`The demo cycle failed: ${(e as Error).stack ?? String(e)}\n`);
  await stack.stop();
  process.exit(1);
}
