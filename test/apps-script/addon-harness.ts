// Test harness: builds the add-on once, runs the built Code.js in node:vm with the strict fake as
// its globals, and starts the local stack in a child process.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { buildAddon } from '../../scripts/build-addon.js';
import { FakeGas, type FakeGasOptions } from './fake-gas.js';

const ROOT = new URL('../..', import.meta.url).pathname;

export interface BuiltBundle {
  code: string;
  pages: Record<string, string>;
}

/**
 * Builds the add-on into a temporary folder (each test file its own, so parallel files never race),
 * for `backendUrl` when given: the only address its Settings accept, as the manifest's allowlist.
 */
export async function buildBundle(
  options: { skipUi?: boolean; backendUrl?: string } = {},
): Promise<BuiltBundle> {
  const outDir = mkdtempSync(join(tmpdir(), 'duebook-addon-'));
  const built = await buildAddon({
    outDir,
    skipUi: options.skipUi ?? false,
    ...(options.backendUrl ? { backendUrl: options.backendUrl } : {}),
  });
  const pages: Record<string, string> = {};
  for (const name of built.pages) pages[name] = readFileSync(join(outDir, `${name}.html`), 'utf8');
  return { code: readFileSync(built.codePath, 'utf8'), pages };
}

export interface LoadedAddon {
  gas: FakeGas;
  /** True when the bundle defines a global function of that name (what Apps Script can call). */
  has(name: string): boolean;
  /** Calls a global function of the bundle, as Apps Script would. */
  call<T = unknown>(name: string, ...args: unknown[]): T;
  /** The bundle's clock (`Date.now()` inside the sandbox), in ms. */
  clock: { now: number };
}

export function loadAddon(
  bundle: BuiltBundle,
  options: Omit<FakeGasOptions, 'DateCtor' | 'pages'> = {},
): LoadedAddon {
  const context = createContext({});
  const DateCtor = runInContext('Date', context) as DateConstructor;
  const gas = new FakeGas({ ...options, DateCtor, pages: bundle.pages });
  const clock = { now: Date.now() };
  Object.assign(context, gas.globals(), { __clock: () => clock.now });
  runInContext('Date.now = function () { return __clock(); };', context);
  runInContext(bundle.code, context, { filename: 'Code.js' });
  return {
    gas,
    clock,
    has: (name) => typeof (context as Record<string, unknown>)[name] === 'function',
    call<T>(name: string, ...args: unknown[]): T {
      const fn = (context as Record<string, unknown>)[name];
      if (typeof fn !== 'function') throw new Error(`the bundle has no global function ${name}`);
      return (fn as (...a: unknown[]) => T)(...args);
    },
  };
}

export const DEMO_DIR = join(ROOT, 'examples', 'demo-ledger');

export interface StoredRow {
  tab: string;
  rowId: string;
  customerId: string;
  fields: Record<string, unknown>;
}

export interface StackProcess {
  apiUrl: string;
  /** The rows the backend holds for a customer (every tab), read from its store. */
  customerRows(customerId: string): Promise<StoredRow[]>;
  token: string;
  forgedToken: string;
  strangerToken: string;
  /** colleague@example.com, no office until invited (issue #17). */
  colleagueToken: string;
  stop(): Promise<void>;
}

export function startStackProcess(): Promise<StackProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/apps-script/stack-process.ts'],
    {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`local stack did not start:\n${out}`)), 110_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /^READY (.*)$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      const { inspectUrl, ...info } = JSON.parse(m[1]!) as Omit<StackProcess, 'stop' | 'customerRows'> & {
        inspectUrl: string;
      };
      resolve({
        ...info,
        customerRows: async (customerId) => {
          const res = await fetch(`${inspectUrl}/rows?customer=${encodeURIComponent(customerId)}`);
          if (!res.ok) throw new Error(`stored rows of ${customerId}: ${res.status} ${await res.text()}`);
          return (await res.json()) as StoredRow[];
        },
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local stack exited with ${code}:\n${out}`));
    });
  });
}
