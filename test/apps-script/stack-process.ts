// Runs the local stack in its own process for the add-on tests: the fake UrlFetchApp blocks the
// test's thread while it waits (as Apps Script does), so the API must not share that thread.
// Prints one line `READY {json}` with the API address and ID tokens, and stops on SIGTERM.
import { startLocalStack } from '../../lambdas/local/stack.js';

const stack = await startLocalStack({ tenantId: 'addon-office', clerkEmail: 'clerk@example.com' });
const info = {
  apiUrl: stack.apiUrl,
  token: await stack.token(),
  forgedToken: await stack.identity.signForgedIdToken({ email: stack.clerkEmail }),
  strangerToken: await stack.token('stranger@example.com'),
};
process.stdout.write(`READY ${JSON.stringify(info)}\n`);
const stop = () => {
  stack.stop().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
