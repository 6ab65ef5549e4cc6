// Per-office quotas on DynamoDB Local (issue #17): the sliding request minute, emails counted in the
// office's own day, and the rows Duebook writes itself (payments, debtor-page actions, activity)
// counted towards the rows quota.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startDynamoDbLocal,
} from '../../../lambdas/local/dynamodb-local.js';
import { createEmailQuota, emailQuotaDay, nextOfficeDay } from '../../../lambdas/services/email-quota.js';
import { LedgerService, type SyncChunk } from '../../../lambdas/services/ledger-service.js';
import { decideRate } from '../../../lambdas/services/request-rate.js';
import { DEFAULT_QUOTAS } from '../../../lambdas/shared/office-config.js';
import { LedgerStore } from '../../../lambdas/store/ledger-store.js';
import { QuotaStore } from '../../../lambdas/store/quota-store.js';
import { ensureTable } from '../../../lambdas/store/table-definition.js';
import { chunk } from '../support/api-stack.js';

const TABLE = 'duebook-quotas-test';

describe('quotas', () => {
  let dynamo: Awaited<ReturnType<typeof startDynamoDbLocal>>;
  let client: DynamoDBClient;
  let doc: DynamoDBDocumentClient;
  let quotas: QuotaStore;

  beforeAll(async () => {
    dynamo = await startDynamoDbLocal();
    client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: LOCAL_AWS_REGION,
      credentials: LOCAL_AWS_CREDENTIALS,
    });
    await ensureTable(client, TABLE);
    doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    quotas = new QuotaStore(doc, TABLE);
  }, 120_000);
  afterAll(async () => {
    client?.destroy();
    await dynamo?.stop();
  });

  /** Counts `n` requests of an office at `at` as the API does; returns the decisions. */
  async function requests(tenantId: string, at: string, n: number, limit: number) {
    const out: { admit: boolean; retryAfterSeconds: number }[] = [];
    for (let i = 0; i < n; i++) {
      const now = new Date(at);
      const window = await quotas.countRequest(tenantId, now);
      const decision = decideRate(window, now.getTime() % 60_000, limit);
      if (!decision.admit) await quotas.uncountRequest(tenantId, window.minute);
      out.push(decision);
    }
    return out;
  }

  describe('QuotaStore.countRequest (the sliding minute)', () => {
    it('refuses a burst across a minute boundary that a fixed minute would let through twice', async () => {
      // Prepare / Act: 6 at 12:00:58 (limit 6), then 6 more two seconds later, in the next minute.
      const before = await requests('rate-burst', '2026-11-23T12:00:58Z', 6, 6);
      const after = await requests('rate-burst', '2026-11-23T12:01:00Z', 6, 6);
      // Assess: the second burst is refused whole, each refusal with a wait.
      expect(before.every((d) => d.admit)).toBe(true);
      expect(after.every((d) => !d.admit)).toBe(true);
      expect(after[0]!.retryAfterSeconds).toBeGreaterThanOrEqual(10);
    });

    it('lets a client in once it waited the Retry-After it was given, not a second before', async () => {
      // Prepare: 6 of 6 at 12:00:50.
      await requests('rate-retry', '2026-11-23T12:00:50Z', 6, 6);
      const [refused] = await requests('rate-retry', '2026-11-23T12:00:55Z', 1, 6);
      const wait = refused!.retryAfterSeconds;
      // Act
      const early = await requests(
        'rate-retry',
        new Date(Date.parse('2026-11-23T12:00:55Z') + (wait - 1) * 1000).toISOString(),
        1,
        6,
      );
      const onTime = await requests(
        'rate-retry',
        new Date(Date.parse('2026-11-23T12:00:55Z') + wait * 1000).toISOString(),
        1,
        6,
      );
      // Assess: 6 * (1 - s/60) + 1 <= 6 from 12:01:10, i.e. 15 s after 12:00:55.
      expect(refused!.admit).toBe(false);
      expect(wait).toBe(15);
      expect(early[0]!.admit).toBe(false);
      expect(onTime[0]!.admit).toBe(true);
    });

    it('counts requests of many instances at once exactly, the first of a minute included', async () => {
      // Act: 40 concurrent counts in a fresh minute (the slot of two minutes ago is reset under a condition).
      await requests('rate-race', '2026-11-23T12:00:30Z', 3, 0);
      const now = new Date('2026-11-23T12:02:01Z');
      await Promise.all(Array.from({ length: 40 }, () => quotas.countRequest('rate-race', now)));
      const window = await quotas.requestWindow('rate-race', now);
      // Assess: minute 12:00's 3 are gone from the slot, none of the 40 lost.
      expect(window).toMatchObject({ current: 40, previous: 0 });
    });

    it('keeps one item per office, whatever the number of minutes', async () => {
      // Act
      for (const m of ['10', '11', '12', '13', '14'])
        await requests('rate-items', `2026-11-23T12:${m}:00Z`, 1, 0);
      const w = await quotas.requestWindow('rate-items', new Date('2026-11-23T12:14:30Z'));
      // Assess
      expect(w).toMatchObject({ current: 1, previous: 1 });
    });
  });

  describe('decideRate', () => {
    it.each([
      // previous, current (this one included), ms into the minute, limit, admit, retry after
      [0, 6, 50_000, 6, true, 0],
      [0, 7, 50_000, 6, false, 20],
      [6, 1, 0, 6, false, 10],
      [6, 1, 5_000, 6, false, 5],
      [6, 1, 10_000, 6, true, 0],
      [3, 3, 30_000, 6, true, 0],
      [100, 1, 0, 0, true, 0],
    ])(
      'previous %i, current %i at %i ms, limit %i: admit %s, retry after %i s',
      (previous, current, ms, limit, admit, retry) => {
        // Act
        const d = decideRate({ minute: 1, previous, current }, ms, limit);
        // Assess
        expect(d.admit).toBe(admit);
        expect(d.retryAfterSeconds).toBe(retry);
      },
    );
  });

  describe('createEmailQuota', () => {
    it("counts emails in the office's own day, not the UTC day, and holds them until its midnight", async () => {
      // Prepare: a Los Angeles office allowed 1 email a day. 23:00Z and 01:00Z next day are both
      // 23 November in Los Angeles (15:00 and 17:00).
      const quota = createEmailQuota(quotas, { quotas: { ...DEFAULT_QUOTAS, emailsPerDay: 1 } });
      const zone = 'America/Los_Angeles';
      // Act
      const first = await quota('emails-la', new Date('2026-11-23T23:00:00Z'), zone);
      const second = await quota('emails-la', new Date('2026-11-24T01:00:00Z'), zone);
      const nextDay = await quota('emails-la', new Date('2026-11-24T08:00:00Z'), zone);
      // Assess
      expect(first.ok).toBe(true);
      expect(second).toMatchObject({ ok: false, notBefore: Date.parse('2026-11-24T08:00:00Z') });
      expect(second.ok ? '' : second.reason).toMatch(
        /quota of 1 emails today \(2026-11-23, America\/Los_Angeles\)/,
      );
      expect(nextDay.ok).toBe(true);
    });

    it('lets a Tokyo office start its day at its own midnight (15:00 UTC)', async () => {
      // Prepare
      const quota = createEmailQuota(quotas, { quotas: { ...DEFAULT_QUOTAS, emailsPerDay: 1 } });
      // Act: 14:00Z is 23:00 on the 24th in Tokyo, 15:30Z is 00:30 on the 25th.
      const late = await quota('emails-tokyo', new Date('2026-11-24T14:00:00Z'), 'Asia/Tokyo');
      const again = await quota('emails-tokyo', new Date('2026-11-24T14:30:00Z'), 'Asia/Tokyo');
      const afterMidnight = await quota('emails-tokyo', new Date('2026-11-24T15:30:00Z'), 'Asia/Tokyo');
      // Assess: a UTC day would have refused the third, in the same UTC day as the first two.
      expect([late.ok, again.ok, afterMidnight.ok]).toEqual([true, false, true]);
    });
  });

  describe('emailQuotaDay / nextOfficeDay', () => {
    it('follows a daylight-saving change: the day after 1 November 2026 in New York begins at 05:00Z', () => {
      // Act / Assess: clocks go back at 02:00 on 1 November 2026.
      expect(emailQuotaDay(new Date('2026-11-01T12:00:00Z'), 'America/New_York')).toBe('2026-11-01');
      expect(
        new Date(nextOfficeDay(new Date('2026-11-01T12:00:00Z'), 'America/New_York')).toISOString(),
      ).toBe('2026-11-02T05:00:00.000Z');
      expect(
        new Date(nextOfficeDay(new Date('2026-10-31T12:00:00Z'), 'America/New_York')).toISOString(),
      ).toBe('2026-11-01T04:00:00.000Z');
    });
  });

  describe('LedgerService (rows the backend writes itself)', () => {
    it('counts a posted payment once, a replay not at all, and each new logged activity once', async () => {
      // Prepare: an office with one customer synced (the sync's own rows are counted by the API).
      const store = new LedgerStore(doc, TABLE);
      const ledger = new LedgerService(store);
      const tenantId = 'rows-office';
      const now = new Date('2026-11-23T15:00:00Z');
      await ledger.sync(
        tenantId,
        chunk(
          'Customers',
          ['Customer ID', 'Name', 'Email'],
          [['C-1', 'Ada Park', 'ada@example.com']],
        ) as SyncChunk,
        now,
      );
      await ledger.sync(
        tenantId,
        chunk(
          'Invoices',
          ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
          [['INV-1', 'C-1', '2026-10-01', '2026-10-31', 400, 'USD']],
        ) as SyncChunk,
        now,
      );
      const before = await quotas.rowsStored(tenantId);
      const payment = {
        idempotencyKey: 'stripe-pi_1',
        row: {
          'Payment ID': 'PAY-1',
          'Customer ID': 'C-1',
          Date: '2026-11-23',
          Amount: 100,
          Currency: 'USD',
        },
      };
      // Act: a Stripe payment, its webhook delivered twice; a debtor-page promise; a sent email's
      // activity, logged twice (a retried send event).
      await ledger.post(tenantId, 'Payments', payment, now, 'America/New_York');
      await ledger.post(tenantId, 'Payments', payment, now, 'America/New_York');
      await ledger.post(
        tenantId,
        'Promises',
        {
          idempotencyKey: 'portal-promise-1',
          row: {
            'Promise ID': 'PR-1',
            'Customer ID': 'C-1',
            'Taken On': '2026-11-23',
            'Promised Date': '2026-12-01',
            Amount: 100,
            Currency: 'USD',
          },
        },
        now,
        'America/New_York',
      );
      const activity = {
        activityId: 'ACT-1',
        customerId: 'C-1',
        date: '2026-11-23',
        type: 'email',
        outcome: 'sent',
      };
      await ledger.logActivity(tenantId, activity, now, 'America/New_York');
      await ledger.logActivity(tenantId, activity, now, 'America/New_York');
      // Assess
      expect((await quotas.rowsStored(tenantId)) - before).toBe(3);
    });
  });
});
