// What tests of a running local stack (lambdas/local/stack.ts) do over HTTP, as the add-on and a
// debtor's browser would: call the API signed in, follow links from the emails, post the portal's forms.
import { expect } from 'vitest';
import type { LocalStack } from '../../../lambdas/local/stack.js';

/** An API answer: the status and the body, parsed when it is JSON. */
export interface StackAnswer {
  status: number;
  body: ReturnType<typeof JSON.parse>;
}

/**
 * `api(path, init)` for the stack's API, signed in as the stack's clerk (or with `init.token`);
 * JSON bodies are sent as `application/json`, and `init.headers` add to the defaults.
 */
export function stackApi(stack: Pick<LocalStack, 'apiUrl' | 'token'>) {
  return async (path: string, init: RequestInit & { token?: string } = {}): Promise<StackAnswer> => {
    const token = init.token ?? (await stack.token());
    const res = await fetch(`${stack.apiUrl}${path}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        ...((init.headers as Record<string, string> | undefined) ?? {}),
      },
    });
    const text = await res.text();
    return { status: res.status, body: /^\s*[{[]/.test(text) ? JSON.parse(text) : text };
  };
}

/** The link labelled `label` (a `Label: URL` line) in the first archived email to the customer. */
export async function emailLinkIn(
  stack: Pick<LocalStack, 'store' | 'tenantId'>,
  customerId: string,
  label: string,
): Promise<string> {
  const [message] = await stack.store.messages(stack.tenantId, customerId);
  expect(message, `an email to ${customerId}`).toBeDefined();
  const line = message!.text.split('\n').find((l) => l.startsWith(`${label}: `));
  expect(line, `"${label}" in the email to ${customerId}`).toBeDefined();
  return line!.slice(label.length + 2).trim();
}

/** A page fetched as a browser would, without following a redirect. */
export const getPage = (url: string) => fetch(url, { redirect: 'manual' });

/** A form posted as a browser would (urlencoded), without following the redirect it answers. */
export const postForm = (url: string, form: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });

/**
 * The sync that removes a customer from the sheet with every row still naming it (listed in
 * `alsoDeleted`, as the add-on sends them), so the customer's deletion is not refused.
 */
export async function removeCustomerWithRows(
  stack: Pick<LocalStack, 'apiUrl' | 'token' | 'store' | 'tenantId'>,
  customerId: string,
): Promise<StackAnswer> {
  const alsoDeleted: Record<string, string[]> = {};
  for (const r of await stack.store.customerRows(stack.tenantId, customerId))
    if (r.tab !== 'Customers') alsoDeleted[r.tab] = [...(alsoDeleted[r.tab] ?? []), r.rowId];
  return stackApi(stack)('/v1/sync', {
    method: 'POST',
    body: JSON.stringify({
      tab: 'Customers',
      header: ['Customer ID', 'Name'],
      columns: [[], []],
      rowNumbers: [],
      deleted: [customerId],
      alsoDeleted,
    }),
  });
}
