// Runs the local stack in its own process for the add-on tests: the fake UrlFetchApp blocks the
// test's thread while it waits (as Apps Script does), so the API must not share that thread.
// Prints one line `READY {json}` with the API address and ID tokens, and stops on SIGTERM.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocalStack } from '../../lambdas/local/stack.js';

const stack = await startLocalStack({ tenantId: 'addon-office', clerkEmail: 'clerk@example.com' });
// For assertions on what the backend stored: GET /rows?customer=ID answers the customer's stored
// rows (every tab) as JSON, read straight from the store.
const inspect = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const customer = url.searchParams.get('customer');
  if (url.pathname !== '/rows' || !customer) {
    res.writeHead(404).end();
    return;
  }
  stack.store
    .customerRows(stack.tenantId, customer)
    .then((rows) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rows));
    })
    .catch((e: unknown) => {
      res.writeHead(500).end(String(e));
    });
});
await new Promise<void>((resolve) => inspect.listen(0, '127.0.0.1', resolve));
const info = {
  inspectUrl: `http://127.0.0.1:${(inspect.address() as AddressInfo).port}`,
  apiUrl: stack.apiUrl,
  token: await stack.token(),
  forgedToken: await stack.identity.signForgedIdToken({ email: stack.clerkEmail }),
  strangerToken: await stack.token('stranger@example.com'),
  // Issue #17: a colleague the stranger invites once it has created its own office.
  colleagueToken: await stack.token('colleague@example.com'),
};
process.stdout.write(`READY ${JSON.stringify(info)}\n`);
const stop = () => {
  inspect.close();
  stack.stop().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
