// Own-stack mode: writes the firm's office, its settings and its first admin into the table on deploy
// (as onboarding would: membership, roster entry, office record), so the deployed config (time zone,
// review mode, ...) is what the handlers read; the admin invites the rest from the add-on. The settings go in with an
// UpdateItem of the item's `settings` attribute only: changes a clerk made from the add-on
// (`POST /v1/settings`, kept in the item's `changes` attribute) survive a redeploy and win.
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** The settings the handlers read (TenantSettings in lambdas/store/ledger-store.ts). */
export interface TenantSettingsSeed {
  tenantId: string;
  officeName: string;
  officeEmail: string;
  officeAddress?: string;
  // Office identity and voice (issue #16): deploy defaults, see infra/config.ts OfficeVoiceDefaults.
  tradingName?: string;
  officePhone?: string;
  signature?: string;
  footerText?: string;
  paymentInstructions?: { bankTransfer?: string; chequePayee?: string; chequeAddress?: string };
  timeZone: string;
  reviewMode: boolean;
  statementDay: number;
  sendRatePerSecond: number;
}

type Plain = string | number | boolean | { [key: string]: Plain };
type AttributeValue =
  | { S: string }
  | { N: string }
  | { BOOL: boolean }
  | { M: Record<string, AttributeValue> };

/** Plain values to DynamoDB's low-level JSON, which the custom resource's SDK call takes. */
export function toAttributeValue(value: Plain): AttributeValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  return { M: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toAttributeValue(v)])) };
}

/**
 * The items written, keyed as lambdas/store/keys.ts and member-store.ts do (`settingsKey`,
 * `membershipKey`, `rosterKey`, `officeKey`); test/infra compares these keys with those files.
 */
export function seedItems(
  settings: TenantSettingsSeed,
  firstAdmin: string,
  country: string,
): Record<string, Plain>[] {
  const e = firstAdmin.trim().toLowerCase();
  const t = settings.tenantId;
  return [
    { pk: `T#${t}#SETTINGS`, sk: 'SETTINGS', settings: { ...settings } },
    { pk: `MEMBER#${e}`, sk: 'MEMBER', email: e, tenantId: t, role: 'admin' },
    { pk: `T#${t}#MEMBERS`, sk: e, role: 'admin', status: 'active', addedBy: 'deploy', addedAt: '' },
    {
      pk: `T#${t}#OFFICE`,
      sk: 'OFFICE',
      name: settings.officeName,
      country,
      timeZone: settings.timeZone,
      createdBy: 'deploy',
      createdAt: '',
      version: 0,
    },
  ];
}

/** The office's registry item, keyed as lambdas/store/keys.ts does (`officeRegistryKey`). */
export function registryItem(settings: TenantSettingsSeed) {
  return { pk: 'OFFICES', sk: settings.tenantId, tenantId: settings.tenantId, timeZone: settings.timeZone };
}

export interface TenantSeedProps {
  table: ITable;
  settings: TenantSettingsSeed;
  /** The office's first admin (own-stack mode's `duebook:firstAdmin`). */
  firstAdmin: string;
  country: string;
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
}

export class TenantSeed extends Construct {
  constructor(scope: Construct, id: string, props: TenantSeedProps) {
    super(scope, id);
    const [settingsItem, ...members] = seedItems(props.settings, props.firstAdmin, props.country);
    // Run on create and whenever the values change; deleting the stack leaves the items in place.
    const settingsCall = {
      service: 'DynamoDB',
      action: 'updateItem',
      parameters: {
        TableName: props.table.tableName,
        Key: { pk: toAttributeValue(settingsItem!.pk!), sk: toAttributeValue(settingsItem!.sk!) },
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'settings' },
        ExpressionAttributeValues: { ':s': toAttributeValue(settingsItem!.settings!) },
      },
      physicalResourceId: PhysicalResourceId.of(`duebook-tenant-settings-${props.settings.tenantId}`),
    };
    // The office registry the quarter-hour tick reads (lambdas/store/office-store.ts). The zone is
    // set only if absent: a clerk's zone change (changeSettings keeps the registry) wins over a
    // redeploy, as it does in the settings; the worker re-registers an office whose zone moved.
    const registry = registryItem(props.settings);
    const registryCall = {
      service: 'DynamoDB',
      action: 'updateItem',
      parameters: {
        TableName: props.table.tableName,
        Key: { pk: toAttributeValue(registry.pk), sk: toAttributeValue(registry.sk) },
        UpdateExpression: 'SET tenantId = :t, #z = if_not_exists(#z, :z)',
        ExpressionAttributeNames: { '#z': 'timeZone' },
        ExpressionAttributeValues: {
          ':t': toAttributeValue(registry.tenantId),
          ':z': toAttributeValue(registry.timeZone),
        },
      },
      physicalResourceId: PhysicalResourceId.of(`duebook-office-registry-${props.settings.tenantId}`),
    };
    const membersCall = {
      service: 'DynamoDB',
      action: 'batchWriteItem',
      parameters: {
        RequestItems: {
          [props.table.tableName]: members.map((item) => ({
            PutRequest: {
              Item: Object.fromEntries(Object.entries(item).map(([k, v]) => [k, toAttributeValue(v)])),
            },
          })),
        },
      },
      physicalResourceId: PhysicalResourceId.of(`duebook-tenant-seed-${props.settings.tenantId}`),
    };

    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    // Its own role instead of AWSLambdaBasicExecutionRole: its log group and this one table only.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Duebook tenant seed (custom resource)',
    });
    logGroup.grantWrite(role);

    const policy = AwsCustomResourcePolicy.fromStatements([
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'],
        resources: [props.table.tableArn],
      }),
    ]);
    const common = { role, logGroup, installLatestAwsSdk: false, timeout: Duration.minutes(2), policy };
    new AwsCustomResource(this, 'Settings', { onCreate: settingsCall, onUpdate: settingsCall, ...common });
    new AwsCustomResource(this, 'Registry', { onCreate: registryCall, onUpdate: registryCall, ...common });
    new AwsCustomResource(this, 'Writer', { onCreate: membersCall, onUpdate: membersCall, ...common });
  }
}
