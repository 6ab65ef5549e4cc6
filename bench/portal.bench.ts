// The debtor's self-service page against the status route, on the local stack (DynamoDB Local): the
// page's server answer (token check, account read, render) at most 2x `GET /v1/status` for the same
// customer (`portal.page_vs_status`), and its first load in bytes (HTML+CSS+JS, no script at all).
import { syncLedger } from '../cli/sync-client.js';
import { startLocalStack } from '../lambdas/local/stack.js';
import { compareAsync } from './harness.js';

export async function runPortalBenchmarks(): Promise<void> {
  const clock = new Date('2026-11-23T14:05:00Z');
  const stack = await startLocalStack({ tenantId: 'bench-portal', now: () => clock });
  try {
    const invoices: unknown[][] = [
      ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
    ];
    // An account a clerk would recognise as busy: 40 open invoices falling due over October.
    for (let i = 0; i < 40; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      invoices.push([`BI-${i}`, 'B-1', `2026-09-${day}`, `2026-10-${day}`, `${100 + i}.25`, 'USD']);
    }
    await syncLedger(
      stack.apiUrl,
      { idToken: await stack.token() },
      {
        Customers: [
          ['Customer ID', 'Name', 'Email', 'Time Zone', 'Dunning'],
          ['B-1', 'Bench Debtor', 'bench@example.com', 'America/New_York', 'catch-up'],
        ],
        Invoices: invoices,
      },
    );
    await stack.runDay();
    await stack.dispatch();
    await stack.drain();
    const [message] = await stack.store.messages(stack.tenantId, 'B-1');
    const portal = /^See your account[^:]*: (\S+)$/m.exec(message!.text)![1]!;
    const status = `${stack.apiUrl}/v1/status?customers=B-1`;
    const headers = { 'x-api-key': stack.apiKey };
    let bytes = 0;
    await compareAsync(
      'portal.page_vs_status',
      async () => {
        const res = await fetch(portal);
        bytes = (await res.arrayBuffer()).byteLength;
      },
      async () => {
        await (await fetch(status, { headers })).arrayBuffer();
      },
      { aim: '<= 2', note: 'one customer with 40 open invoices, DynamoDB Local; subject: GET /v1/portal' },
      21,
    );
    console.log(
      JSON.stringify({
        name: 'portal.first_load_bytes',
        subject_ms: 0,
        baseline_ms: 0,
        ratio: Number((bytes / (50 * 1024)).toFixed(3)),
        bytes,
        aim: '<= 1 (50 KB of HTML+CSS+JS; the page loads no script)',
      }),
    );
  } finally {
    await stack.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runPortalBenchmarks();
