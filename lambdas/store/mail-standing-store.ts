// Each office's standing as a sender: its SES identity, daily send/bounce/complaint counts, its pause, its per-minute send budget.
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { assertTenantId, TABLE } from './keys.js';

/** The DNS records an office publishes for its domain (Easy DKIM: three CNAMEs). */
export interface DnsRecord {
  type: 'CNAME' | 'TXT' | 'MX';
  name: string;
  value: string;
}

export type IdentityStatus = 'pending' | 'verified' | 'failed';

/** The office's own sending domain, as SES reported it last. */
export interface SendingIdentity {
  domain: string;
  /** The address mail goes from once the domain is verified (in the domain). */
  fromAddress: string;
  status: IdentityStatus;
  /** SES's own words: DKIM status (`PENDING`, `SUCCESS`, `FAILED`, `TEMPORARY_FAILURE`, `NOT_STARTED`). */
  sesStatus: string;
  records: DnsRecord[];
  startedAt: string;
  checkedAt: string;
}

/** Why an office's sending is paused, and how it can be resumed. */
export interface SendingPause {
  at: string;
  rule: string;
  reason: string;
  /** Rates when it was paused (fractions). */
  complaintRate: number;
  bounceRate: number;
  sends: number;
}

export interface MailStanding {
  identity?: SendingIdentity;
  pause?: SendingPause;
  /** The last warning (complaint or bounce rate past SES's review line), kept until rates recover. */
  warning?: { at: string; rule: string; reason: string };
  /** Who resumed the office last, when, and the rates then. */
  resumed?: { at: string; by: string; note: string };
}

export interface MailDay {
  date: string;
  sends: number;
  bounces: number;
  complaints: number;
}

/** Counters are kept this long (the rate window is shorter). */
const DAY_TTL_DAYS = 45;

const standingKey = (tenantId: string) => {
  assertTenantId(tenantId);
  return { pk: `T#${tenantId}#MAIL`, sk: 'STANDING' };
};
const dayPartition = (tenantId: string) => {
  assertTenantId(tenantId);
  return `T#${tenantId}#MAILDAY`;
};
/**
 * An SES event already counted: SNS and EventBridge deliver at least once, so the same event can
 * come twice; its message id and type are kept this long (far past any redelivery) so it counts once.
 */
const SEEN_TTL_DAYS = 7;
const seenKey = (tenantId: string, eventId: string) => {
  assertTenantId(tenantId);
  return { pk: `T#${tenantId}#MAILSEEN#${eventId.replace(/%/g, '%25').replace(/#/g, '%23')}`, sk: 'SEEN' };
};
const ratePartition = (tenantId: string) => {
  assertTenantId(tenantId);
  return `T#${tenantId}#MAILRATE`;
};

export class MailStandingStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async standing(tenantId: string): Promise<MailStanding> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: standingKey(tenantId), ConsistentRead: true }),
    );
    const item = res.Item ?? {};
    return {
      ...(item.identity ? { identity: item.identity as SendingIdentity } : {}),
      ...(item.pause ? { pause: item.pause as SendingPause } : {}),
      ...(item.warning ? { warning: item.warning as MailStanding['warning'] } : {}),
      ...(item.resumed ? { resumed: item.resumed as MailStanding['resumed'] } : {}),
    };
  }

  async putIdentity(tenantId: string, identity: SendingIdentity): Promise<void> {
    await this.set(tenantId, 'identity', identity);
  }

  /** Pauses the office unless it is paused already; true when this call paused it. */
  async pause(tenantId: string, pause: SendingPause): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: standingKey(tenantId),
          UpdateExpression: 'SET #p = :p',
          ConditionExpression: 'attribute_not_exists(#p)',
          ExpressionAttributeNames: { '#p': 'pause' },
          ExpressionAttributeValues: { ':p': pause },
        }),
      );
      return true;
    } catch (e) {
      if ((e as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw e;
    }
  }

  async warn(tenantId: string, warning: NonNullable<MailStanding['warning']> | undefined): Promise<void> {
    if (warning) await this.set(tenantId, 'warning', warning);
    else await this.remove(tenantId, 'warning');
  }

  /** Lifts the pause and records who did it; false when the office was not paused. */
  async resume(tenantId: string, resumed: NonNullable<MailStanding['resumed']>): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: standingKey(tenantId),
          UpdateExpression: 'REMOVE #p SET #r = :r',
          ConditionExpression: 'attribute_exists(#p)',
          ExpressionAttributeNames: { '#p': 'pause', '#r': 'resumed' },
          ExpressionAttributeValues: { ':r': resumed },
        }),
      );
      return true;
    } catch (e) {
      if ((e as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw e;
    }
  }

  /**
   * Adds to the office's counters of the day (UTC date of the event). With `eventId` (the SES
   * event's message id and type) the event is counted at most once: its marker's conditional put and
   * the counter's increment are one transaction, so a second delivery changes nothing and returns
   * false, and a crash counts neither.
   */
  async count(
    tenantId: string,
    date: string,
    field: 'sends' | 'bounces' | 'complaints',
    at: Date,
    eventId?: string,
  ): Promise<boolean> {
    const increment = {
      TableName: this.tableName,
      Key: { pk: dayPartition(tenantId), sk: date },
      UpdateExpression: 'ADD #f :one SET #d = :d, #ttl = if_not_exists(#ttl, :ttl)',
      ExpressionAttributeNames: { '#f': field, '#d': 'date', '#ttl': TABLE.ttl },
      ExpressionAttributeValues: {
        ':one': 1,
        ':d': date,
        ':ttl': Math.floor(at.getTime() / 1000) + DAY_TTL_DAYS * 86_400,
      },
    };
    if (eventId === undefined) {
      await this.doc.send(new UpdateCommand(increment));
      return true;
    }
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...seenKey(tenantId, eventId),
                  eventId,
                  field,
                  at: at.toISOString(),
                  [TABLE.ttl]: Math.floor(at.getTime() / 1000) + SEEN_TTL_DAYS * 86_400,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Update: increment },
          ],
        }),
      );
      return true;
    } catch (e) {
      const reasons = (e as { name?: string; CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if (
        (e as { name?: string }).name === 'TransactionCanceledException' &&
        reasons?.[0]?.Code === 'ConditionalCheckFailed'
      )
        return false;
      throw e;
    }
  }

  /** The office's daily counters from `fromDate` on (at most one item per day). */
  async days(tenantId: string, fromDate: string): Promise<MailDay[]> {
    const res = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND #sk >= :from',
        ExpressionAttributeNames: { '#pk': TABLE.pk, '#sk': TABLE.sk },
        ExpressionAttributeValues: { ':pk': dayPartition(tenantId), ':from': fromDate },
      }),
    );
    return (res.Items ?? []).map((i) => ({
      date: String(i.date),
      sends: Number(i.sends ?? 0),
      bounces: Number(i.bounces ?? 0),
      complaints: Number(i.complaints ?? 0),
    }));
  }

  /**
   * Takes one send from the office's budget of the minute: true when within `perMinute`, false
   * when the office has used its minute already (nothing counted then).
   */
  async takeSend(tenantId: string, at: Date, perMinute: number): Promise<boolean> {
    const minute = at.toISOString().slice(0, 16);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: ratePartition(tenantId), sk: minute },
          UpdateExpression: 'ADD #n :one SET #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
          ExpressionAttributeNames: { '#n': 'n', '#ttl': TABLE.ttl },
          ExpressionAttributeValues: {
            ':one': 1,
            ':limit': perMinute,
            ':ttl': Math.floor(at.getTime() / 1000) + 3_600,
          },
        }),
      );
      return true;
    } catch (e) {
      if ((e as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw e;
    }
  }

  private async set(tenantId: string, field: string, value: unknown): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: standingKey(tenantId),
        UpdateExpression: 'SET #f = :v',
        ExpressionAttributeNames: { '#f': field },
        ExpressionAttributeValues: { ':v': value },
      }),
    );
  }

  private async remove(tenantId: string, field: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: standingKey(tenantId),
        UpdateExpression: 'REMOVE #f',
        ExpressionAttributeNames: { '#f': field },
      }),
    );
  }
}
