// Tests for apps-script/src/today.ts against the strict fake: today's calls and letters from the
// sheet, with the number, the stage's name, the script and the office's identity from the backend.
/// <reference types="google-apps-script" />
import { beforeAll, describe, expect, it } from 'vitest';
import type { Gas } from '../../apps-script/src/gas.js';
import { todayTasks } from '../../apps-script/src/today.js';
import { readLedger } from '../../cli/read-ledger.js';
import { planCollections } from '../../core/collections/collection-plan.js';
import { DEFAULT_POLICY } from '../../core/collections/dunning-policy.js';
import { buildBook } from '../../core/ledger/book.js';
import { TAB_NAMES } from '../../core/ledger/schema.js';
import { type LedgerRows, parseLedger } from '../../core/ledger/schema-rows.js';
import { DEMO_DIR } from './addon-harness.js';
import { FakeGas, type FakeGasOptions } from './fake-gas.js';

/** 10:00 in New York on 2026-11-23, the demo's day. */
const NOW = Date.parse('2026-11-23T15:00:00Z');

let demoRows: LedgerRows;
beforeAll(async () => {
  demoRows = (await readLedger(DEMO_DIR)).rows;
});

function sheetWithDemo(options: FakeGasOptions = {}): { gas: Gas; fake: FakeGas } {
  const fake = new FakeGas(options);
  for (const tab of TAB_NAMES) fake.addSheet(tab, (demoRows[tab] ?? [[tab]]) as unknown[][]);
  fake.identityToken = 'a-google-id-token';
  fake.documentProperties.set('duebook.settings', JSON.stringify({ backendUrl: 'https://api.example.test' }));
  const gas = fake.services(NOW);
  return { gas, fake };
}

const office = (status: number, body: unknown) => () => ({ status, body: JSON.stringify(body) });

describe('apps-script/today', () => {
  describe('todayTasks', () => {
    it("returns every call and letter of today's plan, each with the customer's row, number or address and stage name", () => {
      // Prepare
      const { gas } = sheetWithDemo({
        backend: office(200, { officeName: 'Lakeside Dental Office', officePhone: '+1 555 0100' }),
      });
      const { ledger } = parseLedger(demoRows);
      const plan = planCollections({
        ledger,
        book: buildBook(ledger, '2026-11-23'),
        policy: DEFAULT_POLICY,
        asOf: '2026-11-23',
        now: NOW,
        defaultTimeZone: 'America/New_York',
      });
      const expected = plan.actions.filter((a) => a.channel === 'call' || a.channel === 'letter');
      // Act
      const list = todayTasks(gas);
      // Assess
      expect(list.asOf).toBe('2026-11-23');
      expect(expected.length).toBeGreaterThan(2);
      expect(list.tasks.map((t) => [t.customerId, t.channel, t.stage])).toEqual(
        expected.map((a) => [a.customerId, a.channel, a.stage]),
      );
      for (const t of list.tasks) {
        const customer = ledger.customers.find((c) => c.customerId === t.customerId)!;
        expect(t.row).toBe(customer.row);
        expect(t.stageLabel).not.toBe(t.stage);
        expect(t.stageLabel).toMatch(/^[A-Z0-9]/);
        if (t.channel === 'call') {
          expect(t.phone).toBe(customer.phone);
          expect(t.script.opening).toContain('Lakeside Dental Office');
          expect(t.script.opening).toContain(t.overdue[0]);
          expect(t.script.message).toContain('+1 555 0100');
        } else {
          expect(t.address).toBe(customer.address);
        }
      }
    });

    it('returns scripts whose message for anyone else names no debt and no amount', () => {
      // Prepare
      const { gas } = sheetWithDemo({ backend: office(200, { officeName: 'Lakeside Dental Office' }) });
      // Act
      const calls = todayTasks(gas).tasks.filter((t) => t.channel === 'call');
      // Assess
      expect(calls.length).toBeGreaterThan(0);
      for (const c of calls) {
        const spoken = c.script.message.replace('(Leave only this: no amount, no mention of a debt.)', '');
        expect(spoken).not.toMatch(/\d[\d,]*\.\d\d|USD|EUR|GBP|JPY|overdue|past due|debt|owe/i);
        expect(c.script.asks[0]).toContain(c.customerName);
      }
    });

    it('returns the list with the spreadsheet name as the office when the backend cannot be reached', () => {
      // Prepare
      const { gas } = sheetWithDemo({ backend: office(503, { error: { code: 'DOWN', message: 'down' } }) });
      // Act
      const calls = todayTasks(gas).tasks.filter((t) => t.channel === 'call');
      // Assess
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.every((c) => c.script.opening.includes('Lakeside ledger'))).toBe(true);
    });
  });
});
