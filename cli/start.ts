// What `npm start` runs until the local stack lands: validate, age and plan on the demo ledger.
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_AS_OF } from '../examples/generate-demo.js';
import { main } from './main.js';

// Relative to where npm start runs (the package root), so messages show a short path.
const ledger = relative(process.cwd(), fileURLToPath(new URL('../examples/demo-ledger', import.meta.url)));
const steps: { title: string; args: string[] }[] = [
  { title: 'Check every row of every tab', args: ['validate', '--ledger', ledger] },
  { title: 'Age open items by days past due', args: ['age', '--ledger', ledger, '--as-of', DEMO_AS_OF] },
  {
    title: "Plan the day's reminders, calls and letters",
    args: ['plan', '--ledger', ledger, '--as-of', DEMO_AS_OF],
  },
];

const rule = '='.repeat(78);
process.stdout.write(
  `${rule}
Duebook demo (no backend yet: this runs the CLI on the demo ledger)
  ledger: ${ledger}/*.csv (same data as examples/demo-ledger.xlsx)
  as of:  ${DEMO_AS_OF}, the day the demo's story stands at
  steps:  validate, age, plan
Run any step yourself, e.g.  npx duebook plan --ledger ${ledger} --as-of ${DEMO_AS_OF} --json
All commands and flags:      npx duebook --help
${rule}
`,
);

let exitCode = 0;
for (const [i, step] of steps.entries()) {
  process.stdout.write(`\n--- ${i + 1}/${steps.length} ${step.title}: duebook ${step.args.join(' ')}\n\n`);
  const code = await main(step.args);
  if (code !== 0) {
    process.stderr.write(`duebook ${step.args[0]} exited with ${code}\n`);
    exitCode = code;
  }
}
process.stdout.write(
  `\n${rule}\nDone. Edit the CSV files under ${ledger}/ and run npm start again to see the effect.\n`,
);
process.exitCode = exitCode;
