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
/** The bytes between an action's values (`JSON.stringify`'s indentation at depth 2), each written in one copy. */
const text = (t: string) => utf8.encode(t);
const member = (key: string, depth: number) => text(`,\n${'  '.repeat(depth)}"${key}": `);
const K = Object.fromEntries(ACTION_KEYS.map((k) => [k, member(k, 3)])) as Record<
  (typeof ACTION_KEYS)[number],
  Uint8Array
>;
const OPEN = text('{\n      "customerId": ');
const EXPLANATION = text(',\n      "explanation": {\n        "rule": ');
const POLICY_VERSION = member('policyVersion', 4);
const SUMMARY = member('summary', 4);
const INPUTS = member('inputs', 4);
const CLOSE = text('\n      }\n    }');
const LIST_FIRST = text('[\n        ');
const LIST_NEXT = text(',\n        ');
const LIST_END = text('\n      ]');
const AMOUNT_FIRST = text('[\n        {\n          "currency": ');
const AMOUNT_NEXT = text(',\n        {\n          "currency": ');
const OVERDUE = member('overdueMinor', 5);
const BALANCE = member('balanceMinor', 5);
const AMOUNT_END = text('\n        }');

/** An inputs member's `{` or `,`, line break, indentation and key, by key: made once per key. */
const inputKeys = [new Map<string, Uint8Array>(), new Map<string, Uint8Array>()] as const;
function inputKey(key: string, first: boolean): Uint8Array {
  const byKey = inputKeys[first ? 0 : 1];
  let bytes = byKey.get(key);
  if (!bytes) {
    bytes = text(`${first ? '{' : ','}\n          ${JSON.stringify(key)}: `);
    byKey.set(key, bytes);
  }
  return bytes;
}

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

/**
 * Writes `action` at depth 2 (an element of the plan's `actions`) with exactly the bytes
 * `JSON.stringify` gives there. Always writes something (an action is an object).
 */
export function writePlannedAction(w: JsonBytes, action: PlannedAction): boolean {
  const a = action;
  if (!inOrder(Object.keys(a), ACTION_KEYS, OPTIONAL) || !knownMembers(a)) return w.value(a, 2);
  w.bytes(OPEN);
  w.string(a.customerId);
  w.bytes(K.customerName);
  w.string(a.customerName);
  w.bytes(K.stage);
  w.repeated(a.stage);
  w.bytes(K.stageIndex);
  w.number(a.stageIndex);
  w.bytes(K.kind);
  w.repeated(a.kind);
  w.bytes(K.channel);
  w.repeated(a.channel);
  w.bytes(K.template);
  w.repeated(a.template);
  w.bytes(K.cycle);
  w.repeated(a.cycle);
  w.bytes(K.notBefore);
  w.repeated(a.notBefore);
  w.bytes(K.localTime);
  w.repeated(a.localTime);
  w.bytes(K.amounts);
  writeAmounts(w, a.amounts);
  w.bytes(K.invoiceIds);
  writeStrings(w, a.invoiceIds);
  if ('disclosures' in a) {
    w.bytes(K.disclosures);
    writeStrings(w, a.disclosures as string[]);
  }
  if ('handOverAfter' in a) {
    w.bytes(K.handOverAfter);
    w.repeated(a.handOverAfter as string);
  }
  const e = a.explanation;
  w.bytes(EXPLANATION);
  w.repeated(e.rule);
  w.bytes(POLICY_VERSION);
  w.repeated(e.policyVersion);
  w.bytes(SUMMARY);
  w.string(e.summary);
  w.bytes(INPUTS);
  writeInputs(w, e.inputs);
  w.bytes(CLOSE);
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

/** An array of strings at depth 3 (a member of the action). */
function writeStrings(w: JsonBytes, list: readonly string[]): void {
  if (list.length === 0) {
    w.ascii('[]');
    return;
  }
  for (let i = 0; i < list.length; i++) {
    w.bytes(i === 0 ? LIST_FIRST : LIST_NEXT);
    w.string(list[i]!);
  }
  w.bytes(LIST_END);
}

/** The amounts (one per currency) at depth 3. */
function writeAmounts(w: JsonBytes, amounts: PlannedAction['amounts']): void {
  if (amounts.length === 0) {
    w.ascii('[]');
    return;
  }
  for (let i = 0; i < amounts.length; i++) {
    const m = amounts[i]!;
    w.bytes(i === 0 ? AMOUNT_FIRST : AMOUNT_NEXT);
    w.repeated(m.currency);
    w.bytes(OVERDUE);
    w.number(m.overdueMinor);
    w.bytes(BALANCE);
    w.number(m.balanceMinor);
    w.bytes(AMOUNT_END);
  }
  w.bytes(LIST_END);
}

/** The explanation's inputs at depth 4: strings, numbers and booleans directly, anything else generically. */
function writeInputs(w: JsonBytes, inputs: Record<string, unknown>): void {
  let first = true;
  for (const k of Object.keys(inputs)) {
    const v = inputs[k];
    if (typeof v === 'string') {
      w.bytes(inputKey(k, first));
      // Most inputs repeat from customer to customer (rules, reasons, zones); the oldest item's id does not.
      if (k === 'oldestItemId') w.string(v);
      else w.repeated(v);
      first = false;
    } else if (typeof v === 'number') {
      w.bytes(inputKey(k, first));
      w.number(v);
      first = false;
    } else if (typeof v === 'boolean') {
      w.bytes(inputKey(k, first));
      w.ascii(v ? 'true' : 'false');
      first = false;
    } else if (w.member(k, v, 5, first)) first = false;
  }
  w.close(first, 4);
}
