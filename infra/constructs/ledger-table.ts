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

/** DynamoDB item actions a function may be granted; scans, deletes by key and table management are not among them. */
export type LedgerItemAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:BatchWriteItem';

/** Where a function may Query: the table's own keys or one of the two indexes. */
export type LedgerQueryTarget = 'table' | typeof TABLE_KEYS.byCustomer.name | typeof TABLE_KEYS.open.name;

/** What one function does with the table (see ledger-access.ts for each handler's list and why). */
export interface LedgerAccess {
  /** Item actions, granted on the table's ARN only. */
  items: readonly LedgerItemAction[];
  /** Query targets; none means no dynamodb:Query at all. */
  query: readonly LedgerQueryTarget[];
}

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

  /** ARN of one index, named (no `index/*` wildcard). */
  indexArn(name: typeof TABLE_KEYS.byCustomer.name | typeof TABLE_KEYS.open.name): string {
    return `${this.table.tableArn}/index/${name}`;
  }

  /**
   * Exactly `access`: item actions on the table, Query on the named targets. A transaction's items
   * are authorized as their own actions (a TransactWrite of Puts needs dynamodb:PutItem).
   */
  grantLedgerAccess(grantee: IGrantable, access: LedgerAccess): void {
    if (access.items.length > 0) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({ actions: [...access.items], resources: [this.table.tableArn] }),
      );
    }
    if (access.query.length > 0) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: access.query.map((t) => (t === 'table' ? this.table.tableArn : this.indexArn(t))),
        }),
      );
    }
  }
}
