// The sidebar's "Today" list: the calls and letters today's plan gives, each with what the clerk
// needs at hand (number, script, address, overdue) and the row it comes from. Computed with core's
// planner from the sheet, as the Dashboard tab's "tasks for today" are.

import { callScript } from '../../core/collections/call-scripts.js';
import { planCollections } from '../../core/collections/collection-plan.js';
import { DEFAULT_POLICY } from '../../core/collections/dunning-policy.js';
import { stageName } from '../../core/collections/stage-names.js';
import { buildBook } from '../../core/ledger/book.js';
import { formatMoney } from '../../core/ledger/money.js';
import { parseLedger } from '../../core/ledger/schema-rows.js';
import { readLedgerRows } from './aging-tab.js';
import { createApiClient } from './api-client.js';
import type { TodayList, TodayTask } from './contract.js';
import type { Gas } from './gas.js';
import { readSettings } from './settings.js';
import { today } from './sidebar.js';

/** The office's name and number as the backend has them; the spreadsheet's name when it cannot say. */
function officeIdentity(gas: Gas, backendUrl: string, fallbackName: string) {
  try {
    const answer = createApiClient(gas, backendUrl).one({ method: 'get', path: '/v1/settings' });
    if (answer.status === 200) {
      const body = answer.body as { officeName?: string; officePhone?: string };
      return {
        officeName: body.officeName?.trim() || fallbackName,
        ...(body.officePhone?.trim() ? { officePhone: body.officePhone.trim() } : {}),
      };
    }
  } catch {
    // The list must show even when the backend cannot be reached: the script then names the sheet.
  }
  return { officeName: fallbackName };
}

export function todayTasks(gas: Gas): TodayList {
  const ss = gas.spreadsheet.getActive();
  const settings = readSettings(gas);
  const asOf = today(gas, ss);
  const { ledger } = parseLedger(readLedgerRows(ss));
  const policy = { ...DEFAULT_POLICY, contactPreset: settings.contactPreset };
  const plan = planCollections({
    ledger,
    book: buildBook(ledger, asOf),
    policy,
    asOf,
    now: gas.now(),
    defaultTimeZone: settings.timeZone,
  });
  const customers = new Map(ledger.customers.map((c) => [c.customerId, c]));
  const wanted = plan.actions.filter((a) => a.channel === 'call' || a.channel === 'letter');
  const office = wanted.some((a) => a.channel === 'call')
    ? officeIdentity(gas, settings.backendUrl, ss.getName())
    : { officeName: ss.getName() };
  const tasks: TodayTask[] = wanted.map((a) => {
    const c = customers.get(a.customerId);
    const overdue = a.amounts.map((m) => formatMoney(m.overdueMinor, m.currency));
    const daysPastDue = Number(a.explanation.inputs.daysPastDue ?? 0);
    const base = {
      customerId: a.customerId,
      customerName: a.customerName,
      row: c?.row ?? 0,
      stage: a.stage,
      stageLabel: stageName(a.stage),
      localTime: a.localTime,
      overdue,
      why: a.explanation.summary,
    };
    if (a.channel === 'letter')
      return { ...base, channel: 'letter', ...(c?.address ? { address: c.address } : {}) };
    return {
      ...base,
      channel: 'call',
      ...(c?.phone ? { phone: c.phone } : {}),
      script: callScript(a.stage, {
        ...office,
        customerName: a.customerName,
        overdue,
        daysPastDue: Number.isFinite(daysPastDue) ? daysPastDue : 0,
        oldestDue: a.cycle,
      }),
    };
  });
  return { asOf, tasks };
}
