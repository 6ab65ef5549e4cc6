// `duebook messages`: the archive of every message the local edition sent (`duebook run`,
// `npm start`), read from the local database in the state folder.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type CliIo, EXIT, parseCommandOptions } from '../io.js';

export const MESSAGES_HELP = `duebook messages [--data DIR] [--customer ID] [--tenant ID] [--json]

Prints the archived copy of every message sent on the local edition (by \`duebook run\` or
\`npm start\`): to whom, when (the instant, the debtor's local time and the office's), the subject,
and with --json the text and HTML exactly as sent. Oldest first. Needs Java 17+ (it reads the
DynamoDB Local database in DIR).

Options:
  --data DIR        the local state folder \`duebook run\` used (default .duebook-local)
  --customer ID     only this customer's messages
  --tenant ID       the office (default demo-office, the local edition's)
  --json            print {"messages":[{"customerId","stage","channel","to","subject","sentAt",
                    "localTime","officeTime","zone","text","html","messageId","outboxKey",
                    "activityId","policyVersion","amounts"}]}

Exit codes: 0 listed, 1 no local data in DIR or the database could not be read, 2 usage error.
`;

const COMMAND = 'messages';

export async function messagesCommand(args: readonly string[], io: CliIo): Promise<number> {
  const values = parseCommandOptions(COMMAND, args, {
    data: { type: 'string', default: '.duebook-local' },
    customer: { type: 'string' },
    tenant: { type: 'string', default: 'demo-office' },
    json: { type: 'boolean', default: false },
  });
  const dataDir = resolve(String(values.data));
  if (!existsSync(dataDir)) {
    io.err(`duebook messages: no local data in ${String(values.data)}: run \`duebook run\` first\n`);
    return EXIT.FAILED;
  }
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { readArchive } = await import('../local-archive.js');
  const messages = await readArchive(dataDir, String(values.tenant), values.customer as string | undefined);
  if (values.json) {
    // The same shape `GET /v1/messages` answers with (lambdas/api/queue-view.ts).
    const { messageView } = await import('../../lambdas/api/queue-view.js');
    const ordered = messages.map(messageView);
    io.out(`${JSON.stringify({ messages: ordered }, null, 2)}\n`);
    return EXIT.OK;
  }
  if (messages.length === 0) {
    io.out('No messages sent yet.\n');
    return EXIT.OK;
  }
  const lines = messages.map(
    (m) => `${m.sentAt}  ${m.localTime}  ${m.customerId}  ${m.stage}  to ${m.to}: ${m.subject}`,
  );
  io.out(
    `${messages.length} message${messages.length === 1 ? '' : 's'} sent (instant, debtor's local time, customer, stage):\n${lines.join('\n')}\n`,
  );
  return EXIT.OK;
}
