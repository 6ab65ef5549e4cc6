// A planned action as `JSON.stringify(plan, null, 2)` writes it inside the plan's `actions`, written
// from its known shape into a `JsonBytes` (no key lookups per member); any other shape goes through
// the generic writer, so the bytes are the same whatever the object holds.
import type { PlannedAction } from '../core/collections/collection-plan.js';
import {
  type JsonBytes,
  NUMBER_MAX,
  putAscii,
  putBytes,
  putCached,
  putNumber,
  putString,
  RepeatedMember,
} from './json-bytes.js';

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
const LIST_NEXT = text(',\n        ');
const LIST_END = text('\n      ]');
const AMOUNT_FIRST = text('[\n        {\n          "currency": ');
const AMOUNT_NEXT = text(',\n        {\n          "currency": ');
const OVERDUE = member('overdueMinor', 5);
const BALANCE = member('balanceMinor', 5);
const AMOUNT_END = text('\n        }');
/** The end of the inputs, of the explanation and of the action, in one copy. */
const INPUTS_END = text('\n        }\n      }\n    }');
/** The end of the last amount and of the amounts, and the invoice ids' key, in one copy. */
const AMOUNTS_END = text(`\n        }\n      ],\n      "invoiceIds": `);

/** The members whose string values repeat from action to action (a stage, a zone, a rule). */
const repeating = (before: Uint8Array, after?: Uint8Array) => new RepeatedMember(before, after);
const R = {
  stage: repeating(K.stage),
  kind: repeating(K.kind),
  channel: repeating(K.channel),
  template: repeating(K.template),
  cycle: repeating(K.cycle),
  notBefore: repeating(K.notBefore),
  // The amounts' key always follows.
  localTime: repeating(K.localTime, K.amounts),
  handOverAfter: repeating(K.handOverAfter),
  rule: repeating(EXPLANATION),
  // The summary's key and the overdue amount's always follow.
  policyVersion: repeating(POLICY_VERSION, SUMMARY),
  firstCurrency: repeating(AMOUNT_FIRST, OVERDUE),
  nextCurrency: repeating(AMOUNT_NEXT, OVERDUE),
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
/** An action's members when it has neither optional one. */
const BASE_KEYS = ACTION_KEYS.filter((k) => !OPTIONAL.has(k));

/**
 * True when the own enumerable keys of `o` are exactly `keys`, in order: `for in`
 * walks own keys first and inherited ones after, so when the last is own all are (no array is made,
 * as `Object.keys` makes one).
 */
function sameKeys(o: object, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in o) {
    if (k !== keys[i]) return false;
    i++;
  }
  return i === keys.length && (i === 0 || Object.hasOwn(o, keys[i - 1]!));
}

/**
 * A value that may have a `toJSON`. Each check is written where it is made (`typeof x.toJSON`), not
 * in a shared helper: the property load then sees one kind of object, where a helper's sees them all
 * (actions, explanations, inputs, amounts, lists) and takes the slow, megamorphic path.
 */
type MaybeToJSON = { toJSON?: unknown };

/**
 * The inputs' keys in order and, by position, their bytes: inputs of the same keys (most actions
 * share one or two lists) are written without looking each key up.
 */
interface InputLayout {
  readonly keys: readonly string[];
  readonly entries: readonly InputKey[];
  /** The bytes of the keys (`,`, the line break, the indentation and the quoted key). */
  readonly keyBytes: number;
  /** Runs of members whose values stayed the same over the layout's first uses, in order. */
  segments: readonly Segment[];
  /** Uses so far while the segments are learnt (`LEARN` uses), the values of the first and which stayed. */
  seen: number;
  readonly first: unknown[];
  readonly stable: boolean[];
}
/** Members `start` to `end` (excluded) of a layout, written as one run while their values repeat. */
interface Segment extends Run {
  readonly start: number;
  readonly end: number;
  /** The values last written, by position from `start`. */
  readonly values: unknown[];
}
/** The uses of a layout after which its segments are set. */
const LEARN = 8;
/** Layouts met lately, the last one first looked at; replaced in turn. */
const layouts: InputLayout[] = [];
const LAYOUTS_MAX = 8;
let nextLayout = 0;
let lastLayout: InputLayout | undefined;

/** The inputs' values as read once (a getter is not read twice), by position. */
const inputValues: unknown[] = [];

/**
 * Reads `inputs`' values into `inputValues` by position when its keys are exactly `layout`'s, own
 * and in order (as `sameKeys`); false when not. A `for in` loop reads each value by the index `in`
 * keeps, where a load by a key of many (`inputs[keys[i]]`) goes through a generic lookup.
 */
function readInputs(inputs: Record<string, unknown>, layout: InputLayout): boolean {
  const keys = layout.keys;
  let i = 0;
  for (const k in inputs) {
    if (k !== keys[i]) return false;
    inputValues[i++] = inputs[k];
  }
  return i === keys.length && (i === 0 || Object.hasOwn(inputs, keys[i - 1]!));
}

/** The layout of `inputs`' keys (a plain object), its values read into `inputValues`. */
function layoutOf(inputs: Record<string, unknown>): InputLayout {
  if (lastLayout !== undefined && readInputs(inputs, lastLayout)) return lastLayout;
  for (const l of layouts) {
    if (l !== lastLayout && readInputs(inputs, l)) {
      lastLayout = l;
      return l;
    }
  }
  const keys = Object.keys(inputs);
  const entries = keys.map(inputKey);
  const layout: InputLayout = {
    keys,
    entries,
    keyBytes: entries.reduce((n, e) => n + e.next.length, 0),
    segments: [],
    seen: 0,
    first: [],
    stable: keys.map(() => true),
  };
  layouts[nextLayout] = layout;
  nextLayout = (nextLayout + 1) % LAYOUTS_MAX;
  lastLayout = layout;
  for (let i = 0; i < keys.length; i++) inputValues[i] = inputs[keys[i]!];
  return layout;
}

/**
 * Members written together while their values repeat (`HEAD`, an input layout's `segments`): the
 * values last written, their bytes as one run, and how often the run was used and made again; one
 * made again too often is given up (`on` false) and its members written one by one.
 */
interface Run {
  bytes: Uint8Array;
  uses: number;
  made: number;
  on: boolean;
}
/** Whether `run`, just made again, is still worth keeping: it was not made again for most of its uses. */
const made = (run: Run) => ++run.made < 64 || run.made * 4 <= run.uses;

/** The action's stage, stage index, kind, channel and template: most actions of a plan share them. */
const HEAD = {
  stage: '',
  stageIndex: Number.NaN,
  kind: '',
  channel: '',
  template: '',
  bytes: new Uint8Array(0),
  uses: 0,
  made: 0,
  on: true,
};

/** The bytes of an action besides its strings, numbers, lists and inputs, with room to spare. */
const FIXED =
  512 +
  [
    OPEN,
    EXPLANATION,
    POLICY_VERSION,
    SUMMARY,
    INPUTS,
    INPUTS_END,
    AMOUNTS_END,
    LIST_END,
    ...Object.values(K),
  ].reduce((n, b) => n + b.length, 0);
/** The most bytes of an amount besides its currency's. */
const AMOUNT_BYTES =
  AMOUNT_FIRST.length + OVERDUE.length + BALANCE.length + AMOUNT_END.length + 2 * NUMBER_MAX + 2;
/** The most bytes of a list element besides its string's. */
const ELEMENT_BYTES = LIST_NEXT.length + 2;

/**
 * Writes `action` at depth 2 (an element of the plan's `actions`) with exactly the bytes
 * `JSON.stringify` gives there. Always writes something (an action is an object). Each member is
 * read once and checked; the most bytes the action can take are counted, room made for them once, and
 * the bytes written with `pos` in a local.
 */
export function writePlannedAction(w: JsonBytes, action: PlannedAction): boolean {
  const a = action;
  let optional = false;
  if (!sameKeys(a, BASE_KEYS)) {
    if (!inOrder(Object.keys(a), ACTION_KEYS, OPTIONAL)) return w.value(a, 2);
    optional = true;
  }
  // The plan's blocked entries, written by the generic writer after the actions, have a known shape too.
  w.known = writeBlocked;
  if (typeof (a as MaybeToJSON).toJSON === 'function') return w.value(a, 2);
  const customerId = a.customerId;
  const customerName = a.customerName;
  const stage = a.stage;
  const stageIndex = a.stageIndex;
  const kind = a.kind;
  const channel = a.channel;
  const template = a.template;
  const cycle = a.cycle;
  const notBefore = a.notBefore;
  const localTime = a.localTime;
  const amounts = a.amounts;
  const invoiceIds = a.invoiceIds;
  const disclosures = optional && Object.hasOwn(a, 'disclosures') ? a.disclosures : undefined;
  const handOverAfter = optional && Object.hasOwn(a, 'handOverAfter') ? a.handOverAfter : undefined;
  const e = a.explanation as unknown;
  if (
    typeof customerId !== 'string' ||
    typeof customerName !== 'string' ||
    typeof stage !== 'string' ||
    typeof stageIndex !== 'number' ||
    typeof kind !== 'string' ||
    typeof channel !== 'string' ||
    typeof template !== 'string' ||
    typeof cycle !== 'string' ||
    typeof notBefore !== 'string' ||
    typeof localTime !== 'string' ||
    !Array.isArray(amounts) ||
    typeof (amounts as MaybeToJSON).toJSON === 'function' ||
    !Array.isArray(invoiceIds) ||
    typeof (invoiceIds as MaybeToJSON).toJSON === 'function' ||
    (optional &&
      Object.hasOwn(a, 'disclosures') &&
      (!Array.isArray(disclosures) || typeof (disclosures as MaybeToJSON).toJSON === 'function')) ||
    (optional && Object.hasOwn(a, 'handOverAfter') && typeof handOverAfter !== 'string')
  )
    return w.value(a, 2);
  const explained = explanationBytes(e);
  if (explained < 0) return w.value(a, 2);
  // UTF-16 units of the strings (each written in at most six bytes a unit, and its quotes).
  let units =
    customerId.length +
    customerName.length +
    stage.length +
    kind.length +
    channel.length +
    template.length +
    cycle.length +
    notBefore.length +
    localTime.length +
    (handOverAfter === undefined ? 0 : handOverAfter.length);
  let bound = FIXED + explained + amounts.length * AMOUNT_BYTES + NUMBER_MAX;
  for (let i = 0; i < invoiceIds.length; i++) {
    const id = invoiceIds[i];
    if (typeof id !== 'string') return w.value(a, 2);
    units += id.length;
  }
  bound += invoiceIds.length * ELEMENT_BYTES;
  if (disclosures !== undefined) {
    for (let i = 0; i < disclosures.length; i++) {
      const d = disclosures[i];
      if (typeof d !== 'string') return w.value(a, 2);
      units += d.length;
    }
    bound += disclosures.length * ELEMENT_BYTES;
  }
  for (let i = 0; i < amounts.length; i++) {
    const m = amounts[i] as unknown as {
      currency: unknown;
      overdueMinor: unknown;
      balanceMinor: unknown;
    } | null;
    if (
      typeof m !== 'object' ||
      m === null ||
      Array.isArray(m) ||
      typeof (m as MaybeToJSON).toJSON === 'function' ||
      !(sameKeys(m, AMOUNT_KEYS) || inOrder(Object.keys(m), AMOUNT_KEYS, NONE)) ||
      typeof m.currency !== 'string' ||
      typeof m.overdueMinor !== 'number' ||
      typeof m.balanceMinor !== 'number'
    )
      return w.value(a, 2);
    units += m.currency.length;
  }
  bound += 6 * units;
  w.room(bound);
  const buf = w.buf;
  let p = w.pos;
  p = putBytes(buf, p, OPEN);
  p = putString(buf, p, customerId);
  p = putBytes(buf, p, K.customerName);
  p = putString(buf, p, customerName);
  const h = HEAD;
  if (
    h.on &&
    stage === h.stage &&
    stageIndex === h.stageIndex &&
    kind === h.kind &&
    channel === h.channel &&
    template === h.template
  )
    p = putBytes(buf, p, h.bytes);
  else {
    const at = p;
    p = putCached(buf, p, R.stage, stage);
    p = putBytes(buf, p, K.stageIndex);
    p = putNumber(buf, p, stageIndex);
    p = putCached(buf, p, R.kind, kind);
    p = putCached(buf, p, R.channel, channel);
    p = putCached(buf, p, R.template, template);
    if (h.on) {
      h.stage = stage;
      h.stageIndex = stageIndex;
      h.kind = kind;
      h.channel = channel;
      h.template = template;
      h.bytes = new Uint8Array(buf.subarray(at, p));
      h.on = made(h);
    }
  }
  h.uses++;
  p = putCached(buf, p, R.cycle, cycle);
  p = putCached(buf, p, R.notBefore, notBefore);
  p = putCached(buf, p, R.localTime, localTime);
  // The amounts' key was written with the local time.
  p = putAmounts(buf, p, amounts);
  // The invoice ids' key was written with the amounts.
  p = putStrings(buf, p, invoiceIds);
  if (disclosures !== undefined) {
    p = putBytes(buf, p, K.disclosures);
    p = putStrings(buf, p, disclosures);
  }
  if (handOverAfter !== undefined) p = putCached(buf, p, R.handOverAfter, handOverAfter);
  putExplanation(w, p);
  return true;
}

/** The members of an entry of the plan's `blocked`, in order. */
const BLOCKED_KEYS = ['customerId', 'customerName', 'stage', 'channel', 'rule', 'explanation'] as const;
const BLOCKED = {
  customerName: K.customerName,
  stage: K.stage,
  channel: K.channel,
  rule: member('rule', 3),
};

/**
 * Writes an entry of the plan's `blocked` (a customer, its stage, channel and rule, and the
 * explanation an action has) at depth 2 as JSON.stringify does, from its known shape; false, writing
 * nothing, for any other object or depth. `writePlannedAction` gives it to the writer (`known`): the
 * generic writer writes the members after the actions, and, run once per process, its code is
 * still cold there, where this one is warm from the actions.
 */
export function writeBlocked(w: JsonBytes, value: object, depth: number): boolean {
  if (depth !== 2 || !sameKeys(value, BLOCKED_KEYS) || typeof (value as MaybeToJSON).toJSON === 'function')
    return false;
  const b = value as Record<(typeof BLOCKED_KEYS)[number], unknown>;
  const customerId = b.customerId;
  const customerName = b.customerName;
  const stage = b.stage;
  const channel = b.channel;
  const rule = b.rule;
  if (
    typeof customerId !== 'string' ||
    typeof customerName !== 'string' ||
    typeof stage !== 'string' ||
    typeof channel !== 'string' ||
    typeof rule !== 'string'
  )
    return false;
  const explained = explanationBytes(b.explanation);
  if (explained < 0) return false;
  const units = customerId.length + customerName.length + stage.length + channel.length + rule.length;
  w.room(FIXED + explained + 6 * units);
  const buf = w.buf;
  let p = w.pos;
  p = putString(buf, putBytes(buf, p, OPEN), customerId);
  p = putString(buf, putBytes(buf, p, BLOCKED.customerName), customerName);
  p = putString(buf, putBytes(buf, p, BLOCKED.stage), stage);
  p = putString(buf, putBytes(buf, p, BLOCKED.channel), channel);
  p = putString(buf, putBytes(buf, p, BLOCKED.rule), rule);
  putExplanation(w, p);
  return true;
}

/** The explanation `explanationBytes` checked last: its rule, policy version, summary and inputs. */
const explanation = {
  rule: '',
  policyVersion: '',
  summary: '',
  layout: undefined as InputLayout | undefined,
  /** Whether every input is a string, a number or a boolean. */
  plain: true,
};

/**
 * Checks `e` as an action's explanation of the known shape, reading its members once (into
 * `explanation`, its inputs into `inputValues`): the most bytes its values and input keys take
 * (besides `FIXED`), -1 when it is of another shape.
 */
function explanationBytes(e: unknown): number {
  if (
    typeof e !== 'object' ||
    e === null ||
    Array.isArray(e) ||
    typeof (e as MaybeToJSON).toJSON === 'function' ||
    !(sameKeys(e, EXPLANATION_KEYS) || inOrder(Object.keys(e), EXPLANATION_KEYS, NONE))
  )
    return -1;
  const x = e as Record<string, unknown>;
  const rule = x.rule;
  const policyVersion = x.policyVersion;
  const summary = x.summary;
  const inputs = x.inputs;
  if (
    typeof rule !== 'string' ||
    typeof policyVersion !== 'string' ||
    typeof summary !== 'string' ||
    typeof inputs !== 'object' ||
    inputs === null ||
    Array.isArray(inputs) ||
    typeof (inputs as MaybeToJSON).toJSON === 'function'
  )
    return -1;
  // The inputs: strings, numbers and booleans written here; any other value by the generic writer.
  const layout = layoutOf(inputs as Record<string, unknown>);
  const keys = layout.keys;
  let units = rule.length + policyVersion.length + summary.length;
  let plain = true;
  for (let i = 0; i < keys.length; i++) {
    const v = inputValues[i];
    if (typeof v === 'string') units += v.length;
    else if (typeof v !== 'number' && typeof v !== 'boolean') plain = false;
  }
  explanation.rule = rule;
  explanation.policyVersion = policyVersion;
  explanation.summary = summary;
  explanation.layout = layout;
  explanation.plain = plain;
  return 6 * units + 2 * keys.length + layout.keyBytes + keys.length * NUMBER_MAX;
}

/**
 * Writes from `at` (the room made) the explanation `explanationBytes` checked last, as the last member
 * of an object at depth 2, and the end of that object.
 */
function putExplanation(w: JsonBytes, at: number): void {
  const buf = w.buf;
  const x = explanation;
  const layout = x.layout!;
  let p = putCached(buf, at, R.rule, x.rule);
  // The summary's key is written with the policy version.
  p = putCached(buf, p, R.policyVersion, x.policyVersion);
  p = putString(buf, p, x.summary);
  p = putBytes(buf, p, INPUTS);
  if (x.plain) {
    // The end of the explanation and of the object is written with the inputs'.
    p = putInputs(buf, p, layout);
    if (p > buf.length) throw new Error('writePlannedAction: an action outgrew the room made for it');
    w.pos = p;
  } else {
    if (p > buf.length) throw new Error('writePlannedAction: an action outgrew the room made for it');
    w.pos = p;
    writeInputs(w, layout);
    w.bytes(CLOSE);
  }
}

/**
 * An array of strings at depth 3 (a member of the action): the line break and indentation before
 * each written byte by byte (a native copy costs more for ten bytes).
 */
function putStrings(buf: Buffer, at: number, list: readonly string[]): number {
  const n = list.length;
  if (n === 0) return putAscii(buf, at, '[]');
  let p = at;
  buf[p++] = 91;
  for (let i = 0; i < n; i++) {
    if (i > 0) buf[p++] = 44;
    buf[p++] = 10;
    for (let j = 0; j < 8; j++) buf[p++] = 32;
    p = putString(buf, p, list[i]!);
  }
  return putBytes(buf, p, LIST_END);
}

/** The amounts (one per currency) at depth 3, and the invoice ids' key after them. */
function putAmounts(buf: Buffer, at: number, amounts: PlannedAction['amounts']): number {
  const n = amounts.length;
  if (n === 0) return putBytes(buf, putAscii(buf, at, '[]'), K.invoiceIds);
  let p = at;
  for (let i = 0; i < n; i++) {
    const m = amounts[i]!;
    // The overdue amount's key is written with the currency.
    p = putCached(buf, p, i === 0 ? R.firstCurrency : R.nextCurrency, m.currency);
    p = putNumber(buf, p, m.overdueMinor);
    p = putBytes(buf, p, BALANCE);
    p = putNumber(buf, p, m.balanceMinor);
    p = putBytes(buf, p, i < n - 1 ? AMOUNT_END : AMOUNTS_END);
  }
  return p;
}

/** A string input after the first: through its key's cache while its values repeat. */
function putInputString(buf: Buffer, at: number, key: InputKey, v: string): number {
  const values = key.values;
  if (values === undefined) return putString(buf, putBytes(buf, at, key.next), v);
  const p = putCached(buf, at, values, v);
  // Most inputs repeat from customer to customer (rules, reasons, zones): a key whose values
  // mostly do not is written without the cache from then on.
  if (++key.written > 256 && values.values.size * 4 > key.written) key.values = undefined;
  return p;
}

/** The input at position `i` of a layout, `v` a string, a number or a boolean. */
function putInput(buf: Buffer, at: number, key: InputKey, i: number, v: unknown): number {
  if (typeof v === 'string') {
    if (i === 0) return putString(buf, putBytes(buf, at, key.first), v);
    return putInputString(buf, at, key, v);
  }
  const p = putBytes(buf, at, i === 0 ? key.first : key.next);
  return typeof v === 'number' ? putNumber(buf, p, v) : putAscii(buf, p, v ? 'true' : 'false');
}

/**
 * The explanation's inputs at depth 4, every value a string, a number or a boolean (`inputValues`):
 * a run of members whose values stayed the same over the layout's first uses in one copy while they
 * stay so; then the end of the explanation and of the action (depth 2) holding them.
 */
function putInputs(buf: Buffer, at: number, layout: InputLayout): number {
  const entries = layout.entries;
  const n = entries.length;
  if (n === 0) return putBytes(buf, putAscii(buf, at, '{}'), CLOSE);
  const values = inputValues;
  const segments = layout.segments;
  let p = at;
  let i = 0;
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s]!;
    if (!seg.on) continue;
    for (; i < seg.start; i++) p = putInput(buf, p, entries[i]!, i, values[i]);
    const start = seg.start;
    const end = seg.end;
    const last = seg.values;
    seg.uses++;
    let same = true;
    for (let j = start; j < end; j++) {
      if (values[j] !== last[j - start]) {
        same = false;
        break;
      }
    }
    if (same) p = putBytes(buf, p, seg.bytes);
    else {
      const from = p;
      for (let j = start; j < end; j++) {
        const v = values[j];
        p = putInput(buf, p, entries[j]!, j, v);
        last[j - start] = v;
      }
      seg.bytes = new Uint8Array(buf.subarray(from, p));
      seg.on = made(seg);
    }
    i = end;
  }
  for (; i < n; i++) p = putInput(buf, p, entries[i]!, i, values[i]);
  if (layout.seen < LEARN) learn(layout);
  return putBytes(buf, p, INPUTS_END);
}

/** One more use of `layout` while its segments are learnt: which values stayed; the segments after `LEARN` uses. */
function learn(layout: InputLayout): void {
  const n = layout.keys.length;
  if (layout.seen === 0) for (let i = 0; i < n; i++) layout.first[i] = inputValues[i];
  else for (let i = 0; i < n; i++) if (inputValues[i] !== layout.first[i]) layout.stable[i] = false;
  if (++layout.seen < LEARN) return;
  const segments: Segment[] = [];
  for (let i = 0; i < n; ) {
    let end = i;
    while (end < n && layout.stable[end]) end++;
    // Runs of two members or more: one member is as quick written as copied.
    if (end - i >= 2)
      segments.push({ start: i, end, values: [], bytes: new Uint8Array(0), uses: 0, made: 0, on: true });
    i = Math.max(end, i + 1);
  }
  layout.segments = segments;
  layout.first.length = 0;
}

/** The explanation's inputs at depth 4 when some value is not a string, number or boolean (`inputValues`). */
function writeInputs(w: JsonBytes, layout: InputLayout): void {
  let first = true;
  const keys = layout.keys;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const key = layout.entries[i]!;
    const v = inputValues[i];
    if (typeof v === 'string') {
      w.room(key.next.length + 6 * v.length + 2);
      if (first) w.pos = putString(w.buf, putBytes(w.buf, w.pos, key.first), v);
      else w.pos = putInputString(w.buf, w.pos, key, v);
      first = false;
    } else if (typeof v === 'number') {
      w.bytes(first ? key.first : key.next);
      w.number(v);
      first = false;
    } else if (typeof v === 'boolean') {
      w.bytes(first ? key.first : key.next);
      w.ascii(v ? 'true' : 'false');
      first = false;
    } else if (w.member(k, v, 5, first)) first = false;
  }
  w.close(first, 4);
}
