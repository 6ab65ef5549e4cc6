import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmailQuota, emailQuotaDay, nextOfficeDay } from '../../../lambdas/services/email-quota.js';
import { LedgerService } from '../../../lambdas/services/ledger-service.js';
import { decideRate } from '../../../lambdas/services/request-rate.js';
import { DEFAULT_QUOTAS } from '../../../lambdas/shared/office-config.js';
import { LedgerStore } from '../../../lambdas/store/ledger-store.js';
import { QuotaStore } from '../../../lambdas/store/quota-store.js';
import { useLocalTable } from '../../support/local-table.js';
import { serviceChunk as chunk } from '../support/api-stack.js';

const TABLE = 'duebook-quotas-test';

describe('quotas', () => {
  const local = useLocalTable(TABLE);
  let quotas: QuotaStore;

  beforeAll(() => {
    quotas = new QuotaStore(local.doc, TABLE);
  });

  /** Counts `n` requests of an office at `at` as the API does; returns the decisions. */
  async function requests(tenantId: string, at: string | number, n: number, limit: number) {
    const out: { admit: boolean; retryAfterSeconds: number }[] = [];
    for (let i = 0; i < n; i++) out.push(await request(tenantId, new Date(at), limit));
    return out;
  }

  async function request(tenantId: string, now: Date, limit: number) {
    const window = await quotas.countRequest(tenantId, now);
    const decision = decideRate(window, limit);
    if (!decision.admit) await quotas.uncountRequest(tenantId, window.second);
    return decision;
  }

  /** The most requests admitted in any 60 s interval (it suffices to start one at each admitted request). */
  function busiestMinute(admitted: readonly number[]): number {
    const sorted = [...admitted].sort((a, b) => a - b);
    let most = 0;
    for (const [i, t] of sorted.entries()) {
      let n = 0;
      for (let j = i; j < sorted.length && sorted[j]! < t + 60_000; j++) n++;
      most = Math.max(most, n);
    }
    return most;
  }

  /** DynamoDB's item size: names in UTF-8, strings in UTF-8, numbers about a byte per two digits plus one. */
  function dynamoItemBytes(item: Record<string, unknown>): number {
    return Object.entries(item).reduce(
      (n, [k, v]) =>
        n +
        Buffer.byteLength(k) +
        (typeof v === 'number'
          ? Math.ceil(String(v).replace(/^0+|\.|-/g, '').length / 2) + 1
          : Buffer.byteLength(String(v))),
      0,
    );
  }

  describe('QuotaStore.countRequest (the minute, counted per second)', () => {
    it('refuses a burst across a minute boundary that a fixed minute would let through twice', async () => {
      // Prepare / Act: 6 at 12:00:58 (limit 6), then 6 more two seconds later, in the next minute.
      const before = await requests('rate-burst', '2026-11-23T12:00:58Z', 6, 6);
      const after = await requests('rate-burst', '2026-11-23T12:01:00Z', 6, 6);
      // Assess: the second burst is refused whole; the first leaves the window at 12:01:59.
      expect(before.every((d) => d.admit)).toBe(true);
      expect(after.every((d) => !d.admit)).toBe(true);
      expect(after[0]!.retryAfterSeconds).toBe(59);
    });

    it('refuses what the two-slot estimate let through: 6 at 12:00:59.5, then 3 more at 12:01:30', async () => {
      // Prepare: the old estimate weighed 12:00's 6 by half at 12:01:30 (6 x 0.5 + 3 <= 6) and
      // admitted 9 requests within 31 s.
      await requests('rate-late', '2026-11-23T12:00:59.500Z', 6, 6);
      // Act
      const half = await requests('rate-late', '2026-11-23T12:01:30Z', 3, 6);
      const justBefore = await requests('rate-late', '2026-11-23T12:01:59.999Z', 1, 6);
      const after = await requests('rate-late', '2026-11-23T12:02:00Z', 6, 6);
      // Assess: nothing until second 12:00:59 has left the 61 s window, then 6 again.
      expect(half.map((d) => d.admit)).toEqual([false, false, false]);
      expect(half[0]!.retryAfterSeconds).toBe(30);
      expect(justBefore[0]!.admit).toBe(false);
      expect(after.every((d) => d.admit)).toBe(true);
    });

    it('lets a client in once it waited the Retry-After it was given, not a second before', async () => {
      // Prepare: 6 of 6 at 12:00:50, one refused at 12:00:55.
      await requests('rate-retry', '2026-11-23T12:00:50Z', 6, 6);
      const [refused] = await requests('rate-retry', '2026-11-23T12:00:55.400Z', 1, 6);
      const wait = refused!.retryAfterSeconds;
      // Act
      const at = Date.parse('2026-11-23T12:00:55.400Z');
      const early = await requests('rate-retry', at + (wait - 1) * 1000, 1, 6);
      const onTime = await requests('rate-retry', at + wait * 1000, 1, 6);
      // Assess: second 12:00:50 leaves the window at 12:01:51, 56 s after 12:00:55.
      expect(refused!.admit).toBe(false);
      expect(wait).toBe(56);
      expect(early[0]!.admit).toBe(false);
      expect(onTime[0]!.admit).toBe(true);
    });

    it('never admits more than the limit in any 60 s interval of a random schedule, and admits a pace of limit per 61 s', async () => {
      // Prepare: a seeded schedule of 400 requests over 4 minutes at arbitrary milliseconds, limit 25.
      let seed = 17;
      const rand = () => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return seed / 2 ** 31;
      };
      const start = Date.parse('2026-11-23T13:00:00Z');
      const times = Array.from({ length: 400 }, () => start + Math.floor(rand() * 240_000)).sort(
        (a, b) => a - b,
      );
      // Act
      const admitted: number[] = [];
      for (const t of times) if ((await request('rate-random', new Date(t), 25)).admit) admitted.push(t);
      const paced: boolean[] = [];
      for (let i = 0; i < 75; i++)
        paced.push(
          (await request('rate-paced', new Date(start + Math.floor(i / 25) * 61_000 + (i % 25) * 100), 25))
            .admit,
        );
      // Assess: the bound holds; the quota is used (each 61 s of a 4-minute schedule lets 25 in).
      expect(busiestMinute(admitted)).toBeLessThanOrEqual(25);
      expect(admitted.length).toBeGreaterThanOrEqual(75);
      expect(paced.every(Boolean)).toBe(true);
    });

    it('admits exactly the limit of 30 concurrent requests from many instances', async () => {
      // Act: 30 at once, limit 10, in one second.
      const now = new Date('2026-11-23T14:00:00.250Z');
      const decisions = await Promise.all(
        Array.from({ length: 30 }, () => request('rate-concurrent', now, 10)),
      );
      const after = await quotas.requestWindow('rate-concurrent', now);
      // Assess: 10 admitted, the 20 refused taken back.
      expect(decisions.filter((d) => d.admit)).toHaveLength(10);
      expect(decideRate(after, 0).lastMinute).toBe(10);
    });

    it('counts requests of many instances at once exactly, the first of a second included', async () => {
      // Prepare: 3 requests in a second whose slot the next count reuses (61 s later).
      await requests('rate-race', '2026-11-23T12:00:30Z', 3, 0);
      const now = new Date('2026-11-23T12:01:31.500Z');
      // Act: 40 concurrent counts in that fresh second.
      await Promise.all(Array.from({ length: 40 }, () => quotas.countRequest('rate-race', now)));
      const window = await quotas.requestWindow('rate-race', now);
      // Assess: 12:00:30's 3 are gone from the slot, none of the 40 lost.
      expect(window.buckets).toEqual([{ second: Math.floor(now.getTime() / 1000), count: 40 }]);
    });

    it('keeps one item per office under 1 KB, whatever the number of seconds', async () => {
      // Act: a request in each of 61 seconds, then one a minute for 5 minutes.
      for (let i = 0; i < 61; i++)
        await requests('rate-items', Date.parse('2026-11-23T12:00:00Z') + i * 1000, 1, 0);
      for (const m of ['10', '11', '12', '13', '14'])
        await requests('rate-items', `2026-11-23T12:${m}:00Z`, 1, 0);
      const w = await quotas.requestWindow('rate-items', new Date('2026-11-23T12:14:30Z'));
      const item = await local.doc.send(
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'T#rate-items#QUOTA#api' },
        }),
      );
      // Assess: only 12:14:00 is within 12:14:30's window; one item, under 1 KB (1 WCU a request).
      expect(decideRate(w, 0).lastMinute).toBe(1);
      expect(item.Items).toHaveLength(1);
      expect(dynamoItemBytes(item.Items![0]!)).toBeLessThan(1024);
    });
  });

  describe('decideRate', () => {
    it.each([
      // buckets as [seconds before this one, count] (this request included in second 0), limit, admit, retry after
      [[[0, 6]], 6, true, 0],
      [[[0, 7]], 6, false, 61],
      [
        [
          [60, 6],
          [0, 1],
        ],
        6,
        false,
        1,
      ],
      [
        [
          [59, 6],
          [0, 1],
        ],
        6,
        false,
        2,
      ],
      [
        [
          [61, 6],
          [0, 1],
        ],
        6,
        true,
        0,
      ],
      [
        [
          [30, 3],
          [0, 3],
        ],
        6,
        true,
        0,
      ],
      [
        [
          [50, 2],
          [20, 4],
          [0, 1],
        ],
        6,
        false,
        11,
      ],
      [[[0, 100]], 0, true, 0],
    ] as [number[][], number, boolean, number][])(
      'buckets %j, limit %i: admit %s, retry after %i s',
      (buckets, limit, admit, retry) => {
        // Act
        const d = decideRate(
          { second: 1000, buckets: buckets.map(([ago, count]) => ({ second: 1000 - ago!, count: count! })) },
          limit,
        );
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
      const store = new LedgerStore(local.doc, TABLE);
      const ledger = new LedgerService(store);
      const tenantId = 'rows-office';
      const now = new Date('2026-11-23T15:00:00Z');
      await ledger.sync(
        tenantId,
        chunk('Customers', ['Customer ID', 'Name', 'Email'], [['C-1', 'Ada Park', 'ada@example.com']]),
        now,
      );
      await ledger.sync(
        tenantId,
        chunk(
          'Invoices',
          ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
          [['INV-1', 'C-1', '2026-10-01', '2026-10-31', 400, 'USD']],
        ),
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
