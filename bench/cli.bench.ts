// The CLI's start: `duebook --version` through the bin (the prebuilt dist/cli when current) against
// starting `node -e 0`, each a whole process from spawn to exit.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compare } from './harness.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function processRun(args: string[]): () => void {
  return () => {
    const res = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${res.stderr}`);
  };
}

export async function runCliBenchmarks(): Promise<void> {
  const { buildCli } = await import('../scripts/build-cli.js');
  await buildCli();
  compare(
    'cli.start_vs_node',
    processRun(['bin/duebook.js', '--version']),
    processRun(['-e', '0']),
    {
      aim: '<= 2',
      note: 'duebook --version through bin/duebook.js (prebuilt dist/cli) vs node -e 0, whole processes',
    },
    11,
  );
}
