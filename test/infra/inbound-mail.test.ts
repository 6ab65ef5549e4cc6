// The stack with replies received (`duebook:replyDomain`): the receipt rule (S3 then Lambda), the private inbound
// bucket, the replies function's rights, and the sender's REPLY_DOMAIN; without it, none of these exist.
import { rmSync } from 'node:fs';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Synthesized, synthStack, validationReport } from './synth-stack.js';

const CONTEXT = {
  'duebook:production': true,
  'duebook:senderAddress': 'billing@smithdental.test',
  'duebook:googleAudiences': ['1234567890-abc.apps.googleusercontent.com'],
  'duebook:alarmEmail': 'ops@smithdental.test',
  'duebook:officeName': 'Smith Dental PC',
  'duebook:officeAddress': '12 Main St, Springfield, IL 62701',
  'duebook:replyDomain': 'Replies.SmithDental.test',
  // Own-stack mode (issue #17): the firm's office parameters come with its first admin.
  'duebook:firstAdmin': 'admin@smithdental.test',
};

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON; the assertions check its shape.
type Resource = { Properties: any; DeletionPolicy?: string };

function byType(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.findResources(type)) as [string, Resource][];
}

function functionOf(template: Template, handler: string): [string, Resource] {
  const found = byType(template, 'AWS::Lambda::Function').filter(
    ([, r]) => r.Properties.Description === `Duebook ${handler}`,
  );
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('InboundMail', () => {
  let synth: Synthesized;
  let template: Template;

  beforeAll(() => {
    synth = synthStack(CONTEXT, { bundle: false });
    template = synth.template;
  }, 120_000);

  afterAll(() => {
    if (synth) rmSync(synth.outdir, { recursive: true, force: true });
  });

  it('returns a synth with no unacknowledged AwsSolutions finding', () => {
    expect(validationReport(synth.outdir).pluginReports.flatMap((r) => r.violations ?? [])).toEqual([]);
  });

  it('returns a receipt rule for the reply domain that stores the message, then invokes the replies function', () => {
    const [repliesId] = functionOf(template, 'replies');
    const rules = byType(template, 'AWS::SES::ReceiptRule');
    expect(rules).toHaveLength(1);
    const rule = rules[0]![1].Properties.Rule;
    expect(rule).toMatchObject({
      Enabled: true,
      Recipients: ['replies.smithdental.test'],
      ScanEnabled: true,
      TlsPolicy: 'Require',
    });
    expect(rule.Actions).toEqual([
      {
        S3Action: {
          BucketName: { Ref: expect.stringMatching(/^InboundBucket/) },
          ObjectKeyPrefix: 'inbound/',
        },
      },
      { LambdaAction: { FunctionArn: { 'Fn::GetAtt': [repliesId, 'Arn'] }, InvocationType: 'Event' } },
    ]);
    template.resourceCountIs('AWS::SES::ReceiptRuleSet', 1);
  });

  it('returns a private, encrypted, TLS-only inbound bucket SES may write to, raw replies expiring after 90 days', () => {
    const found = byType(template, 'AWS::S3::Bucket').filter(([id]) => id.startsWith('InboundBucket'));
    expect(found).toHaveLength(1);
    const [bucketId, bucket] = found[0]!;
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { LogFilePrefix: 'inbound/' },
      LifecycleConfiguration: { Rules: [{ ExpirationInDays: 90, Status: 'Enabled' }] },
    });
    for (const statement of [
      { Action: 's3:PutObject', Principal: { Service: 'ses.amazonaws.com' } },
      { Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ])
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: bucketId },
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike(statement)]) },
      });
  });

  it('returns the replies function GetObject on inbound/* only, and the unsubscribe secret to check reply addresses', () => {
    const [, replies] = functionOf(template, 'replies');
    const roleId = replies.Properties.Role['Fn::GetAtt'][0];
    const statements = byType(template, 'AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap(
        ([, p]) =>
          p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
      );
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual(['s3:GetObject']);
    expect(JSON.stringify(statements.find((s) => s.Action === 's3:GetObject')?.Resource)).toContain(
      '/inbound/*',
    );
    expect(actions).toContain('secretsmanager:GetSecretValue');
    expect(actions.filter((a) => a.startsWith('ses:'))).toEqual([]);
    expect(Object.keys(replies.Properties.Environment.Variables).sort()).toEqual(
      [
        'GOOGLE_AUDIENCES',
        'INBOUND_BUCKET',
        'PUBLIC_BASE_URL',
        'REPLY_DOMAIN',
        'SENDER_ADDRESS',
        'SES_CONFIGURATION_SET',
        'TABLE_NAME',
        'UNSUBSCRIBE_SECRET_ARN',
      ].sort(),
    );
  });

  it('returns the sender the reply domain, so each message carries its own reply address', () => {
    const [, sender] = functionOf(template, 'sender');
    expect(sender.Properties.Environment.Variables.REPLY_DOMAIN).toBe('replies.smithdental.test');
  });
});

describe('DuebookStack without a reply domain', () => {
  it('returns no receiving, no inbound bucket and no replies function', () => {
    const synth = synthStack({ 'duebook:production': false }, { bundle: false });
    try {
      synth.template.resourceCountIs('AWS::SES::ReceiptRuleSet', 0);
      synth.template.resourceCountIs('AWS::SES::ReceiptRule', 0);
      expect(
        byType(synth.template, 'AWS::Lambda::Function').filter(
          ([, r]) => r.Properties.Description === 'Duebook replies',
        ),
      ).toEqual([]);
    } finally {
      rmSync(synth.outdir, { recursive: true, force: true });
    }
  }, 120_000);
});
