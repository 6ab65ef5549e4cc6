// `duebook plan`'s table: the planned, blocked and internal actions of a plan, written in pieces.
import type { CollectionPlan, PlannedAction } from '../core/collections/collection-plan.js';
import { formatMoney } from '../core/ledger/money.js';
import { actionRowParts, PlannedActionTable } from './action-table.js';
import type { TextBytes } from './io.js';
import { painter, type TableColumn, type TableOptions, truncate, writeTable } from './table.js';

export { truncate };

/** `1 problem`, `2 problems`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The plan as two tables: planned actions with why, blocked actions with the rule, and internal actions. */
export function formatPlan(
  plan: CollectionPlan,
  ranAt: string,
  width = Number.POSITIVE_INFINITY,
  colour = false,
): string {
  const pieces: string[] = [];
  writePlan(plan, ranAt, width, colour, (text) => pieces.push(text));
  return pieces.join('');
}

/**
 * The table row of a planned action, for a table `width` wide (`Infinity`: as wide as it takes).
 *
 * @example plan.actions.map(plannedActionRow(plan.asOf, 100, false))
 */
export function plannedActionRow(
  asOf: string,
  width: number,
  colour: boolean,
): (a: PlannedAction) => string[] {
  const parts = actionRowParts(asOf, width, colour);
  return (a) => {
    const { row, text } = parts(a);
    row.push(text);
    return row;
  };
}

/**
 * Writes `formatPlan`'s text through `out` in pieces: a plan of a million invoices is never one
 * string. `actionRows`, when given, are the planned actions' rows already made, in place of
 * `plan.actions`: as strings (`plannedActionRow`) or kept as bytes (`PlannedActionTable`, written as
 * bytes when `out` takes them).
 */
export function writePlan(
  plan: CollectionPlan,
  ranAt: string,
  width: number,
  colour: boolean,
  out: ((text: string) => void) | TextBytes,
  actionRows?: readonly string[][] | PlannedActionTable,
): void {
  const write = typeof out === 'function' ? out : (text: string) => out.text(text);
  const put = (text: string) => write(`${text}\n`);
  const table = (
    columns: readonly TableColumn[],
    rows: readonly (readonly string[])[],
    options: TableOptions = {},
  ) => {
    writeTable(columns, rows, options, write);
    write('\n');
  };
  const narrow = Number.isFinite(width);
  const paint = painter(colour);
  const byteTable = actionRows instanceof PlannedActionTable ? actionRows : undefined;
  const rows = byteTable
    ? undefined
    : ((actionRows as readonly string[][] | undefined) ??
      plan.actions.map(plannedActionRow(plan.asOf, width, colour)));
  const planned = byteTable ? byteTable.count : rows!.length;
  put(`Collection plan as of ${plan.asOf} (policy ${plan.policyVersion}, run at ${ranAt})\n`);
  put(`${plural(planned, 'planned action')}${planned > 0 ? ':' : '.'}`);
  if (planned > 0) {
    const columns: TableColumn[] = [
      { header: 'Customer' },
      { header: 'Name' },
      { header: 'Stage' },
      { header: 'Channel' },
      { header: 'Local time' },
      { header: 'Overdue', align: 'right' },
      { header: 'Why' },
    ];
    if (byteTable && typeof out !== 'function') {
      byteTable.write(columns, width, out);
      put('');
    } else table(columns, rows ?? byteTable!.rows(), { width });
  }
  put(`${plural(plan.blocked.length, 'blocked action')}${plan.blocked.length > 0 ? ':' : '.'}`);
  if (plan.blocked.length > 0) {
    table(
      [
        { header: 'Customer' },
        { header: 'Name' },
        { header: 'Stage' },
        { header: 'Channel' },
        { header: 'Rule' },
        { header: 'Why' },
      ],
      plan.blocked.map((b) => [
        b.customerId,
        truncate(b.customerName, narrow ? 20 : 28),
        paint.stage(b.stage),
        b.channel,
        paint.blocked(b.rule),
        b.explanation.summary,
      ]),
      { width },
    );
  }
  // Credit holds and the like go to the office's credit contact, never to the customer.
  if (plan.internalActions.length > 0) {
    put(`${plural(plan.internalActions.length, 'internal action')} for the credit contact:`);
    table(
      [
        { header: 'Customer' },
        { header: 'Name' },
        { header: 'Stage' },
        { header: 'Action' },
        { header: 'Overdue', align: 'right' },
        { header: 'Why' },
      ],
      plan.internalActions.map((a) => [
        a.customerId,
        truncate(a.customerName, 28),
        paint.stage(a.stage),
        paint.internal(a.action),
        a.amounts.map((m) => formatMoney(m.overdueMinor, m.currency)).join(', '),
        a.explanation.summary,
      ]),
    );
  }
}
