// `duebook plan`'s table: the planned, blocked and internal actions of a plan, written in pieces.
import type { CollectionPlan, PlannedAction } from '../core/collections/collection-plan.js';
import { formatMoney } from '../core/ledger/money.js';
import { painter, type TableColumn, type TableOptions, writeTable } from './table.js';

/** `1 problem`, `2 problems`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `text` cut to `max` characters, the last one an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  // No more UTF-16 units than `max`: no more characters either (most names).
  if (text.length <= max) return text;
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * A local time fitted to a terminal: the day only when it is not the plan's, and the zone by its
 * city ("08:00 Los Angeles" for "2026-11-23 08:00 America/Los_Angeles").
 */
function narrowLocalTime(localTime: string, asOf: string): string {
  const sameDay = localTime.startsWith(`${asOf} `) ? localTime.slice(asOf.length + 1) : localTime;
  return sameDay.replace(/\b[A-Za-z]+(?:\/[A-Za-z_+-]+)*\/([A-Za-z_+-]+)$/, (_, city: string) =>
    city.replaceAll('_', ' '),
  );
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
 * `text` as one flat run of characters: the planner's sentences are built by concatenation, a tree
 * of pieces that would be kept whole (several times the text's size) until the table is written.
 * Taking a slice of a concatenation makes V8 copy it flat first; the slice is what is kept.
 */
const flat = (text: string): string => ` ${text}`.slice(1);

/**
 * The table row of a planned action, for a table `width` wide (`Infinity`: as wide as it takes):
 * made as the planner hands each action over, so a large plan keeps rows of strings rather than
 * its actions until the table is written.
 */
export function plannedActionRow(
  asOf: string,
  width: number,
  colour: boolean,
): (a: PlannedAction) => string[] {
  const narrow = Number.isFinite(width);
  const paint = painter(colour);
  // Local times repeat (a few zones, a few hours): each is narrowed once.
  const narrowed = new Map<string, string>();
  const narrowTime = (localTime: string) => {
    let t = narrowed.get(localTime);
    if (t === undefined) {
      t = narrowLocalTime(localTime, asOf);
      if (narrowed.size < 10_000) narrowed.set(localTime, t);
    }
    return t;
  };
  return (a) => {
    const amounts = a.amounts.map((m) => formatMoney(m.overdueMinor, m.currency));
    if (!narrow) {
      return [
        a.customerId,
        truncate(a.customerName, 28),
        paint.stage(a.stage),
        a.channel,
        a.localTime,
        amounts.join(', '),
        flat(a.explanation.summary),
      ];
    }
    // Fitting a terminal: the day is the plan's, a second currency moves to the explanation.
    return [
      a.customerId,
      truncate(a.customerName, 20),
      paint.stage(a.stage),
      a.channel,
      narrowTime(a.localTime),
      amounts.length > 1 ? `${amounts[0]} +${amounts.length - 1}` : (amounts[0] ?? ''),
      flat(
        amounts.length > 1
          ? `Overdue ${amounts.join(', ')}. ${a.explanation.summary}`
          : a.explanation.summary,
      ),
    ];
  };
}

/**
 * Writes `formatPlan`'s text through `out` in pieces: a plan of a million invoices is never one
 * string. `actionRows`, when given, are the planned actions' rows already made (`plannedActionRow`),
 * in place of `plan.actions`.
 */
export function writePlan(
  plan: CollectionPlan,
  ranAt: string,
  width: number,
  colour: boolean,
  out: (text: string) => void,
  actionRows?: readonly string[][],
): void {
  const put = (text: string) => out(`${text}\n`);
  const table = (
    columns: readonly TableColumn[],
    rows: readonly (readonly string[])[],
    options: TableOptions = {},
  ) => {
    writeTable(columns, rows, options, out);
    out('\n');
  };
  const narrow = Number.isFinite(width);
  const paint = painter(colour);
  const rows = actionRows ?? plan.actions.map(plannedActionRow(plan.asOf, width, colour));
  put(`Collection plan as of ${plan.asOf} (policy ${plan.policyVersion}, run at ${ranAt})\n`);
  put(`${plural(rows.length, 'planned action')}${rows.length > 0 ? ':' : '.'}`);
  if (rows.length > 0) {
    table(
      [
        { header: 'Customer' },
        { header: 'Name' },
        { header: 'Stage' },
        { header: 'Channel' },
        { header: 'Local time' },
        { header: 'Overdue', align: 'right' },
        { header: 'Why' },
      ],
      rows,
      { width },
    );
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
