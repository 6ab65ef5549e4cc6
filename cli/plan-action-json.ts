// A planned action as `JSON.stringify(plan, null, 2)` writes it inside the plan's `actions`, written
// from its known shape into a `JsonBytes` (no key lookups per member); any other shape goes through
// the generic writer, so the bytes are the same whatever the object holds.
import type { PlannedAction } from '../core/collections/collection-plan.js';
import { type JsonBytes, RepeatedMember } from './json-bytes.js';

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

/** The members whose string values repeat from action to action (a stage, a zone, a rule). */
const repeating = (before: Uint8Array) => new RepeatedMember(before);
const R = {
  stage: repeating(K.stage),
  kind: repeating(K.kind),
  channel: repeating(K.channel),
  template: repeating(K.template),
  cycle: repeating(K.cycle),
  notBefore: repeating(K.notBefore),
  localTime: repeating(K.localTime),
  handOverAfter: repeating(K.handOverAfter),
  rule: repeating(EXPLANATION),
  policyVersion: repeating(POLICY_VERSION),
  firstCurrency: repeating(AMOUNT_FIRST),
  nextCurrency: repeating(AMOUNT_NEXT),
};

/**
 * An inputs member's key: its `{` or `,`, line break, indentation and key as bytes, and (after the
 * first member) its string values as `R`'s are kept, while they repeat: a key whose values are
 * mostly distinct (an item id) stops being cached.
 */
interface InputKey {
  readonly first: Uint8Array;
  readonly next: Uint8Array;
  values: RepeatedMember | undefined;
  /** String values written after the first member. */
  written: number;
}
/** Input keys met so far; emptied when it holds many (keys such as `promise.<id>` do not repeat). */
const inputKeys = new Map<string, InputKey>();
const INPUT_KEYS_MAX = 4096;
function inputKey(key: string): InputKey {
  let entry = inputKeys.get(key);
  if (entry === undefined) {
    if (inputKeys.size >= INPUT_KEYS_MAX) inputKeys.clear();
    const quoted = JSON.stringify(key);
    const next = text(`,\n          ${quoted}: `);
    entry = {
      first: text(`{\n          ${quoted}: `),
      next,
      // The oldest item's id differs from customer to customer.
      values: key === 'oldestItemId' ? undefined : new RepeatedMember(next),
      written: 0,
    };
    inputKeys.set(key, entry);
  }
  return entry;
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
  w.cached(R.stage, a.stage);
  w.bytes(K.stageIndex);
  w.number(a.stageIndex);
  w.cached(R.kind, a.kind);
  w.cached(R.channel, a.channel);
  w.cached(R.template, a.template);
  w.cached(R.cycle, a.cycle);
  w.cached(R.notBefore, a.notBefore);
  w.cached(R.localTime, a.localTime);
  w.bytes(K.amounts);
  writeAmounts(w, a.amounts);
  w.bytes(K.invoiceIds);
  writeStrings(w, a.invoiceIds);
  if ('disclosures' in a) {
    w.bytes(K.disclosures);
    writeStrings(w, a.disclosures as string[]);
  }
  if ('handOverAfter' in a) w.cached(R.handOverAfter, a.handOverAfter as string);
  const e = a.explanation;
  w.cached(R.rule, e.rule);
  w.cached(R.policyVersion, e.policyVersion);
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
    w.cached(i === 0 ? R.firstCurrency : R.nextCurrency, m.currency);
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
      const key = inputKey(k);
      if (first) {
        w.bytes(key.first);
        w.string(v);
        first = false;
        continue;
      }
      const values = key.values;
      if (values === undefined) {
        w.bytes(key.next);
        w.string(v);
        continue;
      }
      w.cached(values, v);
      // Most inputs repeat from customer to customer (rules, reasons, zones): a key whose values
      // mostly do not is written without the cache from then on.
      if (++key.written > 256 && values.values.size * 4 > key.written) key.values = undefined;
    } else if (typeof v === 'number') {
      const key = inputKey(k);
      w.bytes(first ? key.first : key.next);
      w.number(v);
      first = false;
    } else if (typeof v === 'boolean') {
      const key = inputKey(k);
      w.bytes(first ? key.first : key.next);
      w.ascii(v ? 'true' : 'false');
      first = false;
    } else if (w.member(k, v, 5, first)) first = false;
  }
  w.close(first, 4);
}
