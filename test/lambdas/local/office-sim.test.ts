// The many-office simulation, small: 20 offices over 20 zones on DynamoDB Local for the US change day,
// plus the isolation guard refusing another office's key and item.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  guardedDocumentClient,
  type OfficeSimResult,
  runOfficeSim,
  SIM_WORKER_CONCURRENCY,
  SIM_ZONES,
  SimIsolationError,
  simTicks,
  wallClock,
} from '../../../lambdas/local/office-sim.js';

/** A document client that answers every command with `output` (the guard's checks need no database). */
function cannedClient(output: Record<string, unknown>): DynamoDBDocumentClient {
  return { send: async () => output } as unknown as DynamoDBDocumentClient;
}

describe('office-sim', () => {
  describe('guardedDocumentClient', () => {
    type Ctx = { kind: 'office'; tenantId: string } | { kind: 'tick' };

    it('refuses a key of another office while an office runs', async () => {
      // Prepare
      const context = new AsyncLocalStorage<Ctx>();
      const guard = guardedDocumentClient(cannedClient({}), context);
      const read = new GetCommand({ TableName: 't', Key: { pk: 'T#office-b#SETTINGS', sk: 'SETTINGS' } });

      // Act
      const attempt = context.run({ kind: 'office', tenantId: 'office-a' }, () => guard.doc.send(read));

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(SimIsolationError);
      expect(guard.violations).toEqual([
        {
          context: 'office office-a',
          operation: 'GetCommand',
          detail: 'names key T#office-b#SETTINGS SETTINGS',
        },
      ]);
    });

    it('refuses an item of another office returned by a query of its own partition', async () => {
      const context = new AsyncLocalStorage<Ctx>();
      const guard = guardedDocumentClient(
        cannedClient({ Items: [{ pk: 'T#office-a#C#1', tenantId: 'office-a' }, { pk: 'T#office-b#C#2' }] }),
        context,
      );
      const query = new QueryCommand({
        TableName: 't',
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'gpk2' },
        ExpressionAttributeValues: { ':pk': 'T#office-a#OPEN#0' },
      });

      await expect(
        context.run({ kind: 'office', tenantId: 'office-a' }, () => guard.doc.send(query)),
      ).rejects.toThrow(/returned item T#office-b#C#2/);
      expect(guard.tallies.checkedItems).toBe(2);
    });

    it("lets the tick read the registry and nothing of an office's own", async () => {
      const context = new AsyncLocalStorage<Ctx>();
      const guard = guardedDocumentClient(cannedClient({ Items: [{ tenantId: 'office-a' }] }), context);
      const registry = new QueryCommand({
        TableName: 't',
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'pk' },
        ExpressionAttributeValues: { ':pk': 'OFFICES' },
      });
      const settings = new GetCommand({ TableName: 't', Key: { pk: 'T#office-a#SETTINGS', sk: 'SETTINGS' } });

      await context.run({ kind: 'tick' }, () => guard.doc.send(registry));
      await expect(context.run({ kind: 'tick' }, () => guard.doc.send(settings))).rejects.toThrow(
        SimIsolationError,
      );
      expect(guard.tallies.tick).toMatchObject({ operations: 1, items: 1 });
    });
  });

  describe('simTicks', () => {
    it('spans from the first zone reaching 09:00 on the first day to the last zone reaching it on the last', () => {
      const ticks = simTicks(['Pacific/Auckland', 'America/New_York', 'Pacific/Honolulu'], '2027-03-13', 3);
      // Auckland (UTC+13) 09:00 on the 13th is 20:00Z on the 12th; Honolulu 09:00 on the 15th is 19:00Z.
      expect(new Date(ticks[0]!).toISOString()).toBe('2027-03-12T19:45:00.000Z');
      expect(new Date(ticks.at(-1)!).toISOString()).toBe('2027-03-15T19:15:00.000Z');
      expect(wallClock(Date.parse('2027-03-14T13:00:00Z'), 'America/New_York')).toBe('2027-03-14 09:00');
    });
  });

  describe('runOfficeSim', () => {
    let result: OfficeSimResult;

    beforeAll(async () => {
      result = await runOfficeSim({
        offices: 20,
        days: 1,
        firstDay: '2027-03-14',
        customers: { min: 5, max: 20 },
        // Every other zone: both ends of the range, the US zones that moved their clocks that night.
        zones: SIM_ZONES.filter((_, i) => i % 2 === 0),
      });
    }, 300_000);

    it('plans every office exactly once, at its own 09:00, on the day the US clocks moved', () => {
      expect(result.offices).toBe(20);
      expect(result.zones).toBe(20);
      expect(result.plans).toMatchObject({
        expected: 20,
        onTime: 20,
        catchUp: 0,
        missed: 0,
        twice: 0,
        early: 0,
      });
      expect(result.officesWrong).toEqual([]);
      expect(result.failedRuns).toBe(0);
      expect(result.deadLetters).toBe(0);
    });

    it('checks every key and item read, and finds no cross-office access', () => {
      expect(result.violations).toEqual([]);
      expect(result.reads.checkedItems).toBeGreaterThan(result.customers.total);
      expect(result.reads.offices.operations).toBeGreaterThan(0);
    });

    it('dispatches each office once per local hour it ticked through, and sends nothing in review mode', () => {
      expect(result.dispatchRuns).toBeGreaterThan(20 * 12);
      expect(result.queuedForSending).toBe(0);
      expect(result.invocations.worker).toBe(result.dispatchRuns + 20);
      expect(result.invocations.tick).toBe(result.ticks);
    });

    it("runs office messages at the stack's worker concurrency and accounts for the wall time by phase", () => {
      const { phases } = result;
      expect(phases.workerConcurrency).toBe(SIM_WORKER_CONCURRENCY);
      expect(phases.planRuns.count).toBe(20);
      expect(phases.dispatchRuns.count).toBe(result.dispatchRuns);
      expect(phases.planRuns.maxMs).toBeLessThanOrEqual(phases.planRuns.totalMs);
      const byDate = Object.values(phases.byDate).reduce((a, b) => a + b, 0);
      expect(byDate).toBeCloseTo(phases.tickMs + phases.drainMs, 3);
      expect(byDate).toBeLessThanOrEqual(result.simulateMs);
      expect(Object.keys(phases.byDate).sort()).toEqual(
        [...new Set([result.firstTick, result.lastTick].map((t) => t.slice(0, 10)))].sort(),
      );
    });
  });
});
