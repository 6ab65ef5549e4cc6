// `duebook run` when DynamoDB Local dies in the middle of a day: one clear sentence, and the next
// run of the same day resumes — every email goes out once, a send SES took but Duebook could not
// record waits in the review queue as "may have been sent", and none is sent twice.
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localStackFailure, replayDay, replayDayOnce } from '../../cli/local-run.js';
import { zonedInstant } from '../../core/ledger/dates.js';
import type { LedgerRows } from '../../core/ledger/schema-rows.js';
import { startLocalStack } from '../../lambdas/local/stack.js';
import type { Mailer } from '../../lambdas/shared/mailer.js';

const ZONE = 'America/New_York';
const CUSTOMER_COUNT = 8;
const LEDGER: LedgerRows = {
  Customers: [
    ['Customer ID', 'Name', 'Email', 'Time Zone'],
    ...Array.from({ length: CUSTOMER_COUNT }, (_, i) => [
      `C-${i}`,
      `Customer ${i}`,
      `c${i}@example.com`,
      ZONE,
    ]),
  ],
  Invoices: [
    ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
    ...Array.from({ length: CUSTOMER_COUNT }, (_, i) => [
      `I-${i}`,
      `C-${i}`,
      '2026-10-01',
      '2026-11-10',
      `${100 + i}.00`,
      'USD',
    ]),
  ],
};

describe('local-run', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'duebook-resume-'));

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('replayDay after DynamoDB Local died mid-run', () => {
    it('returns one clear sentence, and the rerun sends every email once and puts the unrecorded one in review', async () => {
      // Prepare: a day whose third send reaches SES just as DynamoDB Local is killed.
      let now = new Date(zonedInstant('2026-11-23', 9, ZONE));
      const delivered: string[] = [];
      let sends = 0;
      const stack = await startLocalStack({
        now: () => now,
        dataDir,
        settings: { timeZone: ZONE },
        wrapMailer: (mailer: Mailer): Mailer => ({
          async send(email) {
            sends++;
            if (sends === 3) execSync(`pkill -KILL -f -- "[d]bPath ${dataDir}" || true`);
            return mailer.send(email);
          },
        }),
      });
      let failure: unknown;
      try {
        await replayDay(
          stack,
          (d) => {
            now = d;
          },
          LEDGER,
          '2026-11-23',
          ZONE,
        );
      } catch (e) {
        failure = e;
      } finally {
        // What the SES emulator received before the stack goes (its store is in memory).
        delivered.push(...(await stack.ses.emails()).map((e) => e.destination.to[0]!));
        await stack.stop();
      }
      // Assess the first run: it stopped with a sentence a user can act on.
      expect(failure).toBeDefined();
      expect(localStackFailure(failure)).toMatch(
        /DynamoDB Local stopped answering .* run the same command again/,
      );
      expect(delivered.length).toBeGreaterThanOrEqual(3);

      // Act: the same day again on the same data.
      const rerun = await replayDayOnce(LEDGER, '2026-11-23', ZONE, dataDir);

      // Assess: every customer heard once over both runs; the send SES took while the database was
      // gone is not resent but stands in the review queue.
      const all = [...delivered, ...rerun.emails.map((e) => e.destination.to[0]!)];
      expect(new Set(all).size).toBe(all.length);
      expect(new Set(all).size).toBe(CUSTOMER_COUNT);
      const check = await startLocalStack({
        dataDir,
        now: () => new Date(zonedInstant('2026-11-24', 9, ZONE)),
      });
      try {
        const review = await check.store.reviewQueue(check.tenantId);
        expect(review.map((e) => [e.customerId, e.status, e.rule])).toEqual([
          [expect.any(String), 'uncertain', 'delivery/unconfirmed'],
        ]);
        expect(delivered).toContain(`c${review[0]!.customerId.slice(2)}@example.com`);
      } finally {
        await check.stop();
      }
    }, 240_000);
  });
});
