// What each handler does with the ledger table, read from its code paths through LedgerStore; the
// stack grants exactly this and test/infra pins it, so a new store call needs a deliberate change here.
import type { HandlerName } from './duebook-function.js';
import type { LedgerAccess } from './ledger-table.js';

/**
 * Every handler reads and writes single items and batches (none deletes an item or scans); where
 * they differ is which keys and indexes they may Query.
 */
const ITEM_READS_AND_WRITES = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:BatchWriteItem',
] as const;

export const LEDGER_ACCESS: Record<HandlerName, LedgerAccess> = {
  // Auth (apiKeyTenant, membership), settings, getOutbox before an approval, getRow (the claim of
  // an appeal letter, the Customers row a placement patches): GetItem.
  // Sync (existingRowIds, syncRows' stored hashes) and status (accounts): BatchGetItem.
  // syncRows' row puts and row deletes: BatchWriteItem. The pending-recompute marker a sync leaves,
  // postRowOnce's transaction of Puts, suppress (one-click unsubscribe): PutItem.
  // Queue approve/skip (transitionOutbox), POST /v1/settings (changeSettings): UpdateItem.
  // An approved hand-over: patchCustomerRow and its pending marker (PutItem), the placement's
  // Activity row (logActivity: BatchGetItem, BatchWriteItem, PutItem).
  // Query: pending markers (table), customerRows for postings, status, letters and placements
  // (byCustomer), reviewQueue (open), the message archive of GET /v1/messages (table). The review
  // queue's previews compose with the sender's code (getAccount, suppressedEmails: items only).
  api: {
    items: [...ITEM_READS_AND_WRITES],
    query: ['table', 'byCustomer', 'open'],
  },
  // The office worker (one office's plan or dispatch per message). Its run claim: GetItem, and
  // finishRun: UpdateItem. Settings, getOutbox before a hand-over is recorded: GetItem. suppressedEmails: BatchGetItem.
  // putOutboxOnce and the recomputed snapshots (putAccount): PutItem. transitionOutbox (dispatch): UpdateItem. Settled pending markers are
  // removed with BatchWriteItem. Query: pending markers (table), customerRows of pending customers
  // and of hand-over candidates (byCustomer), openAccounts and dueForDispatch (open).
  'daily-run': {
    items: [...ITEM_READS_AND_WRITES],
    query: ['table', 'byCustomer', 'open'],
  },
  // getOutbox, getAccount, isSuppressed, settings: GetItem. transitionOutbox: UpdateItem.
  // currentAccount: the tenant's pending-recompute markers (Query on the table's own keys), so a
  // message never goes out on a stale address or flags.
  // logActivity after a send: syncRows (BatchGetItem, BatchWriteItem), then the customer's snapshot
  // (customerRows on byCustomer, putAccount: PutItem). Statements read customerRows too.
  sender: {
    items: [...ITEM_READS_AND_WRITES],
    query: ['table', 'byCustomer'],
  },
  // The quarter-hour tick: the office registry (offices: Query on the table's own keys), the plan
  // claims (claimRun: PutItem; releaseRun, markPlanned: UpdateItem).
  tick: {
    items: [...ITEM_READS_AND_WRITES],
    query: ['table'],
  },
  // Send events: recordSent (transitionOutbox: UpdateItem; logActivity as the sender's; settings:
  // GetItem). Bounces and complaints: suppress and openTrace (PutItem). The office's daily mail
  // counters (MailStandingStore.count: UpdateItem; days: Query on the table's own keys) and its pause.
  'ses-events': {
    items: [...ITEM_READS_AND_WRITES],
    query: ['table', 'byCustomer'],
  },
  // Inbound replies (lambdas/replies): the reply refs (GetItem), the reply task (putOutboxOnce:
  // PutItem), the tracking event (PutItem), the Activity row (logActivity: BatchGetItem,
  // BatchWriteItem, PutItem; the customer's rows on byCustomer), settings (GetItem); pending markers (table).
  replies: {
    items: [...ITEM_READS_AND_WRITES],
    query: ['table', 'byCustomer'],
  },
};
