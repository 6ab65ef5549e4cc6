// Where a reply finds its message: the reply address's ref and SES's message id, each pointing at the outbox key.
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ReplyKey } from '../shared/reply-token.js';
import { assertTenantId, TABLE } from './keys.js';

/** Kept as long as a debtor may plausibly reply to a message (the archive itself keeps 3 years). */
export const REPLY_REF_TTL_DAYS = 400;

const refKey = (ref: string) => ({ pk: `REPLYREF#${ref}`, sk: 'REF' });
const sesKey = (messageId: string) => ({ pk: `SESMSG#${messageId.toLowerCase()}`, sk: 'REF' });

export class ReplyStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Notes that `ref` (a reply address) names this message. */
  async rememberRef(ref: string, key: ReplyKey, at: Date): Promise<void> {
    await this.put(refKey(ref), key, at);
  }

  /** Notes SES's message id of a message (a reply's In-Reply-To names it). */
  async rememberMessageId(messageId: string, key: ReplyKey, at: Date): Promise<void> {
    await this.put(sesKey(messageId), key, at);
  }

  async byRef(ref: string): Promise<ReplyKey | undefined> {
    return this.get(refKey(ref));
  }

  async byMessageId(messageId: string): Promise<ReplyKey | undefined> {
    return this.get(sesKey(messageId));
  }

  private async put(k: { pk: string; sk: string }, key: ReplyKey, at: Date): Promise<void> {
    assertTenantId(key.tenantId);
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...k,
          tenantId: key.tenantId,
          customerId: key.customerId,
          stage: key.stage,
          channel: key.channel,
          cycle: key.cycle,
          [TABLE.ttl]: Math.floor(at.getTime() / 1000) + REPLY_REF_TTL_DAYS * 86_400,
        },
      }),
    );
  }

  private async get(k: { pk: string; sk: string }): Promise<ReplyKey | undefined> {
    const res = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: k }));
    const i = res.Item;
    if (!i) return undefined;
    return {
      tenantId: String(i.tenantId),
      customerId: String(i.customerId),
      stage: String(i.stage),
      channel: String(i.channel),
      cycle: String(i.cycle),
    };
  }
}
