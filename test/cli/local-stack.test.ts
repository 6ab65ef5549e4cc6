// `npm start` and `duebook run` as a user meets them: real child processes, real local parts.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);

/** DynamoDB Local processes listening on `port` (other test files may run their own meanwhile). */
function javaOnPort(port: string): Promise<number> {
  return run('sh', [
    '-c',
    `ps -eo args | grep "[D]ynamoDBLocal" | grep -c -- "-port ${port}\\b" || true`,
  ]).then((r) => Number(r.stdout.trim()));
}

function waitFor(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}; output so far:\n${out}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (pattern.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!pattern.test(out)) reject(new Error(`exited ${code} before ${pattern}:\n${out}`));
    });
  });
}

describe('local stack', () => {
  describe('npm start', () => {
    it('starts everything, runs the demo day in review mode, says where to look, sends what the clerk approves, and stops cleanly on Ctrl-C', async () => {
      // Prepare
      const child = spawn(process.execPath, ['--import', 'tsx', 'cli/start.ts'], {
        cwd: ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      // Act
      const out = await waitFor(child, /^Ready\.$/m, 150_000);
      const api = /The API: +(http:\/\/127\.0\.0\.1:\d+)\//.exec(out)![1]!;
      const inbox = /web inbox\): +(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)![1]!;
      const dynamoPort = /DynamoDB Local holds the data in memory \(table duebook-local, port (\d+)/.exec(
        out,
      )![1]!;
      const javaWhileRunning = await javaOnPort(dynamoPort);
      const health = await fetch(`${api}/health`);
      const root = await fetch(`${api}/`);
      const rootPage = await root.text();
      const before = (await (await fetch(`${inbox}store`)).json()) as { emails: unknown[] };
      const waiting = Number(/(\d+) emails await approval/.exec(out)?.[1]);
      child.stdin!.write('\n');
      const approved = await waitFor(child, /Open the web inbox to read them/, 120_000);
      const after = (await (await fetch(`${inbox}store`)).json()) as { emails: unknown[] };
      const exited = new Promise<number | null>((r) => child.on('exit', r));
      child.kill('SIGINT');
      const code = await exited;
      // Assess
      expect(out).toMatch(/Emails sent: 0\n/);
      expect(waiting).toBeGreaterThan(5);
      expect(out).toContain('Aging summary as of 2026-11-23');
      // Only addresses a person can open are printed as URLs.
      expect(out).not.toMatch(new RegExp(`http://127\\.0\\.0\\.1:${dynamoPort}`));
      expect(health.status).toBe(200);
      expect(root.status).toBe(200);
      expect(root.headers.get('content-type')).toContain('text/html');
      expect(rootPage).toContain('Duebook API');
      expect(rootPage).toContain('/v1/queue');
      expect(rootPage).toContain(inbox);
      expect(before.emails).toEqual([]);
      expect(approved).toContain(`Approved ${waiting} emails.`);
      expect(approved).toMatch(new RegExp(`Emails sent: ${waiting}\\b`));
      expect(after.emails).toHaveLength(waiting);
      expect(code).toBe(0);
      expect(javaWhileRunning).toBeGreaterThan(0);
      expect(await javaOnPort(dynamoPort)).toBe(0);
    }, 300_000);
  });

  describe('duebook run', () => {
    it('sends nothing new when the same day runs twice, and only what became due the next day', async () => {
      const data = join(mkdtempSync(join(tmpdir(), 'duebook-run-')), 'db');
      const day = async (asOf: string) =>
        JSON.parse(
          (
            await run(
              process.execPath,
              [
                'bin/duebook.js',
                'run',
                '--ledger',
                'examples/demo-ledger',
                '--as-of',
                asOf,
                '--data',
                data,
                '--json',
              ],
              {
                cwd: ROOT,
                maxBuffer: 50 * 1024 * 1024,
              },
            )
          ).stdout,
        ) as {
          emails: { destination: { to: string[] }; sentAt?: string; localTime?: string }[];
          run: { recorded: number; accountsRecomputed: number };
        };
      const first = await day('2026-11-23');
      const again = await day('2026-11-23');
      const next = await day('2026-11-24');
      expect(first.emails.length).toBeGreaterThan(5);
      expect(again.emails).toEqual([]);
      expect(again.run.recorded).toBe(0);
      // The first run's sync markers were settled and cleared: a rerun recomputes nothing.
      expect(first.run.accountsRecomputed).toBeGreaterThan(30);
      expect(again.run.accountsRecomputed).toBe(0);
      // Every email carries its send instant and the debtor's wall clock, inside 08:00-21:00.
      for (const e of first.emails) {
        expect(e.sentAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        const hour = Number(/ (\d{2}):\d{2} /.exec(e.localTime ?? '')?.[1]);
        expect(hour).toBeGreaterThanOrEqual(8);
        expect(hour).toBeLessThan(21);
      }
      const firstTo = new Set(first.emails.map((e) => e.destination.to[0]));
      expect(next.emails.length).toBeLessThan(first.emails.length);
      expect(next.emails.every((e) => !firstTo.has(e.destination.to[0]))).toBe(true);
    }, 400_000);
  });
});
