// The byte JSON writer (cli/json-bytes.ts) and the planned action's writer (cli/plan-action-json.ts)
// give exactly the bytes of JSON.stringify(value, null, 2), whatever the strings hold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/io.js';
import { JsonBytes, streamJsonBytes } from '../../cli/json-bytes.js';
import { writePlannedAction } from '../../cli/plan-action-json.js';
import type { PlannedAction } from '../../core/collections/collection-plan.js';

const utf8 = new TextDecoder();

/** An io that keeps the bytes it is given (copied: the writer reuses its buffer). */
const byteIo = () => {
  const chunks: Uint8Array[] = [];
  const io: CliIo = { out: () => {}, err: () => {}, outBytes: (b) => void chunks.push(new Uint8Array(b)) };
  return { io, chunks, text: () => utf8.decode(Buffer.concat(chunks)) };
};

const written = (value: unknown) => {
  const chunks: Uint8Array[] = [];
  const w = new JsonBytes((b) => void chunks.push(new Uint8Array(b)));
  if (!w.value(value, 0)) return undefined;
  w.flush();
  return utf8.decode(Buffer.concat(chunks));
};

/** Strings with what JSON escapes: quotes, backslashes, controls, non-ASCII, astral and lone surrogates. */
const awkward = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '"',
    '\\',
    '\u0000\u001f\b\f\n\r\t',
    'é€😀',
    '\ud800',
    'x\udc00y',
    '\u007f\u0080\u07ff\u0800\uffff',
  ),
);
const scalar = fc.oneof(
  awkward,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(-0),
  fc.constant(2 ** 31),
  fc.constant(1e21),
);

/** The object written by streaming `record[key]`'s elements, then ending with that array empty. */
const streamed = (record: Record<string, unknown>, key: string, element?: typeof writePlannedAction) => {
  const out = byteIo();
  const keys = Object.keys(record);
  const before = Object.fromEntries(keys.slice(0, keys.indexOf(key)).map((k) => [k, record[k]]));
  const stream = streamJsonBytes<never>(before, key, out.io, element as never);
  for (const e of record[key] as never[]) stream.push(e);
  stream.end({ ...record, [key]: [] });
  return out;
};

describe('cli/json-bytes', () => {
  describe('JsonBytes.value', () => {
    it('gives the bytes of JSON.stringify(value, null, 2) for any JSON-like value', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.jsonValue(),
            fc.dictionary(awkward, fc.oneof(scalar, fc.array(scalar), fc.dictionary(awkward, scalar))),
            fc.array(fc.oneof(scalar, fc.array(scalar))),
          ),
          (value) => {
            expect(written(value)).toBe(JSON.stringify(value, null, 2));
          },
        ),
        { numRuns: 1000, seed: 9 },
      );
    });

    it('writes dates, boxed values, functions and toJSON results as JSON does', () => {
      const value = {
        at: new Date(0),
        list: [undefined, () => 1, { a: undefined, b: [1, 'x\ny'] }, new Date(86_400_000), Symbol('s')],
        boxed: [new Number(3), new String('s"'), new Boolean(false)],
        gone: { toJSON: () => undefined },
        keyed: { toJSON: (key: string) => `key ${key}` },
        empty: [],
        nested: { deep: [[], {}], none: { a: undefined } },
      };
      expect(written(value)).toBe(JSON.stringify(value, null, 2));
      expect(written(undefined)).toBeUndefined();
    });

    it('writes strings longer than its buffer', () => {
      const value = { long: '😀x\u0001'.repeat(600_000), after: 1 };
      expect(written(value)).toBe(JSON.stringify(value, null, 2));
      const ascii = { long: 'plain ASCII, copied whole '.repeat(100_000), after: 'x'.repeat(2 ** 20) };
      expect(written(ascii)).toBe(JSON.stringify(ascii, null, 2));
    });
  });

  describe('JsonBytes.string and repeated', () => {
    /** What `string` and `repeated` write for `s`, decoded; the repeated one written twice (made, then copied). */
    const strings = (s: string) => {
      const chunks: Uint8Array[] = [];
      const w = new JsonBytes((b) => void chunks.push(new Uint8Array(b)));
      w.string(s);
      w.ascii(',');
      w.repeated(s);
      w.ascii(',');
      w.repeated(s);
      w.flush();
      return utf8.decode(Buffer.concat(chunks));
    };
    const units = [
      '"',
      '\\',
      '\u0000',
      '\b',
      '\n',
      '\u001f',
      ' ',
      '~',
      '\u007f',
      '\u0080',
      'é',
      '€',
      '\uffff',
      // Units whose low byte is printable ASCII: a latin1 copy would write 'A', ' ' and '('.
      'Ł',
      '\u0120',
      '\u2028',
    ];
    const lone = ['\ud800', '\udbff', '\udc00', '\udfff'];

    it('escapes and encodes one unusual unit anywhere in strings of every length around the native copy', () => {
      // Lengths from short (the loop) to well past where whole strings are copied natively, with the
      // unit first, in the middle or last; and pairs, lone surrogates and a split pair.
      for (let n = 1; n <= 130; n++) {
        const body = 'abcdefghijklmnopqrstuvwxyz 0123456789-:/.,()ABCDEFGHIJKLMNOPQRSTUVWXYZ'
          .repeat(2)
          .slice(0, n);
        expect(strings(body)).toBe([body, body, body].map((x) => JSON.stringify(x)).join(','));
        for (const u of [...units, ...lone, '😀', '\udc00\ud800']) {
          for (const at of [0, n >> 1, n]) {
            const s = body.slice(0, at) + u + body.slice(at);
            expect(strings(s)).toBe([s, s, s].map((x) => JSON.stringify(x)).join(','));
          }
        }
      }
    });

    it('writes ropes, slices and strings of every unit as JSON does', () => {
      const long = 'the first stage reached this cycle (sequential mode); email not before 09:00';
      const rope = `${long.slice(0, 30)}${String(Date.now() > 0)}${long.slice(30)}`;
      const sliced = `${long}${long}`.slice(3, 120);
      let every = '';
      for (let c = 0; c < 0x10000; c++) every += String.fromCharCode(c);
      for (const s of [rope, sliced, every, every.slice(0x20, 0x80), `${long}\u2028\u2029`]) {
        expect(strings(s)).toBe([s, s, s].map((x) => JSON.stringify(x)).join(','));
      }
    });

    it('gives the bytes of JSON.stringify for long strings of any units', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string({ minLength: 40, maxLength: 200 }),
            fc.string({ unit: 'binary', minLength: 40, maxLength: 200 }),
            fc.string({ unit: fc.constantFrom(...units, ...lone, 'a', 'b'), minLength: 40, maxLength: 200 }),
          ),
          (s) => {
            expect(strings(s)).toBe([s, s, s].map((x) => JSON.stringify(x)).join(','));
          },
        ),
        { numRuns: 1000, seed: 13 },
      );
    });
  });

  describe('streamJsonBytes', () => {
    it('gives the bytes of JSON.stringify(value, null, 2) whatever comes before and after the array', () => {
      fc.assert(
        fc.property(
          fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.constant(undefined)), { maxKeys: 3 }),
          fc.array(fc.oneof(fc.jsonValue(), fc.constant(undefined))),
          fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue())), { maxKeys: 3 }),
          (before, elements, after) => {
            // Prepare: the array's key after `before`'s and before `after`'s.
            const record: Record<string, unknown> = { ...before };
            delete record.actions;
            record.actions = elements;
            for (const [k, v] of Object.entries(after)) if (!(k in record)) record[k] = v;
            // Act
            const text = streamed(record, 'actions').text();
            // Assess
            expect(text).toBe(`${JSON.stringify(record, null, 2)}\n`);
          },
        ),
        { numRuns: 300, seed: 7 },
      );
    });

    it('hands a long array on in pieces of about a MB, through out when the io has no outBytes', () => {
      const record = {
        asOf: '2026-11-23',
        actions: Array.from({ length: 30_000 }, (_, i) => ({ id: `A-${i}`, why: 'x'.repeat(60) })),
        blocked: [{ id: 'B' }],
      };
      const out = streamed(record, 'actions');
      expect(out.chunks.length).toBeGreaterThan(2);
      expect(Math.max(...out.chunks.map((c) => c.length))).toBeLessThan(1.1 * 2 ** 20);
      expect(out.text()).toBe(`${JSON.stringify(record, null, 2)}\n`);
      const pieces: string[] = [];
      const stream = streamJsonBytes({ asOf: record.asOf }, 'actions', {
        out: (t) => pieces.push(t),
        err: () => {},
      });
      for (const a of record.actions) stream.push(a);
      stream.end({ ...record, actions: [] });
      expect(pieces.join('')).toBe(`${JSON.stringify(record, null, 2)}\n`);
    });

    it('refuses an end whose members before the array are not the ones it started with', () => {
      const stream = streamJsonBytes({ asOf: '2026-11-23' }, 'actions', byteIo().io);
      expect(() => stream.end({ asOf: '2026-11-24', actions: [] })).toThrow(/members before "actions"/);
    });
  });

  describe('writePlannedAction', () => {
    const amount = fc.record({
      currency: awkward,
      overdueMinor: fc.oneof(fc.integer(), fc.double()),
      balanceMinor: fc.integer({ min: -1e12, max: 1e12 }),
    });
    const action = fc
      .record({
        customerId: awkward,
        customerName: awkward,
        stage: awkward,
        stageIndex: fc.integer({ min: 0, max: 20 }),
        kind: awkward,
        channel: awkward,
        template: awkward,
        cycle: awkward,
        notBefore: awkward,
        localTime: awkward,
        amounts: fc.array(amount, { maxLength: 3 }),
        invoiceIds: fc.array(awkward, { maxLength: 12 }),
        disclosures: fc.option(fc.array(awkward, { maxLength: 3 }), { nil: undefined }),
        handOverAfter: fc.option(awkward, { nil: undefined }),
        explanation: fc.record({
          rule: awkward,
          policyVersion: awkward,
          summary: awkward,
          inputs: fc.dictionary(awkward, scalar),
        }),
      })
      .map((a) => {
        // As the planner makes them: the optional members absent (or, sometimes, undefined).
        const o = { ...a } as Record<string, unknown>;
        if (a.disclosures === undefined && a.stageIndex % 2 === 0) delete o.disclosures;
        if (a.handOverAfter === undefined && a.stageIndex % 3 === 0) delete o.handOverAfter;
        return o as unknown as PlannedAction;
      });

    it('gives the bytes of JSON.stringify for a plan whose blocked entries follow its actions', () => {
      // The blocked entries are written after the actions by the writer the action writer gives it.
      const blocked = fc.oneof(
        fc.record({
          customerId: awkward,
          customerName: awkward,
          stage: awkward,
          channel: awkward,
          rule: awkward,
          explanation: fc.record({
            rule: awkward,
            policyVersion: awkward,
            summary: awkward,
            inputs: fc.dictionary(awkward, scalar),
          }),
        }),
        fc.record({ customerId: awkward, stage: scalar, explanation: fc.jsonValue() }),
      );
      fc.assert(
        fc.property(
          fc.array(action, { maxLength: 3 }),
          fc.array(blocked, { maxLength: 4 }),
          (actions, list) => {
            const record = {
              asOf: '2026-11-23',
              policyVersion: 'p',
              actions,
              blocked: list,
              internalActions: list,
            };
            const text = streamed(record, 'actions', writePlannedAction).text();
            expect(text).toBe(`${JSON.stringify(record, null, 2)}\n`);
          },
        ),
        { numRuns: 500, seed: 17 },
      );
    });

    it('gives the bytes of JSON.stringify inside a plan for varied actions', () => {
      fc.assert(
        fc.property(fc.array(action, { maxLength: 5 }), (actions) => {
          const record = {
            asOf: '2026-11-23',
            policyVersion: 'p',
            actions,
            blocked: [],
            internalActions: [],
          };
          const text = streamed(record, 'actions', writePlannedAction).text();
          expect(text).toBe(`${JSON.stringify(record, null, 2)}\n`);
        }),
        { numRuns: 500, seed: 11 },
      );
    });

    it('writes long strings that repeat (encoded once, kept in a bounded cache) as JSON does', () => {
      // Prepare: 6,000 actions whose long inputs and zones repeat, some with escapes and non-ASCII,
      // and more distinct long strings than the cache holds.
      const reasons = [
        'not applied: a "business" debt\\ is outside the FDCPA',
        'Zoë € 😀 the address in New York, NY 10001',
        'plain ASCII reason that is long enough',
      ];
      const actions = Array.from({ length: 6_000 }, (_, i) => ({
        customerId: `C${i}`,
        customerName: `Customer ${i}, Ltd`,
        stage: 'reminder-1',
        stageIndex: 1,
        kind: 'reminder',
        channel: 'email',
        template: 'reminder-1',
        cycle: '2026-03-31',
        notBefore: '2026-11-23T14:00:00.000Z',
        localTime: i % 2 ? '2026-11-23 09:00 America/New_York' : '2026-11-23 08:00 America/Chicago',
        amounts: [{ currency: 'EUR', overdueMinor: i * 7, balanceMinor: i * 9 }],
        invoiceIds: [`I${i}`],
        explanation: {
          rule: 'stage/reminder-1',
          policyVersion: 'standard/2026-1',
          summary: `Customer ${i} owes EUR ${i}.00 overdue; a summary long enough to be encoded by the loop.`,
          inputs: { reason: reasons[i % 3]!, distinct: `a distinct long string, number ${i} of many`, n: i },
        },
      }));
      const record = { asOf: '2026-11-23', policyVersion: 'standard/2026-1', actions, blocked: [] };
      // Act
      const text = streamed(record, 'actions', writePlannedAction).text();
      // Assess
      expect(text).toBe(`${JSON.stringify(record, null, 2)}\n`);
    });

    it('writes members whose values repeat, then stop repeating, and keys that never repeat, as JSON does', () => {
      // Prepare: 9,000 actions; the inputs start with a string, have keys met once (promise.<id>),
      // a key whose values repeat for a while then never, values with escapes and non-ASCII; the
      // action's own repeated members and currencies vary with i.
      const zones = ['America/New_York', 'Europe/Zürich', 'a "quoted"\\zone\u0001', '\ud800 lone'];
      const actions = Array.from({ length: 9_000 }, (_, i) => ({
        customerId: `C${i}`,
        customerName: `Customer ${i}`,
        stage: `stage-${i % 3}`,
        stageIndex: i % 3,
        kind: i % 2 ? 'reminder' : 'letter',
        channel: zones[i % 4]!,
        template: `t${i % 5}`,
        cycle: `2026-03-${String(1 + (i % 28)).padStart(2, '0')}`,
        notBefore: zones[(i + 1) % 4]!,
        localTime: `09:00 ${zones[i % 4]}`,
        amounts: [
          { currency: i % 2 ? 'EUR' : 'USD', overdueMinor: i, balanceMinor: -i },
          ...(i % 3 ? [] : [{ currency: zones[i % 4]!, overdueMinor: 1, balanceMinor: 2 }]),
        ],
        invoiceIds: [],
        ...(i % 4 ? {} : { handOverAfter: zones[i % 4]! }),
        explanation: {
          rule: `rule/${i % 7}`,
          policyVersion: zones[i % 4]!,
          summary: `s${i}`,
          inputs: {
            zone: zones[i % 4]!,
            [`promise.P${i}`]: 'kept',
            reason: i < 3_000 ? zones[i % 4]! : `reason ${i}`,
            oldestItemId: `I${i}`,
            n: i,
            ok: i % 2 === 0,
            last: zones[(i + 2) % 4]!,
          },
        },
      }));
      const record = { asOf: '2026-11-23', policyVersion: 'p', actions, blocked: [] };
      // Act
      const text = streamed(record, 'actions', writePlannedAction).text();
      // Assess
      expect(text).toBe(`${JSON.stringify(record, null, 2)}\n`);
    });

    it('writes inputs whose keys change from action to action (more lists than it keeps) as JSON does', () => {
      // Prepare: actions whose inputs take one of twelve key lists in turn (some sharing a prefix,
      // one empty, one with a value JSON leaves out or writes generically), then lists never met again;
      // values that stay the same for the first 1,500 actions then change; the stage changing too.
      const lists = Array.from({ length: 12 }, (_, j) =>
        Array.from({ length: j }, (_, k) => (k % 3 === 0 ? `key${k}` : `key${k}.${j % 4}`)),
      );
      const actions = Array.from({ length: 3_000 }, (_, i) => {
        const keys = i < 2_500 ? lists[i % 12]! : [`once.${i}`, 'key0', `promise.${i}`];
        const inputs: Record<string, unknown> = {};
        for (const [k, key] of keys.entries())
          inputs[key] =
            k % 4 === 0
              ? i % 7
              : k % 4 === 1
                ? `v${i % 5} é`
                : k % 4 === 2
                  ? i % 2 === 0
                  : i < 1_500
                    ? 'same'
                    : `same ${i % 3}`;
        if (i % 97 === 0) inputs.gone = undefined;
        if (i % 89 === 0) inputs.list = [1, 'x'];
        return {
          customerId: `C${i}`,
          customerName: 'n',
          stage: i < 2_000 ? 's' : `s${i % 2}`,
          stageIndex: i < 2_200 ? 1 : i % 3,
          kind: 'k',
          channel: 'c',
          template: 't',
          cycle: 'c',
          notBefore: 'n',
          localTime: 'l',
          amounts: [],
          invoiceIds: [],
          explanation: { rule: 'r', policyVersion: 'p', summary: 's', inputs },
        };
      });
      const record = { asOf: '2026-11-23', actions, blocked: [] };
      const text = streamed(record, 'actions', writePlannedAction).text();
      expect(text).toBe(`${JSON.stringify(record, null, 2)}\n`);
    });

    it('writes an action of another shape (members reordered, added, of other types) as JSON does', () => {
      const base = {
        customerId: 'C1',
        customerName: 'Zoë "Z" Ltd',
        stage: 's',
        stageIndex: 1,
        kind: 'reminder',
        channel: 'email',
        template: 't',
        cycle: '2026-01-01',
        notBefore: 'n',
        localTime: 'l',
        amounts: [{ currency: 'EUR', overdueMinor: 1, balanceMinor: 2 }],
        invoiceIds: ['I1'],
        explanation: { rule: 'r', policyVersion: 'p', summary: 's', inputs: { a: 1, b: true, c: 'x' } },
      };
      const odd: unknown[] = [
        { ...base, extra: 1 },
        Object.assign({ explanation: base.explanation }, base),
        { ...base, stageIndex: '1' },
        { ...base, amounts: [{ overdueMinor: 1, currency: 'EUR', balanceMinor: 2 }] },
        { ...base, explanation: { ...base.explanation, inputs: { d: new Date(0), e: undefined, f: [1] } } },
        { ...base, explanation: { summary: 's', rule: 'r', policyVersion: 'p', inputs: {} } },
        { ...base, disclosures: undefined, handOverAfter: '2026-12-28' },
        { ...base, toJSON: () => 'replaced' },
        // Inherited members (JSON writes own ones only), toJSON on a prototype or on a list.
        Object.assign(Object.create({ explanation: base.explanation }), { ...base, explanation: undefined }),
        Object.assign(Object.create({ handOverAfter: 'inherited' }), base),
        { ...base, amounts: [Object.assign(Object.create({ toJSON: () => 'amount' }), base.amounts[0])] },
        { ...base, invoiceIds: Object.assign(['I1'], { toJSON: () => 'ids' }) },
        { ...base, explanation: { ...base.explanation, inputs: Object.create({ inherited: 1 }) } },
        {
          ...base,
          explanation: {
            ...base.explanation,
            inputs: Object.assign(Object.create({ z: 'inherited' }), { a: 1, z: 'own', n: -12, m: -0 }),
          },
        },
        { ...base, explanation: { ...base.explanation, inputs: {} } },
        { ...base, amounts: [{ currency: 'EUR', overdueMinor: -2147483647, balanceMinor: -(2 ** 31) }] },
        {
          ...base,
          amounts: [{ currency: 'EUR', overdueMinor: 2 ** 53, balanceMinor: -0.0000012345678901234567 }],
        },
      ];
      const record = { asOf: '2026-11-23', actions: odd, blocked: [] };
      const text = streamed(record, 'actions', writePlannedAction).text();
      expect(text).toBe(`${JSON.stringify(record, null, 2)}\n`);
    });
  });
});
