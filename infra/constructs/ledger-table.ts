// The one DynamoDB table: the same keys and indexes as lambdas/store/keys.ts and table-definition.ts.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** Attribute and index names; test/infra checks them against lambdas/store/keys.ts. */
export const TABLE_KEYS = {
  pk: 'pk',
  sk: 'sk',
  byCustomer: { name: 'byCustomer', pk: 'gpk1', sk: 'gsk1' },
  open: { name: 'open', pk: 'gpk2', sk: 'gsk2' },
  ttl: 'expiresAt',
} as const;

/** The item-level actions the shared LedgerStore uses (Get, BatchGet, Query, Put, Update, BatchWrite with deletes, transactions). */
const DATA_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

export interface LedgerTableProps {
  /** Deletion protection and retention on stack deletion. */
  production: boolean;
}

export class LedgerTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: LedgerTableProps) {
    super(scope, id);
    const s = AttributeType.STRING;
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.pk, type: s },
      sortKey: { name: TABLE_KEYS.sk, type: s },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Only idempotency records carry expiresAt; ledger rows never expire.
      timeToLiveAttribute: TABLE_KEYS.ttl,
      deletionProtection: props.production,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_KEYS.byCustomer.name,
      partitionKey: { name: TABLE_KEYS.byCustomer.pk, type: s },
      sortKey: { name: TABLE_KEYS.byCustomer.sk, type: s },
      projectionType: ProjectionType.ALL,
    });
    // Sparse: only account snapshots of open accounts (and outbox entries awaiting dispatch/review) carry gpk2.
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_KEYS.open.name,
      partitionKey: { name: TABLE_KEYS.open.pk, type: s },
      sortKey: { name: TABLE_KEYS.open.sk, type: s },
      projectionType: ProjectionType.ALL,
    });
  }

  /** ARNs of the table's two indexes, named (no `index/*` wildcard). */
  indexArns(): string[] {
    return [TABLE_KEYS.byCustomer.name, TABLE_KEYS.open.name].map(
      (name) => `${this.table.tableArn}/index/${name}`,
    );
  }

  /** Item reads and writes on this table and its two indexes; no scans, no table management. */
  grantLedgerAccess(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: DATA_ACTIONS,
        resources: [this.table.tableArn, ...this.indexArns()],
      }),
    );
  }
}
