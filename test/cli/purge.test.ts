// Tests for `duebook purge`: which deceased customers the retention rule purges or cannot purge,
// the purged tabs it writes, and that purging the written ledger again changes nothing.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeCommand } from '../../cli/commands/purge.js';
import { EXIT, UsageError } from '../../cli/io.js';
import { readCsvFile } from '../../cli/read-ledger.js';
import type { PurgeResult } from '../../core/lifecycle/retention.js';
import {
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startDynamoDbLocal,
} from '../../lambdas/local/dynamodb-local.js';
import { LOCAL_TABLE_NAME } from '../../lambdas/local/stack.js';
import { LedgerStore } from '../../lambdas/store/ledger-store.js';
import { ensureTable } from '../../lambdas/store/table-definition.js';
import { captureOutput } from '../support/cli-output.js';

const demo = fileURLToPath(new URL('../../examples/demo-ledger', import.meta.url));
const AS_OF = '2026-11-23';
/** Hollis's row up to the Deceased On cell (after Placed On, Attorney Name, Attorney Contact), and the cells after it. */
const HOLLIS_HEAD =
  'C-1006,Estate of Margaret Hollis,,,"c/o R. Hollis, 15 Birch Ct, Albany, NY 12203",America/New_York,deceased,,,,,,,,';
const HOLLIS_TAIL = ',,,,,,,,';
const HOLLIS = `${HOLLIS_HEAD}${HOLLIS_TAIL}`;

function run(...args: string[]) {
  return captureOutput(purgeCommand, args);
}

let dir: string;
let n = 0;
/** A copy of the demo ledger whose deceased customer C-1006 has `deceasedOn` as Deceased On. */
async function ledgerWithDeathOn(deceasedOn: string): Promise<string> {
  const to = join(dir, `ledger-${++n}`);
  await cp(demo, to, { recursive: true });
  const file = join(to, 'customers.csv');
  const text = await readFile(file, 'utf8');
  expect(text).toContain(`${HOLLIS}\n`);
  await writeFile(file, text.replace(`${HOLLIS}\n`, `${HOLLIS_HEAD}${deceasedOn}${HOLLIS_TAIL}\n`));
  return to;
}

/** A written file as the CLI reads it back (the formula guard's `'` undone). */
const rows = async (path: string) => readCsvFile(path);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'duebook-purge-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli/commands/purge', () => {
  it('lists the demo customer flagged deceased without a Deceased On date and purges nothing', async () => {
    // Act
    const { code, stdout } = await run('--ledger', demo, '--as-of', AS_OF, '--out', join(dir, 'none'));
    // Assess
    expect(code).toBe(EXIT.OK);
    expect(stdout).toBe(
      [
        'Retention purge as of 2026-11-23: personal data of deceased customers is kept 365 days after Deceased On',
        '',
        'No customer is due to be purged.',
        '',
        'Need a Deceased On date (never purged on a guess):',
        '  C-1006 Estate of Margaret Hollis: flagged deceased with no Deceased On date: enter the day the office learned of the death',
        '',
        'Nothing to purge; nothing written.',
        '',
      ].join('\n'),
    );
    await expect(readFile(join(dir, 'none', 'customers.csv'))).rejects.toThrow('ENOENT');
  });

  it('lists a customer within the retention period with the day the purge applies', async () => {
    // Prepare
    const ledger = await ledgerWithDeathOn('2026-09-02');
    // Act
    const { stdout } = await run('--ledger', ledger, '--as-of', AS_OF);
    // Assess
    expect(stdout).toContain(
      'Within the retention period:\n  C-1006 Estate of Margaret Hollis: kept until 2027-09-02 (365 days after 2026-09-02)',
    );
    // Act: a shorter retention makes it due
    const short = await run('--ledger', ledger, '--as-of', AS_OF, '--retention-days', '60', '--json');
    // Assess
    const out = JSON.parse(short.stdout) as PurgeResult & { retentionDays: number };
    expect(out.retentionDays).toBe(60);
    expect(out.purged.map((p) => p.customerId)).toEqual(['C-1006']);
  });

  it('writes the purged tabs with only the personal data cleared, and a second purge of them changes nothing', async () => {
    // Prepare
    const ledger = await ledgerWithDeathOn('2025-06-01');
    const out = join(dir, 'purged');
    const before = {
      customers: await rows(join(ledger, 'customers.csv')),
      invoices: await rows(join(ledger, 'invoices.csv')),
      activity: await rows(join(ledger, 'activity.csv')),
    };
    // Act
    const first = await run('--ledger', ledger, '--as-of', AS_OF, '--out', out, '--by', 'Dana');
    // Assess
    expect(first.code).toBe(EXIT.OK);
    expect(first.stdout).toContain(
      '1 customer to purge:\n  C-1006 Estate of Margaret Hollis: Personal data purged on 2026-11-23 under retention/deceased-365d: the office learned of the death on 2025-06-01, 540 days ago',
    );
    expect(first.stdout).toContain('Rows changed: Customers 1, Invoices 1, Activity 1 (+1 new)');
    expect(first.stdout).toContain(
      `Wrote ${join(out, 'customers.csv')}\nWrote ${join(out, 'invoices.csv')}\nWrote ${join(out, 'activity.csv')}\n`,
    );
    const customers = await rows(join(out, 'customers.csv'));
    const diff = (a: string[][], b: string[][]) =>
      b.flatMap((r, i) => (r.join('|') === (a[i] ?? []).join('|') ? [] : [r]));
    expect(diff(before.customers, customers)).toEqual([
      [
        'C-1006',
        'Deceased customer C-1006',
        '',
        '',
        '',
        'America/New_York',
        'deceased',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '2025-06-01',
        ...HOLLIS_TAIL.split('').map(() => ''),
      ],
    ]);
    expect(diff(before.invoices, await rows(join(out, 'invoices.csv')))).toEqual([
      ['INV-260010', 'C-1006', '2026-06-18', '2026-07-18', '645.00', 'USD', '', '', ''],
    ]);
    const activity = diff(before.activity, await rows(join(out, 'activity.csv')));
    expect(activity.map((r) => r.slice(0, 7))).toEqual([
      ['ACT-0029', 'C-1006', '2026-09-02', 'note', 'inbound', '', ''],
      ['PURGE-20261123-1', 'C-1006', AS_OF, 'note', 'outbound', '', 'personal-data-purged'],
    ]);
    expect(activity[0]![7]).toBe('');
    expect(activity[1]![8]).toBe('Dana');
    // Act: copy the tabs over and purge again
    for (const f of ['customers.csv', 'invoices.csv', 'activity.csv'])
      await cp(join(out, f), join(ledger, f));
    const second = await run('--ledger', ledger, '--as-of', '2026-12-01', '--out', join(dir, 'again'));
    // Assess
    expect(second.stdout).toContain('No customer is due to be purged.\n\nAlready purged: C-1006\n');
    expect(second.stdout).toContain('Nothing to purge; nothing written.');
  });

  it('honours the sent-message archive: a customer emailed within 3 years is kept until the copies may go', async () => {
    // Prepare: a local state folder whose archive holds one message sent to C-1006 before the death
    const ledger = await ledgerWithDeathOn('2025-06-01');
    const data = join(dir, 'state');
    const dynamo = await startDynamoDbLocal({ dataDir: data });
    try {
      const client = new DynamoDBClient({
        endpoint: dynamo.endpoint,
        region: LOCAL_AWS_REGION,
        credentials: LOCAL_AWS_CREDENTIALS,
      });
      await ensureTable(client, LOCAL_TABLE_NAME);
      await new LedgerStore(DynamoDBDocumentClient.from(client), LOCAL_TABLE_NAME).archiveMessage(
        'demo-office',
        {
          customerId: 'C-1006',
          stage: 'reminder-1',
          channel: 'email',
          cycle: '2025-05',
          outboxKey: 'reminder-1#email#2025-05',
          to: 'hollis@example.com',
          subject: 'Your account',
          text: 'Please pay',
          html: '<p>Please pay</p>',
          zone: 'America/New_York',
          localTime: '2025-05-20 10:00 America/New_York',
          officeTime: '2025-05-20 10:00 America/New_York',
          sentAt: '2025-05-20T14:00:00.000Z',
          policyVersion: 'test',
          amounts: [{ currency: 'USD', amountMinor: 64500 }],
          messageId: 'm-1',
        },
      );
    } finally {
      await dynamo.stop();
    }
    // Act
    const json = await run('--ledger', ledger, '--as-of', AS_OF, '--data', data, '--json');
    const text = await run('--ledger', ledger, '--as-of', AS_OF, '--data', data);
    // Assess
    const out = JSON.parse(json.stdout) as PurgeResult;
    expect(out.purged).toEqual([]);
    expect(out.skipped).toEqual([
      {
        customerId: 'C-1006',
        rule: 'retention/archive-hold',
        reason: 'copies of messages sent are kept until 2028-05-19',
        purgeOn: '2028-05-19',
      },
    ]);
    expect(text.stdout).toContain(
      'Kept for the records:\n  C-1006 Estate of Margaret Hollis: copies of messages sent are kept until 2028-05-19',
    );
    // Act: a --data folder that does not exist is an error, never an empty archive
    const missing = await run('--ledger', ledger, '--as-of', AS_OF, '--data', join(dir, 'no-state'));
    // Assess
    expect(missing.code).toBe(EXIT.FAILED);
    expect(missing.stderr).toContain(`no local data in ${join(dir, 'no-state')}`);
    expect(missing.stdout).toBe('');
  }, 120_000);

  it('refuses to overwrite a file in --out and writes nothing', async () => {
    // Prepare
    const ledger = await ledgerWithDeathOn('2025-06-01');
    const out = join(dir, 'occupied');
    await run('--ledger', ledger, '--as-of', AS_OF, '--out', join(out, 'x'));
    await cp(join(out, 'x', 'activity.csv'), join(out, 'activity.csv'));
    // Act
    const { code, stdout, stderr } = await run('--ledger', ledger, '--as-of', AS_OF, '--out', out);
    // Assess
    expect(code).toBe(EXIT.FAILED);
    expect(stdout).toBe('');
    expect(stderr).toContain(`duebook: ${join(out, 'activity.csv')} already exists; nothing written`);
    await expect(readFile(join(out, 'customers.csv'))).rejects.toThrow('ENOENT');
  });

  it.each([
    [[], '--ledger PATH is required'],
    [['--ledger', demo], '--as-of YYYY-MM-DD is required'],
    [
      ['--ledger', demo, '--as-of', AS_OF, '--retention-days=-1'],
      '--retention-days "-1" is not a whole number',
    ],
    [
      ['--ledger', demo, '--as-of', AS_OF, '--retention-days', '1.5'],
      '--retention-days "1.5" is not a whole number',
    ],
  ])('throws a usage error for %j', async (args, message) => {
    // Act / Assess
    await expect(run(...args)).rejects.toThrow(UsageError);
    await expect(run(...args)).rejects.toThrow(message);
  });
});
