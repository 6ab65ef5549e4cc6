// What the debtor's side keeps: the Stripe payment -> tenant lookup (webhooks name no tenant), the
// rows the backend wrote that the sheet must receive, and per-message tracking (opens, clicks).
import { randomBytes } from 'node:crypto';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TabName } from '../../core/ledger/schema.js';
import { assertTenantId, customerCollection, TABLE } from './keys.js';

const enc = (part: string) => part.replace(/%/g, '%25').replace(/#/g, '%23');

/** Where a Stripe PaymentIntent was posted: Stripe's events carry no tenant, this item does. */
export interface StripePaymentRecord {
  paymentIntentId: string;
  tenantId: string;
  customerId: string;
  /** The Payments row's id (Stripe's PaymentIntent id). */
  paymentId: string;
  postedAt: string;
  /** Not posted: the ledger refused it and it waits in the review queue (payments/stripe-payments.ts). */
  unmatched?: boolean;
}

/** A row the backend wrote (a Stripe payment, a portal action) that the sheet does not have yet. */
export interface SheetRowRef {
  tab: TabName;
  rowId: string;
  customerId: string;
  /** `new` rows are appended; `changed` rows (an invoice disputed, a payment returned) updated. */
  change: 'new' | 'changed';
  at: string;
}

export const TRACKING_KINDS = ['open', 'click', 'visit', 'reply'] as const;
export type TrackingKind = (typeof TRACKING_KINDS)[number];

/** One tracked event of a message: an open, a click (which link), a page visit, a reply. */
export interface TrackingEvent {
  customerId: string;
  kind: TrackingKind;
  at: string;
  /** The message's outbox key (`stage#channel#cycle`), when known. */
  outboxKey?: string;
  messageId?: string;
  /** For clicks: `pay`, `portal` or the URL SES reports. */
  link?: string;
}

export class DebtorStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Records where a PaymentIntent was posted; false when it was recorded before (posted once). */
  async recordStripePayment(record: StripePaymentRecord): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `STRIPE#PI#${enc(record.paymentIntentId)}`, sk: 'PAYMENT', ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if ((e as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw e;
    }
  }

  async stripePayment(paymentIntentId: string): Promise<StripePaymentRecord | undefined> {
    const res = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `STRIPE#PI#${enc(paymentIntentId)}`, sk: 'PAYMENT' },
        ConsistentRead: true,
      }),
    );
    if (!res.Item) return undefined;
    const { pk: _pk, sk: _sk, ...record } = res.Item;
    return record as StripePaymentRecord;
  }

  /** Names a row the sheet should receive on its next sync. */
  async addSheetRow(tenantId: string, ref: SheetRowRef): Promise<void> {
    assertTenantId(tenantId);
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `T#${tenantId}#TOSHEET`, sk: `${ref.tab}#${enc(ref.rowId)}`, ...ref },
      }),
    );
  }

  /** Rows waiting for the sheet, oldest change first. */
  async sheetRows(tenantId: string): Promise<SheetRowRef[]> {
    assertTenantId(tenantId);
    const out: SheetRowRef[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `T#${tenantId}#TOSHEET` },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of res.Items ?? []) {
        const { pk: _pk, sk: _sk, ...ref } = item;
        out.push(ref as SheetRowRef);
      }
      start = res.LastEvaluatedKey;
    } while (start);
    return out.sort((a, b) => a.at.localeCompare(b.at));
  }

  /** The sheet wrote these rows: they are no longer waiting. */
  async ackSheetRows(tenantId: string, refs: readonly { tab: TabName; rowId: string }[]): Promise<void> {
    assertTenantId(tenantId);
    for (let i = 0; i < refs.length; i += 25) {
      let pending: unknown[] | undefined = refs.slice(i, i + 25).map((r) => ({
        DeleteRequest: { Key: { pk: `T#${tenantId}#TOSHEET`, sk: `${r.tab}#${enc(r.rowId)}` } },
      }));
      while (pending && pending.length > 0) {
        const res: { UnprocessedItems?: Record<string, unknown[]> } = await this.doc.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: pending as never } }),
        );
        pending = res.UnprocessedItems?.[this.tableName];
      }
    }
  }

  /**
   * Counts one action against each counter (a key, its limit and its window's end) in one
   * transaction, so the limit holds across Lambda instances: either every counter is below its
   * limit and each is counted, or nothing is counted and the counters already full are returned.
   * A counter's item expires (TTL) a day after its window.
   */
  async countAction(
    counters: readonly { key: string; limit: number; windowEnd: number }[],
  ): Promise<{ ok: true } | { ok: false; full: number[] }> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: counters.map((c) => ({
            Update: {
              TableName: this.tableName,
              Key: { pk: `RATE#${enc(c.key)}`, sk: `W#${c.windowEnd}` },
              UpdateExpression: 'ADD #n :one SET #ttl = if_not_exists(#ttl, :ttl)',
              ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
              ExpressionAttributeNames: { '#n': 'count', '#ttl': TABLE.ttl },
              ExpressionAttributeValues: {
                ':one': 1,
                ':limit': c.limit,
                ':ttl': Math.floor(c.windowEnd / 1000) + 86_400,
              },
            },
          })),
        }),
      );
      return { ok: true };
    } catch (e) {
      const reasons = (e as { name?: string; CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if ((e as { name?: string }).name !== 'TransactionCanceledException' || !reasons) throw e;
      const full = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
      // Cancelled for another reason (a conflicting transaction on the same counter): not a limit.
      if (full.length === 0) throw e;
      return { ok: false, full };
    }
  }

  /** Records one tracking event on the customer's collection. */
  async track(tenantId: string, event: TrackingEvent): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `${customerCollection(tenantId, event.customerId)}#TRACK`,
          sk: `${event.at}#${randomBytes(4).toString('hex')}`,
          ...event,
        },
      }),
    );
  }

  /** A customer's tracking events, oldest first. */
  async tracking(tenantId: string, customerId: string): Promise<TrackingEvent[]> {
    const res = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `${customerCollection(tenantId, customerId)}#TRACK` },
      }),
    );
    return (res.Items ?? []).map((item) => {
      const { pk: _pk, sk: _sk, ...event } = item;
      return event as TrackingEvent;
    });
  }
}
