// The customer panel's "Release the credit hold": asks the backend to lift it (core's clerkRelease:
// the credit contact told once, the release recorded), then clears the flag on the Customers row.
import { createApiClient, ok } from './api-client.js';
import type { CreditHoldReleased } from './contract.js';
import { AddonError } from './errors.js';
import type { Gas } from './gas.js';
import { readSettings } from './settings.js';
import { setFlag } from './sidebar.js';

export function releaseCreditHold(
  gas: Gas,
  input: { customerId: string; note?: string },
): CreditHoldReleased {
  const customerId = String(input?.customerId ?? '').trim();
  if (!customerId)
    throw new AddonError('invalid', 'Select a customer first.', 'CREDIT_HOLD.NO_CUSTOMER', [
      { field: 'customerId', message: 'select a customer row' },
    ]);
  const note = String(input.note ?? '').trim();
  if (note.length > 500)
    throw new AddonError('invalid', 'The reason is at most 500 characters.', 'CREDIT_HOLD.NOTE', [
      { field: 'note', message: 'at most 500 characters' },
    ]);
  const api = createApiClient(gas, readSettings(gas).backendUrl);
  const body = ok(
    api.one({
      method: 'post',
      path: '/v1/credit-holds/release',
      body: { customerId, ...(note ? { note } : {}) },
    }),
    'Releasing the credit hold',
  ) as {
    result?: string;
    notice?: string;
    notifiedTo?: string;
    waiting?: string;
    customerName?: string;
  };
  // The backend has recorded it; the sheet's flag is the clerk's to clear, and this is the clerk.
  setFlag(gas, { customerId, flag: 'credit-hold', on: false });
  const name = body.customerName ?? customerId;
  const told =
    body.notice === 'notified'
      ? `The credit contact (${body.notifiedTo}) was told.`
      : body.notice === 'already-done'
        ? 'It had been released before; nobody was told twice.'
        : `The credit contact is not told yet: ${body.waiting ?? 'the notice waits in the review queue'}.`;
  return {
    customerId,
    result: body.result === 'already-released' ? 'already-released' : 'released',
    message: `Credit hold released for ${name}. ${told}`,
  };
}
