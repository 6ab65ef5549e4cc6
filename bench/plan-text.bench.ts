// The plan's text table alone (cli/action-table.ts through cli/plan-text.ts): the actions of a plan of
// a generated CSV ledger are collected once, then each round adds them to a new PlannedActionTable
// and writes the whole plan's text to a sink that keeps nothing; prints each round's CPU time for the
// adding and for the writing, and the bytes written with their md5 (to compare builds), at the
// default width of output that is not a terminal (100) and with `--wide`.
// Run alone with `nice node --expose-gc --import tsx bench/plan-text.bench.ts [1m|100k] [rounds]`.
import { cpuUsage } from 'node:process';
import { PlannedActionTable } from '../cli/action-table.js';
import { TextBytes } from '../cli/io.js';
import { writePlan } from '../cli/plan-text.js';
import { outputWidth } from '../cli/table.js';
import { AS_OF, countingSink, planActions } from './plan-actions.js';

const size = process.argv[2] === '100k' ? 100_000 : 1_000_000;
const rounds = Number(process.argv[3] ?? 7);

const { plan, actions } = await planActions(size);

const ms = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;

/** One whole plan's text at `width`: CPU ms to add the rows and to write them, and the bytes. */
function round(width: number, hash: boolean) {
  const { io, bytes, md5 } = countingSink(hash);
  // The last round's table collected first, so each round's figures are its own.
  (globalThis as { gc?: () => void }).gc?.();
  const c0 = cpuUsage();
  const table = new PlannedActionTable(AS_OF, width, false);
  for (const a of actions) table.add(a);
  const c1 = cpuUsage();
  const text = new TextBytes(io);
  writePlan(plan, `${AS_OF} 09:00 America/New_York`, width, false, text, table);
  text.end();
  const c2 = cpuUsage();
  return { bytes: bytes(), md5: md5(), addMs: ms(c1) - ms(c0), writeMs: ms(c2) - ms(c1) };
}

for (const [name, width] of [
  ['default width', outputWidth(false, undefined)],
  ['--wide', outputWidth(true)],
] as const) {
  const first = round(width, true);
  console.log(`${name}: ${actions.length} actions, ${first.bytes} bytes, md5 ${first.md5}`);
  const add: number[] = [];
  const write: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = round(width, false);
    add.push(t.addMs);
    write.push(t.writeMs);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!.toFixed(0);
  console.log(`  add CPU ms: ${add.map((m) => m.toFixed(0)).join(' ')}; median ${med(add)}`);
  console.log(`  write CPU ms: ${write.map((m) => m.toFixed(0)).join(' ')}; median ${med(write)}`);
}
