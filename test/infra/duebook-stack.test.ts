// The Duebook stack: what an office deploys, asserted resource by resource, and cdk-nag clean.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/duebook-function.js';
import { TABLE_KEYS } from '../../infra/constructs/ledger-table.js';
import { LETTERS_IA_AFTER_DAYS, LETTERS_PREFIX } from '../../infra/constructs/letters-bucket.js';
import { MAX_RECEIVE_COUNT } from '../../infra/constructs/queues.js';
import {
  membershipKey,
  OFFICE_REGISTRY_PK,
  officeRegistryKey,
  settingsKey,
  TABLE,
} from '../../lambdas/store/keys.js';
import { officeKey, rosterKey } from '../../lambdas/store/member-store.js';
import { tableDefinition } from '../../lambdas/store/table-definition.js';
import { acknowledgements, type Synthesized, synthStack, validationReport } from './synth-stack.js';

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON; the assertions check its shape.
type Json = any;
type Resource = { Type: string; Properties: Record<string, Json>; DeletionPolicy?: string };

const PRODUCTION = {
  'duebook:production': true,
  'duebook:tenantId': 'smith-dental',
  'duebook:timeZone': 'America/Chicago',
  'duebook:reviewMode': false,
  'duebook:senderAddress': 'billing@smithdental.test',
  'duebook:googleAudiences': ['1234567890-abc.apps.googleusercontent.com'],
  // Own-stack mode (issue #17): the firm's office and its first admin, seeded on deploy.
  'duebook:firstAdmin': 'Clerk@SmithDental.test',
  'duebook:alarmEmail': 'ops@smithdental.test',
  'duebook:sesSendRate': 4,
  'duebook:officeName': 'Smith Dental PC',
  'duebook:officeAddress': '12 Main St, Springfield, IL 62701',
};

const HANDLERS = ['api', 'daily-run', 'sender', 'ses-events', 'tick'] as const;
type Handler = (typeof HANDLERS)[number];

function resources(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.findResources(type)) as [string, Resource][];
}

/** Logical id of the function for one handler (functions carry `Duebook <handler>` as description). */
function functionId(template: Template, handler: Handler): string {
  const found = resources(template, 'AWS::Lambda::Function').filter(
    ([, r]) => r.Properties.Description === `Duebook ${handler}`,
  );
  expect(found).toHaveLength(1);
  return found[0]![0];
}

/** The names in a folder, or none when it does not exist. */
function readdirSafe(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

function fn(template: Template, handler: Handler): Resource {
  return template.toJSON().Resources[functionId(template, handler)];
}

/** The statements of the policies attached to a function's role. */
function statementsOf(
  template: Template,
  handler: Handler,
): { Action: string | string[]; Resource: unknown }[] {
  const roleId = fn(template, handler).Properties.Role['Fn::GetAtt'][0];
  return resources(template, 'AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}

/** Logical id of the letters bucket (the one with access logging). */
function lettersBucketId(template: Template): string {
  const found = resources(template, 'AWS::S3::Bucket').filter(([, b]) => b.Properties.LoggingConfiguration);
  expect(found).toHaveLength(1);
  return found[0]![0];
}

const actionsOf = (statements: { Action: string | string[] }[]) =>
  statements.flatMap((s) => [s.Action].flat());

describe('DuebookStack', () => {
  let synth: Synthesized;
  let template: Template;

  beforeAll(() => {
    // One synth for the file, bundling the four handlers with the local esbuild.
    synth = synthStack(PRODUCTION, { bundle: true });
    template = synth.template;
  }, 120_000);

  afterAll(() => {
    if (synth) rmSync(synth.outdir, { recursive: true, force: true });
  });

  describe('cdk-nag', () => {
    it('returns a synth with no unacknowledged AwsSolutions finding', () => {
      // app.synth() in beforeAll would have thrown on an error; warnings would be in the report.
      const report = validationReport(synth.outdir);
      expect(report.pluginReports.flatMap((r) => r.violations ?? [])).toEqual([]);
    });

    it('returns only the deliberate acknowledgements, each with its reason', () => {
      const acks = acknowledgements(synth.app);
      for (const a of acks) expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThan(60);
      const byRule = acks.map((a) => `${a.id} @ ${a.path.replace(/^[^/]+\//, '')}`).sort();
      expect(byRule).toEqual(
        [
          ...HANDLERS.map((h) => `AwsSolutions-L1 @ ${pascal(h)}/Function`),
          'AwsSolutions-APIG4 @ Http/Api/GET--health',
          'AwsSolutions-APIG4 @ Http/Api/GET--v1--unsubscribe',
          'AwsSolutions-APIG4 @ Http/Api/POST--v1--unsubscribe',
          'AwsSolutions-APIG4 @ Http/Api/GET--v1--{proxy+}',
          'AwsSolutions-APIG4 @ Http/Api/POST--v1--{proxy+}',
          'AwsSolutions-SMG4 @ StripeSecret',
          'AwsSolutions-SMG4 @ UnsubscribeSecret',
          'AwsSolutions-SQS3 @ FailedInvocations/Queue',
          `AwsSolutions-IAM5[Resource::<${functionId(template, 'tick')}.Arn>:*] @ Schedules/Role`,
          ...['Api', 'DailyRun'].map(
            (f) => `AwsSolutions-IAM5[Resource::<${lettersBucketId(template)}.Arn>/tenant/*] @ ${f}/Role`,
          ),
          // The offices' own sending domains, verified at run time (infra/constructs/mail.ts).
          ...['Api', 'DailyRun', 'Sender'].map(
            (f) =>
              `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:eu-west-1:111111111111:identity/*] @ ${f}/Role`,
          ),
        ].sort(),
      );
    });
  });

  describe('table', () => {
    it('returns an on-demand, encrypted table with point-in-time recovery and deletion protection', () => {
      template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { SSEEnabled: true },
          DeletionProtectionEnabled: true,
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
        }),
      });
    });

    it('returns the byCustomer and sparse open indexes with the keys the store queries', () => {
      const [[, table]] = resources(template, 'AWS::DynamoDB::Table') as [[string, Resource]];
      const indexes = table.Properties.GlobalSecondaryIndexes.map((i: Json) => ({
        IndexName: i.IndexName,
        KeySchema: i.KeySchema,
        Projection: i.Projection,
      }));
      expect(indexes).toEqual([
        {
          IndexName: 'byCustomer',
          KeySchema: [
            { AttributeName: 'gpk1', KeyType: 'HASH' },
            { AttributeName: 'gsk1', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          IndexName: 'open',
          KeySchema: [
            { AttributeName: 'gpk2', KeyType: 'HASH' },
            { AttributeName: 'gsk2', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ]);
      // The same layout DynamoDB Local gets from lambdas/ (infra cannot import it, the test can).
      expect(TABLE_KEYS).toEqual(TABLE);
      expect(indexes).toEqual(tableDefinition('t').GlobalSecondaryIndexes);
    });
  });

  describe('functions', () => {
    it.each(HANDLERS)('returns %s on nodejs22.x, arm64, ESM handler, with its own log group', (handler) => {
      const f = fn(template, handler);
      expect(f.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
      });
      const logGroupId = f.Properties.LoggingConfig.LogGroup.Ref;
      expect(template.toJSON().Resources[logGroupId]).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 90 },
        DeletionPolicy: 'Retain',
      });
    });

    it.each(HANDLERS)('returns a minified ESM bundle with a source map for %s', (handler) => {
      const asset = fn(template, handler).Properties.Code.S3Key.replace(/\.zip$/, '');
      const dir = join(synth.outdir, `asset.${asset}`);
      expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code).toMatch(/export\s*\{[^}]*handler[^}]*\}/);
      expect(code).not.toMatch(/module\.exports/);
      // The AWS SDK comes from the runtime, required (not imported: see sdkImportsAsRequire).
      expect(code).toContain('require("@aws-sdk/client-dynamodb")');
      expect(code).not.toMatch(/from"@aws-sdk\//);
      // Minified: a few very long lines (multi-line template literals keep their newlines).
      expect(code.length / code.split('\n').length).toBeGreaterThan(2000);
    });

    it.each(HANDLERS)('returns the PDF fonts beside the code of %s that reads them', (handler) => {
      // NodejsFunction's bundle carried no fonts: the first PDF a deployed function made threw.
      const asset = fn(template, handler).Properties.Code.S3Key.replace(/\.zip$/, '');
      const dir = join(synth.outdir, `asset.${asset}`);
      const files = ['index.mjs', ...readdirSafe(join(dir, 'chunks')).map((f) => join('chunks', f))];
      const readers = files.filter(
        (f) => f.endsWith('.mjs') && readFileSync(join(dir, f), 'utf8').includes('DuebookSans.ttf'),
      );
      for (const f of readers) {
        // lambdas/documents/fonts.ts looks in ./fonts/ and ../fonts/ beside the file it ends up in.
        const found = ['fonts', join('..', 'fonts')]
          .map((d) => join(dir, dirname(f), d))
          .filter(
            (d) => existsSync(join(d, 'DuebookSans.ttf')) && existsSync(join(d, 'DuebookSans-Bold.ttf')),
          );
        expect(found.length, `${handler}: fonts beside ${f}`).toBeGreaterThan(0);
        const source = readFileSync(join(REPO_ROOT, 'lambdas', 'documents', 'fonts', 'DuebookSans.ttf'));
        expect(readFileSync(join(found[0]!, 'DuebookSans.ttf')).equals(source)).toBe(true);
      }
      if (handler === 'api' || handler === 'daily-run') expect(readers.length).toBeGreaterThan(0);
    });

    it('returns the PDF library in chunks the api imports only when it makes a PDF', () => {
      const asset = fn(template, 'api').Properties.Code.S3Key.replace(/\.zip$/, '');
      const dir = join(synth.outdir, `asset.${asset}`);
      const index = readFileSync(join(dir, 'index.mjs'), 'utf8');
      const dynamic = [...index.matchAll(/import\("\.\/(chunks\/[^"]+\.mjs)"\)/g)].map((m) => m[1]!);
      expect(dynamic.length).toBeGreaterThan(0);
      // And the chunks those load in turn: a route group loaded on first use loads the PDF code
      // only when it makes a PDF.
      const reached = new Set<string>();
      for (const queue = [...dynamic]; queue.length > 0; ) {
        const c = queue.shift()!;
        if (reached.has(c)) continue;
        reached.add(c);
        const text = readFileSync(join(dir, c), 'utf8');
        for (const m of text.matchAll(/"\.\/([^"]+\.mjs)"/g)) queue.push(join(dirname(c), m[1]!));
      }
      const chunks = [...reached].map((c) => readFileSync(join(dir, c), 'utf8')).join('\n');
      // pdf-lib's own classes are in those chunks, not in the file every cold start reads.
      expect(chunks).toContain('PDFWidgetAnnotation');
      expect(index).not.toContain('PDFWidgetAnnotation');
    });

    it('returns each function the environment its handler reads, and nothing more', () => {
      const env = (h: Handler) => fn(template, h).Properties.Environment.Variables;
      const shared = [
        'TABLE_NAME',
        'GOOGLE_AUDIENCES',
        'SES_CONFIGURATION_SET',
        'SENDER_ADDRESS',
        'PUBLIC_BASE_URL',
      ];
      const names = (h: Handler) => Object.keys(env(h)).sort();
      const offices = ['ALLOWED_DOMAINS', 'QUOTA_API_PER_MINUTE', 'QUOTA_ROWS', 'QUOTA_EMAILS_PER_DAY'];
      expect(names('api')).toEqual(
        [
          ...shared,
          'UNSUBSCRIBE_SECRET_ARN',
          'STRIPE_SECRET_ARN',
          'LETTERS_BUCKET',
          'NODE_OPTIONS',
          ...offices,
        ].sort(),
      );
      expect(env('api')).toMatchObject({ ALLOWED_DOMAINS: 'smithdental.test', QUOTA_ROWS: '1000000' });
      expect(names('daily-run')).toEqual([...shared, 'QUEUE_URL', 'LETTERS_BUCKET', 'NODE_OPTIONS'].sort());
      expect(names('sender')).toEqual(
        [
          ...shared,
          'UNSUBSCRIBE_SECRET_ARN',
          'STRIPE_SECRET_ARN',
          'SES_SEND_RATE',
          'NODE_OPTIONS',
          'QUOTA_EMAILS_PER_DAY',
        ].sort(),
      );
      expect(names('ses-events')).toEqual([...shared, 'NODE_OPTIONS'].sort());
      expect(names('tick')).toEqual([...shared, 'OFFICE_QUEUE_URL', 'NODE_OPTIONS'].sort());
      expect(env('api')).toMatchObject({
        GOOGLE_AUDIENCES: '1234567890-abc.apps.googleusercontent.com',
        SENDER_ADDRESS: 'billing@smithdental.test',
        NODE_OPTIONS: '--enable-source-maps',
        PUBLIC_BASE_URL: { 'Fn::GetAtt': [expect.stringMatching(/^HttpApi/), 'ApiEndpoint'] },
      });
      // Two sender instances share the account's 4/s.
      expect(env('sender').SES_SEND_RATE).toBe('2');
    });

    it('returns the Stripe keys by ARN only, from a secret that starts empty', () => {
      const secrets = resources(template, 'AWS::SecretsManager::Secret') as [string, Resource][];
      const [stripeId, stripe] = secrets.find(([id]) => id.startsWith('StripeSecret'))!;
      expect(JSON.parse(stripe.Properties.GenerateSecretString.SecretStringTemplate)).toEqual({
        secretKey: '',
        webhookSecret: '',
      });
      for (const h of ['api', 'sender'] as const)
        expect(fn(template, h).Properties.Environment.Variables.STRIPE_SECRET_ARN).toEqual({ Ref: stripeId });
      for (const h of ['daily-run', 'ses-events', 'tick'] as const)
        expect(Object.keys(fn(template, h).Properties.Environment.Variables)).not.toContain(
          'STRIPE_SECRET_ARN',
        );
    });

    it('returns the unsubscribe secret by ARN only: no value or dynamic reference in any environment', () => {
      const [secretId, secret] = (
        resources(template, 'AWS::SecretsManager::Secret') as [string, Resource][]
      ).find(([id]) => id.startsWith('UnsubscribeSecret'))!;
      expect(secret.Properties.GenerateSecretString).toMatchObject({
        PasswordLength: 64,
        ExcludePunctuation: true,
      });
      for (const h of ['api', 'sender'] as const)
        expect(fn(template, h).Properties.Environment.Variables.UNSUBSCRIBE_SECRET_ARN).toEqual({
          Ref: secretId,
        });
      for (const h of HANDLERS) {
        const text = JSON.stringify(fn(template, h).Properties.Environment);
        expect(text).not.toContain('resolve:secretsmanager');
        expect(text).not.toContain('SecretString');
        expect(Object.keys(fn(template, h).Properties.Environment.Variables)).not.toContain(
          'UNSUBSCRIBE_SECRET',
        );
      }
    });
  });

  describe('least privilege', () => {
    /** What each function's code paths do with the table (infra/constructs/ledger-access.ts says why). */
    const WRITES = [
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ];
    const EXPECTED: Record<Handler, { items: string[]; query: string[] }> = {
      api: { items: WRITES, query: ['table', 'byCustomer', 'open'] },
      'daily-run': { items: WRITES, query: ['table', 'byCustomer', 'open'] },
      sender: { items: WRITES, query: ['table', 'byCustomer'] },
      'ses-events': { items: WRITES, query: ['table', 'byCustomer'] },
      tick: { items: WRITES, query: ['table'] },
    };
    const tableId = () => resources(template, 'AWS::DynamoDB::Table')[0]![0];

    /** A statement's resources as `table` or an index name; anything else fails the test. */
    function targets(resource: unknown): string[] {
      return [resource].flat().map((r) => {
        const text = JSON.stringify(r);
        if (JSON.stringify(r) === JSON.stringify({ 'Fn::GetAtt': [tableId(), 'Arn'] })) return 'table';
        const index = /\/index\/([A-Za-z]+)"/.exec(text)?.[1];
        expect(text, 'an index ARN of the ledger table').toContain(tableId());
        expect(index, text).toBeDefined();
        return index!;
      });
    }

    it.each(HANDLERS)('returns %s exactly the item actions and Query targets its code uses', (h) => {
      // Prepare
      const dynamo = statementsOf(template, h).filter((s) =>
        actionsOf([s]).some((a) => a.startsWith('dynamodb:')),
      );
      // Act
      const items = dynamo.filter((s) => !actionsOf([s]).includes('dynamodb:Query'));
      const query = dynamo.filter((s) => actionsOf([s]).includes('dynamodb:Query'));
      // Assess
      expect(items).toHaveLength(1);
      expect(actionsOf(items).sort()).toEqual(EXPECTED[h].items);
      expect(targets(items[0]!.Resource)).toEqual(['table']);
      expect(query).toHaveLength(1);
      expect(actionsOf(query)).toEqual(['dynamodb:Query']);
      expect(targets(query[0]!.Resource).sort()).toEqual([...EXPECTED[h].query].sort());
    });

    it('returns no function an action its code does not use: no Scan, DeleteItem, table management or wildcard', () => {
      const never = [
        'dynamodb:Scan',
        'dynamodb:DeleteItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:PartiQLSelect',
        'dynamodb:DescribeTable',
        'dynamodb:DeleteTable',
        'dynamodb:UpdateTable',
        'dynamodb:*',
      ];
      for (const h of HANDLERS) {
        const actions = actionsOf(statementsOf(template, h)).filter((a) => a.startsWith('dynamodb:'));
        expect(
          actions.filter((a) => never.includes(a)),
          h,
        ).toEqual([]);
        expect(new Set(actions), h).toEqual(new Set([...EXPECTED[h].items, 'dynamodb:Query']));
      }
      // The sender and ses-events never read the review/dispatch or open partitions.
      for (const h of ['sender', 'ses-events'] as const) {
        const text = JSON.stringify(statementsOf(template, h));
        expect(text).not.toContain('/index/open');
      }
    });

    it('returns every DynamoDB command the handlers can send covered by a granted action, and no Scan or Delete command', () => {
      // Prepare: the handlers reach DynamoDB only through LedgerStore (table-definition.ts is for DynamoDB Local).
      const ACTION_OF: Record<string, string[]> = {
        GetCommand: ['dynamodb:GetItem'],
        BatchGetCommand: ['dynamodb:BatchGetItem'],
        PutCommand: ['dynamodb:PutItem'],
        UpdateCommand: ['dynamodb:UpdateItem'],
        BatchWriteCommand: ['dynamodb:BatchWriteItem'],
        QueryCommand: ['dynamodb:Query'],
        // A transaction is authorized per item: postRowOnce's items are all Puts.
        TransactWriteCommand: ['dynamodb:PutItem'],
      };
      const source = readFileSync(join(REPO_ROOT, 'lambdas', 'store', 'ledger-store.ts'), 'utf8');
      const imported = /import \{([^}]*)\} from '@aws-sdk\/lib-dynamodb'/.exec(source)![1]!;
      const commands = imported
        .split(',')
        .map((name) => name.trim().replace(/^type /, ''))
        .filter((name) => name.endsWith('Command') && !name.endsWith('CommandInput'));
      const granted = new Set(HANDLERS.flatMap((h) => actionsOf(statementsOf(template, h))));

      // Assess
      expect(commands.length).toBeGreaterThan(0);
      for (const c of commands) {
        expect(ACTION_OF, `${c} has no known IAM action`).toHaveProperty(c);
        for (const a of ACTION_OF[c]!) expect(granted, `${c} needs ${a}`).toContain(a);
      }
      expect(commands.filter((c) => /Scan|Delete|PartiQL|Execute/.test(c))).toEqual([]);
      expect(source).not.toMatch(/ConditionCheck\s*:/);
      expect(source).not.toMatch(/\bDelete\s*:\s*\{/);
    });

    it('returns no statement with a bare * resource and no AWS managed policies on the roles', () => {
      for (const [, policy] of resources(template, 'AWS::IAM::Policy')) {
        for (const s of policy.Properties.PolicyDocument.Statement) {
          expect([s.Resource].flat()).not.toContain('*');
          expect(actionsOf([s]).some((a) => a.endsWith(':*') || a === '*')).toBe(false);
        }
      }
      for (const [, role] of resources(template, 'AWS::IAM::Role'))
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    });

    it('returns ses:SendEmail for the sender, the daily run and the api (credit-contact notices) only, on the identities and the configuration set', () => {
      for (const h of ['sender', 'daily-run', 'api'] as const) {
        const ses = statementsOf(template, h).filter((s) => actionsOf([s]).includes('ses:SendEmail'));
        expect(ses).toHaveLength(1);
        expect(ses[0]!.Action).toBe('ses:SendEmail');
        const text = JSON.stringify(ses[0]!.Resource);
        expect(text).toContain('"MailIdentity');
        // The offices' own verified domains (lambdas/services/sending-identity.ts).
        expect(text).toContain(':identity/*');
        expect(text).toContain(':configuration-set/');
      }
      for (const h of ['ses-events', 'tick'] as const)
        expect(actionsOf(statementsOf(template, h)).filter((a) => a.startsWith('ses:'))).toEqual([]);
    });

    it('returns the api only the identity calls of an office verifying its domain and the one send of a credit-hold release notice, on identities and the configuration set', () => {
      const ses = statementsOf(template, 'api').filter((s) =>
        actionsOf([s]).some((a) => a.startsWith('ses:')),
      );
      expect(actionsOf(ses).sort()).toEqual([
        'ses:CreateEmailIdentity',
        'ses:CreateEmailIdentity',
        'ses:GetEmailIdentity',
        'ses:SendEmail',
        'ses:TagResource',
      ]);
      const text = JSON.stringify(ses.map((s) => s.Resource));
      expect(text).toContain(':identity/*');
      expect(text).toContain(':configuration-set/');
    });

    it('returns queue rights where they are used: tick and daily-run send, daily-run and sender consume', () => {
      const sqs = (h: Handler) => actionsOf(statementsOf(template, h)).filter((a) => a.startsWith('sqs:'));
      expect(sqs('tick')).toContain('sqs:SendMessage');
      expect(sqs('tick')).not.toContain('sqs:ReceiveMessage');
      expect(sqs('daily-run')).toContain('sqs:SendMessage');
      // The worker consumes the office queue (its event source), and sends to the send queue.
      expect(sqs('daily-run')).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
      expect(sqs('sender')).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
      expect(sqs('sender')).not.toContain('sqs:SendMessage');
      expect(sqs('api')).toEqual([]);
    });

    it('returns secretsmanager:GetSecretValue on the unsubscribe and Stripe secrets to api and sender only', () => {
      const ids = (resources(template, 'AWS::SecretsManager::Secret') as [string, Resource][]).map(
        ([id]) => id,
      );
      const sm = (h: Handler) =>
        statementsOf(template, h).filter((s) => actionsOf([s]).some((a) => a.startsWith('secretsmanager:')));
      for (const h of ['api', 'sender'] as const) {
        expect(sm(h)).toHaveLength(1);
        expect(sm(h)[0]!.Action).toBe('secretsmanager:GetSecretValue');
        expect(sm(h)[0]!.Resource).toEqual(expect.arrayContaining(ids.map((id) => ({ Ref: id }))));
        expect(ids).toHaveLength(2);
      }
      for (const h of ['daily-run', 'ses-events', 'tick'] as const) expect(sm(h)).toEqual([]);
    });
  });

  describe('HTTP API', () => {
    it('returns the routes, all integrated with the api function', () => {
      const routeKeys = resources(template, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey);
      expect(routeKeys.sort()).toEqual(
        [
          'GET /health',
          'GET /v1/unsubscribe',
          'POST /v1/unsubscribe',
          'GET /v1/{proxy+}',
          'POST /v1/{proxy+}',
        ].sort(),
      );
      const [[integrationId, integration]] = resources(template, 'AWS::ApiGatewayV2::Integration') as [
        [string, Resource],
      ];
      expect(integration.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: { 'Fn::GetAtt': [functionId(template, 'api'), 'Arn'] },
      });
      for (const [, r] of resources(template, 'AWS::ApiGatewayV2::Route'))
        expect(r.Properties.Target).toEqual({ 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] });
    });

    it('returns a throttled default stage with access logs', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
        AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      });
    });

    it("returns CORS for the add-on's origin with the headers it sends", () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
        ProtocolType: 'HTTP',
        CorsConfiguration: {
          AllowOrigins: ['https://script.google.com'],
          AllowHeaders: Match.arrayWith(['authorization', 'content-type', 'x-api-key']),
          AllowMethods: Match.arrayWith(['GET', 'POST']),
        },
      });
    });
  });

  describe('schedules', () => {
    it('returns one tick schedule every quarter hour in UTC, window off, invoking tick with its scheduled time', () => {
      const schedules = resources(template, 'AWS::Scheduler::Schedule');
      expect(schedules).toHaveLength(1);
      const [[, schedule]] = schedules as [[string, Resource]];
      expect(schedule.Properties).toMatchObject({
        ScheduleExpression: 'cron(0/15 * * * ? *)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: { 'Fn::GetAtt': [functionId(template, 'tick'), 'Arn'] },
          Input: JSON.stringify({ scheduledAt: '<aws.scheduler.scheduled-time>' }),
          DeadLetterConfig: { Arn: expect.anything() },
        },
      });
      // No per-office schedule: no office's zone or tenant id in the schedule.
      expect(schedule.Properties.ScheduleExpressionTimezone ?? 'Etc/UTC').toBe('Etc/UTC');
      expect(JSON.stringify(schedule)).not.toContain('smith-dental');
    });

    it('returns the office queue, with a dead-letter queue, feeding daily-run one office per message with a concurrency limit', () => {
      const [[, source]] = resources(template, 'AWS::Lambda::EventSourceMapping').filter(
        ([, m]) => m.Properties.FunctionName.Ref === functionId(template, 'daily-run'),
      ) as [[string, Resource]];
      expect(source.Properties).toMatchObject({
        BatchSize: 1,
        ScalingConfig: { MaximumConcurrency: 10 },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      const queueId = source.Properties.EventSourceArn['Fn::GetAtt'][0];
      const queue = template.toJSON().Resources[queueId];
      expect(queue.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        RedrivePolicy: { maxReceiveCount: 3 },
      });
      expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(
        fn(template, 'daily-run').Properties.Timeout,
      );
      expect(Object.keys(template.findOutputs('OfficeDeadLetterQueueArn'))).toHaveLength(1);
    });
  });

  describe('send queue', () => {
    it('returns an encrypted queue with a dead-letter queue and a visibility timeout above the sender timeout', () => {
      const queues = template.toJSON().Resources;
      const [[, queue]] = resources(template, 'AWS::SQS::Queue').filter(
        ([, q]) => q.Properties.RedrivePolicy,
      ) as [[string, Resource]];
      expect(queue.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        RedrivePolicy: { maxReceiveCount: MAX_RECEIVE_COUNT },
      });
      const dlqId = queue.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0];
      expect(queues[dlqId].Type).toBe('AWS::SQS::Queue');
      expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(
        6 * fn(template, 'sender').Properties.Timeout,
      );
    });

    it('returns the dead-letter queue ARN as an output for the operator redrive, and an alarm on it', () => {
      const queues = template.toJSON().Resources;
      const [[, queue]] = resources(template, 'AWS::SQS::Queue').filter(
        ([, q]) => q.Properties.RedrivePolicy,
      ) as [[string, Resource]];
      const dlqId = queue.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0];
      expect(queues[dlqId]).toBeDefined();
      template.hasOutput('SendDeadLetterQueueArn', { Value: { 'Fn::GetAtt': [dlqId, 'Arn'] } });
      const alarms = resources(template, 'AWS::CloudWatch::Alarm').filter(([, a]) =>
        JSON.stringify(a.Properties.Dimensions ?? []).includes(dlqId),
      );
      expect(alarms.length).toBe(1);
    });

    it('returns the sender event source with partial batch failures', () => {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: functionId(template, 'sender') },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BatchSize: 10,
        ScalingConfig: { MaximumConcurrency: 2 },
      });
    });
  });

  describe('mail', () => {
    it('returns the configuration set publishing Send, Bounce, Complaint, Delivery, Open and Click to SNS for ses-events', () => {
      const [[topicId]] = resources(template, 'AWS::SNS::Topic').filter(
        ([, t]) => t.Properties.DisplayName === 'Duebook SES events',
      ) as [[string, Resource]];
      template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
        EventDestination: {
          Enabled: true,
          // Open and Click: the configuration set's open and click tracking (issue #16).
          MatchingEventTypes: ['send', 'bounce', 'complaint', 'delivery', 'open', 'click'],
          SnsDestination: { TopicARN: { Ref: topicId } },
        },
      });
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'lambda',
        TopicArn: { Ref: topicId },
        Endpoint: { 'Fn::GetAtt': [functionId(template, 'ses-events'), 'Arn'] },
      });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: topicId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'ses.amazonaws.com' } }),
          ]),
        },
      });
    });

    it('returns the sender domain identity using the configuration set', () => {
      template.hasResourceProperties('AWS::SES::EmailIdentity', {
        EmailIdentity: 'smithdental.test',
        ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
      });
    });
  });

  describe('letters bucket', () => {
    it('returns an encrypted, private, TLS-only, versioned bucket with access logs and a lifecycle that keeps letters', () => {
      // Prepare
      const bucket = template.toJSON().Resources[lettersBucketId(template)] as Resource;
      // Assess
      expect(bucket.DeletionPolicy).toBe('Retain');
      expect(bucket.Properties).toMatchObject({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: { LogFilePrefix: 'letters/' },
      });
      const [rule, ...others] = bucket.Properties.LifecycleConfiguration.Rules;
      expect(others).toEqual([]);
      expect(rule).toMatchObject({
        Status: 'Enabled',
        Transitions: [
          { StorageClass: 'STANDARD_IA', TransitionInDays: LETTERS_IA_AFTER_DAYS },
          { StorageClass: 'GLACIER_IR', TransitionInDays: 365 },
        ],
        NoncurrentVersionExpiration: { NoncurrentDays: 90 },
      });
      // Letters are records: the current version never expires.
      expect(rule.ExpirationInDays).toBeUndefined();
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: lettersBucketId(template) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    it('returns s3:PutObject and s3:GetObject on tenant/* of the letters bucket to api and daily-run only', () => {
      const bucketArn = { 'Fn::GetAtt': [lettersBucketId(template), 'Arn'] };
      for (const h of ['api', 'daily-run'] as const) {
        const s3 = statementsOf(template, h).filter((s) => actionsOf([s]).some((a) => a.startsWith('s3:')));
        expect(s3, h).toHaveLength(1);
        expect(actionsOf(s3).sort()).toEqual(['s3:GetObject', 's3:PutObject']);
        expect(s3[0]!.Resource).toEqual({ 'Fn::Join': ['', [bucketArn, `/${LETTERS_PREFIX}*`]] });
      }
      for (const h of ['sender', 'ses-events'] as const)
        expect(actionsOf(statementsOf(template, h)).filter((a) => a.startsWith('s3:'))).toEqual([]);
      expect(fn(template, 'api').Properties.Environment.Variables.LETTERS_BUCKET).toEqual({
        Ref: lettersBucketId(template),
      });
    });
  });

  describe('alarms', () => {
    it('returns an alarm topic that emails the alarm address', () => {
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'ops@smithdental.test',
      });
    });

    it('returns dead-letter depth alarms on the three dead-letter queues (sends, offices, failed invocations)', () => {
      const alarms = resources(template, 'AWS::CloudWatch::Alarm').filter(
        ([, a]) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible',
      );
      expect(alarms).toHaveLength(3);
      for (const [, a] of alarms) {
        expect(a.Properties).toMatchObject({ Namespace: 'AWS/SQS', Threshold: 1 });
        expect(a.Properties.AlarmActions).toHaveLength(1);
      }
    });

    it.each(HANDLERS)('returns an error alarm on %s', (handler) => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(template, handler) } }],
        Threshold: 1,
        AlarmActions: [Match.anyValue()],
      });
    });
  });

  describe('tenant seed', () => {
    /** The SDK calls of the seed's custom resources, with the table name put in its place. */
    const seedCalls = () =>
      (resources(template, 'Custom::AWS') as [string, Resource][]).map(([, seed]) => ({
        seed,
        call: JSON.parse(
          seed.Properties.Create['Fn::Join'][1]
            .map((p: unknown) => (typeof p === 'string' ? p : 'TABLE'))
            .join(''),
        ),
      }));

    it('returns the settings, keyed as the store reads them, written on deploy into the settings attribute only', () => {
      const found = seedCalls().filter(
        (c) => c.call.action === 'updateItem' && c.call.parameters.Key.pk.S !== OFFICE_REGISTRY_PK,
      );
      expect(found).toHaveLength(1);
      const { seed, call } = found[0]!;
      // UpdateItem of `settings` alone: a clerk's changes (the item's `changes`) survive a redeploy.
      expect(call.parameters).toEqual({
        TableName: 'TABLE',
        Key: { pk: { S: settingsKey('smith-dental').pk }, sk: { S: settingsKey('smith-dental').sk } },
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'settings' },
        ExpressionAttributeValues: {
          ':s': {
            M: {
              tenantId: { S: 'smith-dental' },
              officeName: { S: 'Smith Dental PC' },
              officeEmail: { S: 'billing@smithdental.test' },
              officeAddress: { S: '12 Main St, Springfield, IL 62701' },
              timeZone: { S: 'America/Chicago' },
              reviewMode: { BOOL: false },
              statementDay: { N: '1' },
              sendRatePerSecond: { N: '4' },
            },
          },
        },
      });
      expect(seed.Properties.Update).toEqual(seed.Properties.Create);
    });

    it('returns the office in the registry the tick reads, keyed as the store does, its zone set only if absent', () => {
      const found = seedCalls().filter(
        (c) => c.call.action === 'updateItem' && c.call.parameters.Key.pk.S === OFFICE_REGISTRY_PK,
      );
      expect(found).toHaveLength(1);
      const { seed, call } = found[0]!;
      expect(call.parameters).toEqual({
        TableName: 'TABLE',
        Key: {
          pk: { S: officeRegistryKey('smith-dental').pk },
          sk: { S: officeRegistryKey('smith-dental').sk },
        },
        UpdateExpression: 'SET tenantId = :t, #z = if_not_exists(#z, :z)',
        ExpressionAttributeNames: { '#z': 'timeZone' },
        ExpressionAttributeValues: { ':t': { S: 'smith-dental' }, ':z': { S: 'America/Chicago' } },
      });
      expect(seed.Properties.Update).toEqual(seed.Properties.Create);
    });

    it('returns the first admin, the roster and the office record, keyed as the stores read them, written on deploy', () => {
      const found = seedCalls().filter((c) => c.call.action === 'batchWriteItem');
      expect(found).toHaveLength(1);
      const { seed, call } = found[0]!;
      const items = call.parameters.RequestItems.TABLE.map((w: Json) => w.PutRequest.Item);
      const admin = 'clerk@smithdental.test';
      expect(items).toEqual([
        {
          pk: { S: membershipKey(admin).pk },
          sk: { S: membershipKey(admin).sk },
          email: { S: admin },
          tenantId: { S: 'smith-dental' },
          role: { S: 'admin' },
        },
        expect.objectContaining({
          pk: { S: rosterKey('smith-dental', admin).pk },
          sk: { S: rosterKey('smith-dental', admin).sk },
          role: { S: 'admin' },
          status: { S: 'active' },
        }),
        expect.objectContaining({
          pk: { S: officeKey('smith-dental').pk },
          sk: { S: officeKey('smith-dental').sk },
          name: { S: 'Smith Dental PC' },
          country: { S: 'US' },
        }),
      ]);
      expect(seed.Properties.Update).toEqual(seed.Properties.Create);
    });
  });
});

describe('DuebookStack outside production', () => {
  let synth: Synthesized;
  let template: Template;

  beforeAll(() => {
    // Settings only: no bundling needed.
    synth = synthStack({ 'duebook:production': false }, { bundle: false });
    template = synth.template;
  }, 60_000);

  afterAll(() => {
    if (synth) rmSync(synth.outdir, { recursive: true, force: true });
  });

  it('returns a table without deletion protection that goes with the stack', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
  });

  it('returns the multi-office service with no per-office resource: no seed, no office in any name', () => {
    // cdk.json's context names no office: `npx cdk deploy` with no office parameters.
    expect(resources(template, 'Custom::AWS')).toEqual([]);
    const ids = Object.keys(template.toJSON().Resources);
    expect(ids.filter((id) => /^Tenant/.test(id))).toEqual([]);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/MEMBER#|T#office#/);
    expect(fn(template, 'api').Properties.Environment.Variables.ALLOWED_DOMAINS).toBe('');
  });

  it('returns no alarm email subscription when no address is set', () => {
    expect(
      resources(template, 'AWS::SNS::Subscription').filter(([, s]) => s.Properties.Protocol === 'email'),
    ).toEqual([]);
  });
});

function pascal(handler: string): string {
  return handler.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}
