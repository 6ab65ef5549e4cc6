// A planned action as `JSON.stringify(plan, null, 2)` writes it inside the plan's `actions`, written
// from its known shape into a `JsonBytes` (no key lookups per member); any other shape goes through
// the generic writer, so the bytes are the same whatever the object holds.
import type { PlannedAction } from '../core/collections/collection-plan.js';
import type { JsonBytes } from './json-bytes.js';

/** The members of an action, in the order the planner makes them (the optional ones may be absent). */
const ACTION_KEYS = [
  'customerId',
  'customerName',
  'stage',
  'stageIndex',
  'kind',
  'channel',
  'template',
  'cycle',
  'notBefore',
  'localTime',
  'amounts',
  'invoiceIds',
  'disclosures',
  'handOverAfter',
  'explanation',
] as const;
const EXPLANATION_KEYS = ['rule', 'policyVersion', 'summary', 'inputs'] as const;
const AMOUNT_KEYS = ['currency', 'overdueMinor', 'balanceMinor'] as const;

const utf8 = new TextEncoder();
/** `\n`, the indentation and `"key": ` of each known member at the depth it is written at. */
const keyBytes = (key: string, depth: number) => utf8.encode(`\n${'  '.repeat(depth)}"${key}": `);
const K = Object.fromEntries(ACTION_KEYS.map((k) => [k, keyBytes(k, 3)])) as Record<
  (typeof ACTION_KEYS)[number],
  Uint8Array
>;
const E = Object.fromEntries(EXPLANATION_KEYS.map((k) => [k, keyBytes(k, 4)])) as Record<
  (typeof EXPLANATION_KEYS)[number],
  Uint8Array
>;
const A = Object.fromEntries(AMOUNT_KEYS.map((k) => [k, keyBytes(k, 5)])) as Record<
  (typeof AMOUNT_KEYS)[number],
  Uint8Array
>;

/** True when `keys` are `known` in order, the optional ones (`optional`) possibly left out. */
function inOrder(keys: readonly string[], known: readonly string[], optional: ReadonlySet<string>): boolean {
  let i = 0;
  for (const k of known) {
    if (keys[i] === k) i++;
    else if (!optional.has(k)) return false;
  }
  return i === keys.length;
}
const NONE = new Set<string>();
const OPTIONAL = new Set(['disclosures', 'handOverAfter']);

/** A value JSON writes as it is: a string, number or boolean. */
const plain = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * Writes `action` at depth 2 (an element of the plan's `actions`) with exactly the bytes
 * `JSON.stringify` gives there. Always writes something (an action is an object).
 */
export function writePlannedAction(w: JsonBytes, action: PlannedAction): boolean {
  const a = action;
  if (!inOrder(Object.keys(a), ACTION_KEYS, OPTIONAL) || !knownMembers(a)) return w.value(a, 2);
  w.ascii('{');
  w.bytes(K.customerId);
  w.string(a.customerId);
  w.ascii(',');
  w.bytes(K.customerName);
  w.string(a.customerName);
  w.ascii(',');
  w.bytes(K.stage);
  w.repeated(a.stage);
  w.ascii(',');
  w.bytes(K.stageIndex);
  w.number(a.stageIndex);
  w.ascii(',');
  w.bytes(K.kind);
  w.repeated(a.kind);
  w.ascii(',');
  w.bytes(K.channel);
  w.repeated(a.channel);
  w.ascii(',');
  w.bytes(K.template);
  w.repeated(a.template);
  w.ascii(',');
  w.bytes(K.cycle);
  w.repeated(a.cycle);
  w.ascii(',');
  w.bytes(K.notBefore);
  w.repeated(a.notBefore);
  w.ascii(',');
  w.bytes(K.localTime);
  w.repeated(a.localTime);
  w.ascii(',');
  w.bytes(K.amounts);
  writeAmounts(w, a.amounts);
  w.ascii(',');
  w.bytes(K.invoiceIds);
  writeStrings(w, a.invoiceIds, 3);
  w.ascii(',');
  if ('disclosures' in a) {
    w.bytes(K.disclosures);
    writeStrings(w, a.disclosures as string[], 3);
    w.ascii(',');
  }
  if ('handOverAfter' in a) {
    w.bytes(K.handOverAfter);
    w.repeated(a.handOverAfter as string);
    w.ascii(',');
  }
  w.bytes(K.explanation);
  const e = a.explanation;
  w.ascii('{');
  w.bytes(E.rule);
  w.repeated(e.rule);
  w.ascii(',');
  w.bytes(E.policyVersion);
  w.repeated(e.policyVersion);
  w.ascii(',');
  w.bytes(E.summary);
  w.string(e.summary);
  w.ascii(',');
  w.bytes(E.inputs);
  writeInputs(w, e.inputs);
  w.newline(3);
  w.ascii('}');
  w.newline(2);
  w.ascii('}');
  return true;
}

const hasToJSON = (v: unknown) => typeof (v as { toJSON?: unknown }).toJSON === 'function';

/** Whether the members the fast path writes are of the types it writes them as. */
function knownMembers(a: PlannedAction): boolean {
  const e = a.explanation as unknown;
  if (
    hasToJSON(a) ||
    typeof a.customerId !== 'string' ||
    typeof a.customerName !== 'string' ||
    typeof a.stage !== 'string' ||
    typeof a.stageIndex !== 'number' ||
    typeof a.kind !== 'string' ||
    typeof a.channel !== 'string' ||
    typeof a.template !== 'string' ||
    typeof a.cycle !== 'string' ||
    typeof a.notBefore !== 'string' ||
    typeof a.localTime !== 'string' ||
    !Array.isArray(a.amounts) ||
    !Array.isArray(a.invoiceIds) ||
    ('disclosures' in a && !Array.isArray(a.disclosures)) ||
    ('handOverAfter' in a && typeof a.handOverAfter !== 'string') ||
    e === null ||
    typeof e !== 'object' ||
    hasToJSON(e) ||
    !inOrder(Object.keys(e), EXPLANATION_KEYS, NONE)
  )
    return false;
  const x = a.explanation;
  if (
    typeof x.rule !== 'string' ||
    typeof x.policyVersion !== 'string' ||
    typeof x.summary !== 'string' ||
    x.inputs === null ||
    typeof x.inputs !== 'object' ||
    Array.isArray(x.inputs) ||
    hasToJSON(x.inputs)
  )
    return false;
  for (const v of a.invoiceIds) if (typeof v !== 'string') return false;
  if (a.disclosures) for (const v of a.disclosures) if (typeof v !== 'string') return false;
  for (const m of a.amounts) {
    if (m === null || typeof m !== 'object' || !inOrder(Object.keys(m), AMOUNT_KEYS, NONE)) return false;
    if (
      typeof m.currency !== 'string' ||
      typeof m.overdueMinor !== 'number' ||
      typeof m.balanceMinor !== 'number'
    )
      return false;
  }
  return true;
}

/** An array of strings at `depth`. */
function writeStrings(w: JsonBytes, list: readonly string[], depth: number): void {
  if (list.length === 0) {
    w.ascii('[]');
    return;
  }
  w.ascii('[');
  for (let i = 0; i < list.length; i++) {
    if (i > 0) w.ascii(',');
    w.newline(depth + 1);
    w.string(list[i]!);
  }
  w.newline(depth);
  w.ascii(']');
}

/** The amounts (one per currency) at depth 3. */
function writeAmounts(w: JsonBytes, amounts: PlannedAction['amounts']): void {
  if (amounts.length === 0) {
    w.ascii('[]');
    return;
  }
  w.ascii('[');
  for (let i = 0; i < amounts.length; i++) {
    const m = amounts[i]!;
    if (i > 0) w.ascii(',');
    w.newline(4);
    w.ascii('{');
    w.bytes(A.currency);
    w.repeated(m.currency);
    w.ascii(',');
    w.bytes(A.overdueMinor);
    w.number(m.overdueMinor);
    w.ascii(',');
    w.bytes(A.balanceMinor);
    w.number(m.balanceMinor);
    w.newline(4);
    w.ascii('}');
  }
  w.newline(3);
  w.ascii(']');
}

/** The explanation's inputs at depth 4: strings, numbers and booleans directly, anything else generically. */
function writeInputs(w: JsonBytes, inputs: Record<string, unknown>): void {
  let first = true;
  for (const k of Object.keys(inputs)) {
    const v = inputs[k];
    if (plain(v)) {
      w.ascii(first ? '{' : ',');
      w.key(k, 5);
      // Most inputs repeat from customer to customer (rules, reasons, zones); the oldest item's id does not.
      if (typeof v === 'string') {
        if (k === 'oldestItemId') w.string(v);
        else w.repeated(v);
      } else if (typeof v === 'number') w.number(v);
      else w.ascii(v ? 'true' : 'false');
      first = false;
    } else if (w.member(k, v, 5, first)) first = false;
  }
  w.close(first, 4);
}
