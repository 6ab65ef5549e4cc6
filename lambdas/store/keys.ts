// DynamoDB key layout for the one Duebook table. Every key starts from the verified tenant id.
import { createHash } from 'node:crypto';
import type { TabName } from '../../core/ledger/schema.js';

/** Attribute names of the table and its indexes (the CDK stack defines the same). */
export const TABLE = {
  pk: 'pk',
  sk: 'sk',
  /** byCustomer index: every ledger row of one customer, for recomputing that customer alone. */
  byCustomer: { name: 'byCustomer', pk: 'gpk1', sk: 'gsk1' },
  /** open index (sparse): only accounts with an open balance or a next action. */
  open: { name: 'open', pk: 'gpk2', sk: 'gsk2' },
  /** Time-to-live attribute, set only on ephemeral items (idempotency records). */
  ttl: 'expiresAt',
} as const;

/** Shards of the open index per tenant: a tenant's accounts spread over this many partitions. */
export const OPEN_SHARDS = 8;

const TENANT_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Throws unless `tenantId` is a well-formed tenant id; keys are never built from anything else. */
export function assertTenantId(tenantId: string): void {
  if (!TENANT_ID.test(tenantId)) throw new RangeError(`not a tenant id: ${JSON.stringify(tenantId)}`);
}

const enc = (part: string) => part.replace(/%/g, '%25').replace(/#/g, '%23');

/** A ledger row: one partition per row, so one tenant's sync writes spread over many partitions. */
export function rowKey(tenantId: string, tab: TabName, rowId: string) {
  assertTenantId(tenantId);
  return { pk: `T#${tenantId}#${tab}#${enc(rowId)}`, sk: 'ROW' };
}

export function customerCollection(tenantId: string, customerId: string): string {
  assertTenantId(tenantId);
  return `T#${tenantId}#C#${enc(customerId)}`;
}

/** The account snapshot of one customer: what the daily run and the status write-back read. */
export function accountKey(tenantId: string, customerId: string) {
  return { pk: customerCollection(tenantId, customerId), sk: 'ACCOUNT' };
}

export function openShardKey(tenantId: string, shard: number): string {
  assertTenantId(tenantId);
  return `T#${tenantId}#OPEN#${shard}`;
}

export function shardOf(customerId: string): number {
  return createHash('sha1').update(customerId).digest()[0]! % OPEN_SHARDS;
}

/** Outbox entry: one per tenant, customer, stage, channel and dunning cycle, so nothing sends twice. */
export function outboxKey(
  tenantId: string,
  customerId: string,
  stage: string,
  channel: string,
  cycle: string,
) {
  return { pk: `${customerCollection(tenantId, customerId)}#OUT`, sk: `${enc(stage)}#${channel}#${cycle}` };
}

/**
 * The archived copy of a message sent: one per outbox entry (same sort key), in its own partition
 * of the customer's collection, kept for the retention period (Reg F 12 CFR 1006.100).
 */
export function messageKey(
  tenantId: string,
  customerId: string,
  stage: string,
  channel: string,
  cycle: string,
) {
  return {
    pk: `${customerCollection(tenantId, customerId)}#MSG`,
    sk: outboxKey(tenantId, customerId, stage, channel, cycle).sk,
  };
}

/** Partition of the sparse index holding a tenant's outbox entries that await review. */
export function reviewPartition(tenantId: string): string {
  assertTenantId(tenantId);
  return `T#${tenantId}#REVIEW`;
}

/** Partition of the sparse index holding planned emails waiting for their contact window. */
export function dispatchPartition(tenantId: string): string {
  assertTenantId(tenantId);
  return `T#${tenantId}#DISPATCH`;
}

/** The cursor of an office's daily sweep for rows naming another customer's item (sweep-store.ts). */
export function sweepKey(tenantId: string) {
  assertTenantId(tenantId);
  return { pk: `T#${tenantId}#SWEEP`, sk: 'CROSS-CUSTOMER' };
}

/**
 * Partition of a tenant's pending-recompute markers: each sync chunk leaves one item naming the
 * customers whose snapshots its rows made stale; the daily run recomputes them and clears it.
 */
export function pendingPartition(tenantId: string): string {
  assertTenantId(tenantId);
  return `T#${tenantId}#PENDING`;
}

export function suppressionKey(tenantId: string, email: string) {
  assertTenantId(tenantId);
  return { pk: `T#${tenantId}#SUP#${email.trim().toLowerCase()}`, sk: 'SUP' };
}

/** A trace task, sorted by when it was opened (`<openedAt>#<messageId>`). */
export function traceKey(tenantId: string, customerId: string, sk: string) {
  return { pk: `${customerCollection(tenantId, customerId)}#TRACE`, sk };
}

/**
 * The marker of an address with an open trace task of the customer (`taskSk` names the task): one
 * open task per customer and address (lambdas/store/trace-tasks.ts). Closing a task deletes it.
 */
export function openTraceMarkerKey(tenantId: string, customerId: string, address: string) {
  return { pk: `${customerCollection(tenantId, customerId)}#TRACEOPEN`, sk: address || '(no address)' };
}

export function idempotencyKey(tenantId: string, scope: string, clientKey: string) {
  assertTenantId(tenantId);
  return { pk: `T#${tenantId}#IDEM#${scope}#${enc(clientKey)}`, sk: 'IDEM' };
}

export function settingsKey(tenantId: string) {
  assertTenantId(tenantId);
  return { pk: `T#${tenantId}#SETTINGS`, sk: 'SETTINGS' };
}

/**
 * The office registry: one small item per office (tenant id and time zone) in one partition, which
 * the quarter-hour tick reads whole; see lambdas/store/office-store.ts for why not an index.
 */
export const OFFICE_REGISTRY_PK = 'OFFICES';

export function officeRegistryKey(tenantId: string) {
  assertTenantId(tenantId);
  return { pk: OFFICE_REGISTRY_PK, sk: tenantId };
}

/** One scheduled run of an office (`plan` on a local date): claimed once, so a re-run tick skips it. */
export function runKey(tenantId: string, slot: string, job: string) {
  assertTenantId(tenantId);
  return { pk: `T#${tenantId}#RUN#${enc(slot)}#${job}`, sk: 'RUN' };
}

/** Membership: a verified Google account (email) belongs to exactly one tenant. */
export function membershipKey(email: string) {
  return { pk: `MEMBER#${email.trim().toLowerCase()}`, sk: 'MEMBER' };
}

/** API keys are stored by their SHA-256 hash only. */
export function apiKeyKey(keyHash: string) {
  return { pk: `APIKEY#${keyHash}`, sk: 'APIKEY' };
}
