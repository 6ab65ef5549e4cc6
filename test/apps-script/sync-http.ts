// Synchronous HTTP for the fake UrlFetchApp: a worker thread does the real requests (loopback only)
// while the caller blocks in Atomics.wait, as Apps Script's UrlFetchApp blocks the script.
import { Worker } from 'node:worker_threads';

export interface SyncRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export type SyncResponse =
  | { ok: true; status: number; headers: Record<string, string>; body: string }
  | { ok: false; error: string };

const WORKER = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
function one(r) {
  return new Promise((resolve) => {
    const req = http.request(r.url, { method: r.method, headers: r.headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ ok: true, status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => resolve({ ok: false, error: String(e.message || e) }));
    });
    req.setTimeout(60000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ ok: false, error: String(e.code || e.message || e) }));
    if (r.body) req.write(Buffer.from(r.body));
    req.end();
  });
}
parentPort.on('message', async ({ shared, requests }) => {
  const results = await Promise.all(requests.map(one));
  const flag = new Int32Array(shared, 0, 2);
  const bytes = Buffer.from(JSON.stringify(results), 'utf8');
  const out = new Uint8Array(shared, 8);
  if (bytes.length > out.length) {
    const msg = Buffer.from(JSON.stringify(results.map(() => ({ ok: false, error: 'response too large for the fake' }))));
    out.set(msg);
    flag[1] = msg.length;
  } else {
    out.set(bytes);
    flag[1] = bytes.length;
  }
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

export class SyncHttp {
  private worker: Worker;
  private shared = new SharedArrayBuffer(8 + 64 * 1024 * 1024);

  constructor() {
    this.worker = new Worker(WORKER, { eval: true });
    this.worker.unref();
  }

  /** Performs the requests concurrently and returns when all have answered. */
  all(requests: SyncRequest[]): SyncResponse[] {
    for (const r of requests) {
      const host = new URL(r.url).hostname;
      if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') {
        // Nothing may leave loopback; Apps Script would answer a DNS failure much like this.
        return requests.map(() => ({ ok: false, error: `not a loopback address: ${host}` }));
      }
    }
    const flag = new Int32Array(this.shared, 0, 2);
    Atomics.store(flag, 0, 0);
    this.worker.postMessage({ shared: this.shared, requests });
    const waited = Atomics.wait(flag, 0, 0, 120_000);
    if (waited === 'timed-out') throw new Error('fake UrlFetchApp: no answer within 120 s');
    const text = Buffer.from(new Uint8Array(this.shared, 8, flag[1])).toString('utf8');
    return JSON.parse(text) as SyncResponse[];
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
