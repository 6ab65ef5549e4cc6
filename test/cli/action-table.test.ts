// The plan's table of planned actions kept as bytes (cli/action-table.ts) writes exactly the text the
// table of strings (writeTable through writePlan) gives, whatever the cells hold and however wide.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlannedActionTable } from '../../cli/action-table.js';
import { type CliIo, TextBytes } from '../../cli/io.js';
import { writePlan } from '../../cli/plan-text.js';
import type { CollectionPlan, PlannedAction } from '../../core/collections/collection-plan.js';

const AS_OF = '2026-11-23';

/** Text a table must take as it is: wide and combining characters, colour codes, every kind of space. */
const awkward = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    'Trần Thị Bích',
    '株式会社 山田',
    'e\u0301clair',
    'trailing\u00a0',
    'tab\t',
    'ideographic\u3000',
    'line\u2028',
    'nbsp\u202f',
    'bom\ufeff',
    'ogham\u1680',
    'en\u2002',
    '\u001b[36mcoloured\u001b[0m',
    'a  b   c',
    'x'.repeat(150),
  ),
);

/** A sentence: words of printable ASCII most of the time, sometimes anything. */
const sentence = fc.oneof(
  fc.array(fc.stringMatching(/^[!-~]{1,30}$/), { maxLength: 60 }).map((w) => w.join(' ')),
  fc.array(fc.stringMatching(/^[!-~]{1,12}$/), { maxLength: 60 }).map((w) => w.join('   ')),
  // One space apart, with a space or none at either end: words up to and past every line's width.
  fc
    .tuple(
      fc.constantFrom('', ' '),
      fc.array(fc.stringMatching(/^[!-~]{1,40}$/), { maxLength: 40 }),
      fc.constantFrom('', ' '),
    )
    .map(([before, w, after]) => `${before}${w.join(' ')}${after}`),
  awkward,
  fc.string({ maxLength: 300 }),
);

const action = fc.record({
  customerId: awkward,
  customerName: awkward,
  stage: fc.constantFrom('reminder-1', 'final-demand', 'statement', ''),
  channel: fc.constantFrom('email', 'sms', 'letter'),
  localTime: fc.oneof(
    fc.constantFrom(
      `${AS_OF} 09:00 America/New_York`,
      `${AS_OF} 08:00 America/Los_Angeles`,
      '2026-11-24 09:00 Europe/London',
      `${AS_OF} 10:00 America/Argentina/Buenos_Aires`,
    ),
    awkward,
  ),
  amounts: fc.array(
    fc.record({
      currency: fc.constantFrom('USD', 'EUR', 'JPY', 'KWD'),
      overdueMinor: fc.integer({ min: -1e9, max: 1e12 }),
    }),
    { maxLength: 3 },
  ),
  summary: sentence,
});

type Generated = typeof action extends fc.Arbitrary<infer T> ? T : never;

const planned = (g: Generated) =>
  ({
    customerId: g.customerId,
    customerName: g.customerName,
    stage: g.stage,
    channel: g.channel,
    localTime: g.localTime,
    amounts: g.amounts.map((m) => ({ ...m, balanceMinor: m.overdueMinor })),
    explanation: { rule: 'stage/x', policyVersion: 'v', summary: g.summary, inputs: {} },
  }) as unknown as PlannedAction;

const planOf = (actions: PlannedAction[]): CollectionPlan => ({
  asOf: AS_OF,
  policyVersion: 'standard/2026-1',
  actions,
  blocked: [],
  internalActions: [],
});

/** writePlan's text as strings (the table of strings) and through the byte table. */
function both(actions: PlannedAction[], width: number, colour: boolean): [string, string] {
  let strings = '';
  writePlan(planOf(actions), 'then', width, colour, (t) => {
    strings += t;
  });
  const table = new PlannedActionTable(AS_OF, width, colour);
  for (const a of actions) table.add(a);
  const chunks: Buffer[] = [];
  const io: CliIo = { out: () => {}, err: () => {}, outBytes: (b) => void chunks.push(Buffer.from(b)) };
  const text = new TextBytes(io);
  writePlan(planOf([]), 'then', width, colour, text, table);
  text.end();
  return [strings, Buffer.concat(chunks).toString('utf8')];
}

describe('PlannedActionTable', () => {
  it('writes what the table of strings writes, for any cells, at any width, with colour or not', () => {
    fc.assert(
      fc.property(
        fc.array(action, { minLength: 1, maxLength: 25 }),
        fc.constantFrom(20, 60, 100, 180, 400, Number.POSITIVE_INFINITY),
        fc.boolean(),
        (generated, width, colour) => {
          const [strings, bytes] = both(generated.map(planned), width, colour);
          expect(bytes).toBe(strings);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('gives its rows back as the strings plannedActionRow makes', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 10 }), fc.boolean(), (generated, colour) => {
        const table = new PlannedActionTable(AS_OF, 100, colour);
        for (const g of generated) table.add(planned(g));
        let viaRows = '';
        writePlan(
          planOf([]),
          'then',
          100,
          colour,
          (t) => {
            viaRows += t;
          },
          table,
        );
        const [strings] = both(generated.map(planned), 100, colour);
        expect(viaRows).toBe(strings);
      }),
      { numRuns: 100 },
    );
  });

  it('holds thousands of rows past its first buffers, in order', () => {
    const actions: PlannedAction[] = [];
    for (let i = 0; i < 9000; i++)
      actions.push(
        planned({
          customerId: `C${i}`,
          customerName: i % 7 === 0 ? `Café ${i}` : `Customer ${i}, Ltd`,
          stage: 'reminder-1',
          channel: 'email',
          localTime: `${AS_OF} 09:00 America/New_York`,
          amounts: [{ currency: 'USD', overdueMinor: i * 101 }],
          summary: `Customer ${i} owes ${'x'.repeat(i % 700)} overdue; the reminder is due.`,
        }),
      );
    for (const width of [100, Number.POSITIVE_INFINITY]) {
      const [strings, bytes] = both(actions, width, false);
      expect(bytes).toBe(strings);
    }
  });
});
