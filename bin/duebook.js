#!/usr/bin/env node
// The `duebook` bin: registers tsx's ESM loader so the TypeScript CLI runs without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
