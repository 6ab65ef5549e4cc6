// Trace tasks (a customer whose email bounced or complained): one open task per customer and
// address, however often the address bounces again or the event is delivered again.
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { openTraceMarkerKey, traceKey } from './keys.js';

export interface TraceOpening {
  /** Addresses for which this event opened the task (empty: all had one open already). */
  opened: string[];
  /** Addresses whose open task recorded this event as a repeat. */
  repeated: string[];
  /** The sort key of the task this event opened, if it opened one. */
  taskSk?: string;
}

const normalize = (email: string) => email.trim().toLowerCase();
const MAX_TRIES = 10;

/**
 * Opens one trace task for the addresses of a bounce or complaint that have none open for this
 * customer, and records the event on the open task of each address that has one (`repeats`,
 * `lastAt`, `lastReason`, `lastMessageId`). Concurrent deliveries of bounces of one address open
 * one task between them.
 */
export async function openTraceTask(
  doc: DynamoDBDocumentClient,
  tableName: string,
  input: {
    tenantId: string;
    customerId: string;
    openedAt: string;
    reason: string;
    detail: { emails?: readonly string[]; messageId?: string } & Record<string, unknown>;
  },
): Promise<TraceOpening> {
  const { tenantId, customerId, openedAt, reason, detail } = input;
  const addresses = [...new Set((detail.emails ?? []).map(normalize))];
  if (addresses.length === 0) addresses.push('');
  // Distinct per event, sorted by time: two events of one customer in the same millisecond are two keys.
  const taskSk = `${openedAt}#${detail.messageId ?? ''}`;
  let fresh = addresses;
  const repeated: string[] = [];
  for (let attempt = 0; fresh.length > 0; attempt++) {
    try {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: {
                  ...traceKey(tenantId, customerId, taskSk),
                  tenantId,
                  customerId,
                  openedAt,
                  reason,
                  detail: { ...detail, emails: fresh.filter(Boolean) },
                  status: 'open',
                  repeats: 0,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...fresh.map((address) => ({
              Put: {
                TableName: tableName,
                Item: { ...openTraceMarkerKey(tenantId, customerId, address), tenantId, taskSk },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            })),
          ],
        }),
      );
      break;
    } catch (e) {
      if ((e as { name?: string }).name !== 'TransactionCanceledException' || attempt >= MAX_TRIES) throw e;
      const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      // The task itself exists: this very event was handled already (a redelivery).
      if (reasons[0]?.Code === 'ConditionalCheckFailed') {
        repeated.push(...fresh);
        fresh = [];
        break;
      }
      const taken = fresh.filter((_, i) => reasons[i + 1]?.Code === 'ConditionalCheckFailed');
      repeated.push(...taken);
      fresh = fresh.filter((a) => !taken.includes(a));
      // A transaction racing on the same marker: wait a little and try again.
      if (taken.length === 0) await new Promise((r) => setTimeout(r, Math.random() * 20 * (attempt + 1)));
    }
  }
  for (const address of repeated) await recordRepeat(doc, tableName, tenantId, customerId, address, input);
  return {
    opened: fresh.filter(Boolean),
    repeated: repeated.filter(Boolean),
    ...(fresh.length > 0 ? { taskSk } : {}),
  };
}

/** Adds a repeated bounce or complaint to the open task its address points at. */
async function recordRepeat(
  doc: DynamoDBDocumentClient,
  tableName: string,
  tenantId: string,
  customerId: string,
  address: string,
  input: { openedAt: string; reason: string; detail: { messageId?: string } },
): Promise<void> {
  const marker = await doc.send(
    new GetCommand({
      TableName: tableName,
      Key: openTraceMarkerKey(tenantId, customerId, address),
      ConsistentRead: true,
    }),
  );
  const taskSk = marker.Item?.taskSk;
  if (typeof taskSk !== 'string') return;
  try {
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: traceKey(tenantId, customerId, taskSk),
        UpdateExpression: 'ADD repeats :one SET lastAt = :at, lastReason = :r, lastMessageId = :m',
        // A redelivery of the event that opened the task, or of the last repeat, adds nothing.
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(#d.#mid) OR #d.#mid <> :m) AND (attribute_not_exists(lastMessageId) OR lastMessageId <> :m)',
        ExpressionAttributeNames: { '#d': 'detail', '#mid': 'messageId' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':at': input.openedAt,
          ':r': input.reason,
          ':m': input.detail.messageId ?? '',
        },
      }),
    );
  } catch (e) {
    if ((e as { name?: string }).name !== 'ConditionalCheckFailedException') throw e;
  }
}
