// The plan's JSON writer alone (cli/json-bytes.ts, cli/plan-action-json.ts): the actions of a plan
// of a generated CSV ledger are collected once, then written again and again to a sink that keeps
// nothing; prints each round's CPU time and the bytes written (and their md5, to compare builds).
// Run alone with `nice node --import tsx bench/plan-json.bench.ts [1m|100k] [rounds]`.
import { cpuUsage } from 'node:process';
import type { PlannedAction } from '../core/collections/collection-plan.js';
import { DEFAULT_POLICY } from '../core/collections/dunning-policy.js';
import { AS_OF, countingSink, planActions } from './plan-actions.js';

// Another copy of the two writers (e.g. a commit's, to compare): `PLAN_JSON_WRITER=<folder>`.
const from = process.env.PLAN_JSON_WRITER ?? '../cli';
const { streamJsonBytes } = (await import(`${from}/json-bytes.js`)) as typeof import('../cli/json-bytes.js');
const { writePlannedAction } = (await import(
  `${from}/plan-action-json.js`
)) as typeof import('../cli/plan-action-json.js');

const size = process.argv[2] === '100k' ? 100_000 : 1_000_000;
const rounds = Number(process.argv[3] ?? 7);

const { plan, actions } = await planActions(size);

/** Each summary in two halves, joined again as each action is written. */
const halves = actions.map((a) => {
  const s = a.explanation.summary;
  return [s.slice(0, s.length >> 1), s.slice(s.length >> 1)] as const;
});

/** One whole plan written; the bytes counted (and hashed when `hash`). */
function write(hash: boolean) {
  const { io, bytes, md5 } = countingSink(hash);
  const stream = streamJsonBytes<PlannedAction>(
    { asOf: AS_OF, policyVersion: DEFAULT_POLICY.version },
    'actions',
    io,
    writePlannedAction,
  );
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i]!;
    // A summary made by concatenation and an action made just before it is written, as the planner
    // makes them: a writer that met only flat strings held long would miss the cost the CLI meets.
    const [head, tail] = halves[i]!;
    stream.push({ ...a, explanation: { ...a.explanation, summary: head + tail } });
  }
  const c0 = cpuUsage();
  stream.end({ ...plan });
  const c = cpuUsage(c0);
  return { bytes: bytes(), md5: md5(), endMs: (c.user + c.system) / 1000 };
}

const first = write(true);
console.log(`${actions.length} actions, ${first.bytes} bytes, md5 ${first.md5}`);
const ms: number[] = [];
const endMs: number[] = [first.endMs];
for (let r = 0; r < rounds; r++) {
  const c0 = cpuUsage();
  endMs.push(write(false).endMs);
  const c = cpuUsage(c0);
  ms.push((c.user + c.system) / 1000);
}
const sorted = [...ms].sort((a, b) => a - b);
console.log(
  `writer CPU ms per plan: ${ms.map((m) => m.toFixed(0)).join(' ')}; min ${sorted[0]!.toFixed(0)}, median ${sorted[sorted.length >> 1]!.toFixed(0)}`,
);
console.log(
  `of which the members after the actions (blocked, ...), first plan then each round: ${endMs.map((m) => m.toFixed(0)).join(' ')} ms`,
);
