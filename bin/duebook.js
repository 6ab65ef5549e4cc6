#!/usr/bin/env node
// The `duebook` bin: runs the prebuilt CLI (dist/cli, built by `npm install` and `npm test`) when
// it is current, so a start compiles no TypeScript; if it is missing, or a source it was built from
// has changed since, it runs the TypeScript sources through tsx instead.
import { readFileSync, statSync } from 'node:fs';

const root = new URL('..', import.meta.url);

function builtCliIsCurrent() {
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(new URL('dist/cli/inputs.json', root), 'utf8'));
    if (!Array.isArray(inputs) || inputs.length === 0) return false;
    for (const file of inputs) if (statSync(new URL(file, root)).mtimeMs > builtAt) return false;
    return true;
  } catch {
    return false;
  }
}

let main;
if (builtCliIsCurrent()) {
  ({ main } = await import(new URL('dist/cli/main.js', root).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
