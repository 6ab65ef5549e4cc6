import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_SETTINGS } from '../shared/settings.js';
import { apiKeyKey, membershipKey, settingsKey } from './keys.js';
import { officeRegistration } from './office-store.js';
import { OutboxStore } from './outbox-store.js';
import type { SettingsChange, TenantSettings } from './tenant-settings.js';

export class SettingsStore extends OutboxStore {
  /**
   * The tenant's settings: the deployed ones (`settings`, written by the stack's tenant seed or
   * `putSettings`) with the clerk's changes (`changes`, from `POST /v1/settings`) over them.
   */
  async getSettings(tenantId: string): Promise<TenantSettings | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: settingsKey(tenantId), ConsistentRead: true }),
    );
    if (!res.Item) return undefined;
    const base = res.Item.settings as TenantSettings | undefined;
    const { ladder, logo, ...changes } = (res.Item.changes as SettingsChange | undefined) ?? {};
    return {
      ...(base ?? DEFAULT_SETTINGS),
      ...changes,
      ...(ladder ? { ladder } : {}),
      ...(logo ? { logo } : {}),
      tenantId,
    };
  }

  /**
   * Records a clerk's settings change in the item's own `changes` attribute (UpdateItem), so a
   * redeploy that rewrites the deployed `settings` keeps it. `handoverTo: ''` and `ladder: null`
   * clear those fields.
   */
  async changeSettings(tenantId: string, change: SettingsChange, at: string, by: string): Promise<void> {
    const names: Record<string, string> = { '#c': 'changes' };
    const values: Record<string, unknown> = { ':at': at, ':by': by, ':empty': {} };
    const sets: string[] = ['changedAt = :at', 'changedBy = :by'];
    const removes: string[] = [];
    Object.entries(change).forEach(([k, v], i) => {
      names[`#k${i}`] = k;
      if (v === '' || v === undefined || v === null) removes.push(`#c.#k${i}`);
      else {
        values[`:v${i}`] = v;
        sets.push(`#c.#k${i} = :v${i}`);
      }
    });
    // The map must exist before its members can be set: one call creates it, a second sets them.
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: settingsKey(tenantId),
        UpdateExpression: 'SET #c = if_not_exists(#c, :empty)',
        ExpressionAttributeNames: { '#c': 'changes' },
        ExpressionAttributeValues: { ':empty': {} },
      }),
    );
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: settingsKey(tenantId),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: Object.fromEntries(Object.entries(values).filter(([k]) => k !== ':empty')),
      }),
    );
    if (typeof change.timeZone === 'string' && change.timeZone !== '') {
      await this.doc.send(new UpdateCommand(officeRegistration(this.tableName, tenantId, change.timeZone)));
    }
  }

  async putSettings(settings: TenantSettings): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...settingsKey(settings.tenantId), settings } }),
    );
    // The office registry the quarter-hour tick reads (office-store.ts).
    await this.doc.send(
      new UpdateCommand(officeRegistration(this.tableName, settings.tenantId, settings.timeZone)),
    );
  }

  async membership(email: string): Promise<{ tenantId: string; role: string } | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: membershipKey(email), ConsistentRead: true }),
    );
    return res.Item ? { tenantId: res.Item.tenantId as string, role: res.Item.role as string } : undefined;
  }

  async putMembership(email: string, tenantId: string, role = 'clerk'): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...membershipKey(email), email: email.toLowerCase(), tenantId, role },
      }),
    );
  }

  async apiKeyTenant(keyHash: string): Promise<string | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: apiKeyKey(keyHash), ConsistentRead: true }),
    );
    return res.Item?.tenantId as string | undefined;
  }

  async putApiKey(keyHash: string, tenantId: string, label: string): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...apiKeyKey(keyHash), tenantId, label } }),
    );
  }
}
