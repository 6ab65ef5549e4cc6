// The whole AWS side of Duebook: table, functions, API, the daily run's tick and office queue, mail, letters, alarms.
import { CfnOutput, Duration, Lazy, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { DuebookConfig } from '../config.js';
import { Alarms } from '../constructs/alarms.js';
import {
  DuebookFunction,
  type DuebookFunctionProps,
  type HandlerName,
} from '../constructs/duebook-function.js';
import { environmentFor } from '../constructs/function-environment.js';
import { DuebookHttpApi } from '../constructs/http-api.js';
import { InboundMail } from '../constructs/inbound-mail.js';
import { LEDGER_ACCESS } from '../constructs/ledger-access.js';
import { LedgerTable } from '../constructs/ledger-table.js';
import { LettersBucket } from '../constructs/letters-bucket.js';
import { Mail } from '../constructs/mail.js';
import { FailedInvocationsQueue, OfficeQueue, SendQueue } from '../constructs/queues.js';
import { TickSchedule } from '../constructs/schedules.js';
import { TenantSeed } from '../constructs/tenant-seed.js';

export interface DuebookStackProps extends StackProps {
  config: DuebookConfig;
}

/** Messages per sender invocation; the function's timeout is sized to send them at the paced rate. */
const SEND_BATCH_SIZE = 10;
/** The lowest concurrency an SQS event source allows; the SES rate is split across them. */
const SENDER_CONCURRENCY = 2;
/**
 * Offices run at once by the daily-run worker (the office queue's event source maximum
 * concurrency): the bound on the table's and SES's load at a busy 09:00, whatever the office count.
 */
export const OFFICE_WORKER_CONCURRENCY = 10;
/** The daily-run worker's timeout: one office's plan. */
const OFFICE_RUN_TIMEOUT = Duration.minutes(5);

export class DuebookStack extends Stack {
  constructor(scope: Construct, id: string, props: DuebookStackProps) {
    super(scope, id, props);
    const { config } = props;
    const keepOnDelete = config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const ledger = new LedgerTable(this, 'Ledger', { production: config.production });
    const mail = new Mail(this, 'Mail', {
      senderIdentity: config.senderIdentity,
      manageIdentity: config.manageSenderIdentity,
    });
    // Appeal letters (api) and hand-over packets (daily-run), kept as records.
    const letters = new LettersBucket(this, 'Letters', { production: config.production });

    // Signs unsubscribe links. Rotating it would break the links in emails already sent.
    const unsubscribeSecret = new Secret(this, 'UnsubscribeSecret', {
      description: 'Duebook: HMAC key of one-click unsubscribe tokens',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: keepOnDelete,
    });
    Validations.of(unsubscribeSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'An HMAC key for unsubscribe links that must stay valid for months in sent emails; rotation would need key versions in the token format, which it does not have.',
    });

    // The office's Stripe keys, as JSON {"secretKey","webhookSecret"}: empty until the office puts
    // its keys there (infra/README.md); until then messages carry the payment instructions only.
    const stripeSecret = new Secret(this, 'StripeSecret', {
      description:
        'Duebook: Stripe secret key and webhook signing secret, JSON {"secretKey","webhookSecret"}',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ secretKey: '', webhookSecret: '' }),
        generateStringKey: 'unused',
        excludePunctuation: true,
      },
      removalPolicy: keepOnDelete,
    });
    Validations.of(stripeSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "Stripe's keys are issued and rolled in Stripe's dashboard, not by a Lambda rotation; the office puts the new keys here when it rolls them.",
    });

    // The sender paces itself per instance; two instances share the account's SES rate.
    const senderRate = config.sesSendRate / SENDER_CONCURRENCY;
    const senderTimeout = Duration.seconds(
      Math.min(900, Math.max(60, Math.ceil((2 * SEND_BATCH_SIZE) / senderRate))),
    );
    const sends = new SendQueue(this, 'Sends', { consumerTimeout: senderTimeout });
    const failed = new FailedInvocationsQueue(this, 'FailedInvocations');
    const officeQueue = new OfficeQueue(this, 'Offices', { consumerTimeout: OFFICE_RUN_TIMEOUT });

    const logs = { logRetention: config.logRetention, logRemovalPolicy: keepOnDelete };
    // The API's URL goes into the functions' environment (unsubscribe links), so the API comes
    // first; it does not depend on the api function, only its routes do.
    const api = new DuebookHttpApi(this, 'Http', { extraOrigins: config.corsOrigins, ...logs });
    const publicBaseUrl = config.publicBaseUrl ?? api.url;

    // Inbound replies (optional, `duebook:replyDomain`): the bucket's name reaches the environment lazily.
    let inbound: InboundMail | undefined;
    const inboundBucketName = () => Lazy.string({ produce: () => inbound?.bucket.bucketName ?? '' });

    // The environment of every function, from one place (function-environment.ts).
    const env = (handler: HandlerName) =>
      environmentFor(handler, {
        tableName: ledger.table.tableName,
        googleAudiences: config.googleAudiences,
        sesConfigurationSet: mail.configurationSet.configurationSetName,
        senderAddress: config.senderAddress,
        publicBaseUrl,
        queueUrl: sends.queue.queueUrl,
        officeQueueUrl: officeQueue.queue.queueUrl,
        // Only the ARN: the function reads the value from Secrets Manager once per cold start, so
        // neither the template nor GetFunctionConfiguration ever shows it.
        unsubscribeSecretArn: unsubscribeSecret.secretArn,
        stripeSecretArn: stripeSecret.secretArn,
        senderRatePerSecond: senderRate,
        lettersBucket: letters.bucket.bucketName,
        offices: { allowedDomains: config.allowedDomains, quotas: config.quotas },
        ...(config.replyDomain
          ? { replyDomain: config.replyDomain, inboundBucket: inboundBucketName() }
          : {}),
      });

    const fn = (id: string, handler: HandlerName, extra: Partial<DuebookFunctionProps>) =>
      new DuebookFunction(this, id, {
        handler,
        description: `Duebook ${handler}`,
        environment: env(handler),
        ...logs,
        ...extra,
      });

    // The API integration times out at 30 s; a sync chunk of 2 MB is well within that.
    const apiFn = fn('Api', 'api', { memorySize: 1024, timeout: Duration.seconds(29) });
    api.route(apiFn.fn);

    const dailyRun = fn('DailyRun', 'daily-run', { memorySize: 1024, timeout: OFFICE_RUN_TIMEOUT });
    const tick = fn('Tick', 'tick', { memorySize: 256, timeout: Duration.minutes(2) });
    const sender = fn('Sender', 'sender', { memorySize: 512, timeout: senderTimeout });
    const sesEvents = fn('SesEvents', 'ses-events', { timeout: Duration.seconds(60) });

    // Table: each function gets the item actions and Query targets its code paths use (ledger-access.ts).
    const handlers: [DuebookFunction, HandlerName][] = [
      [apiFn, 'api'],
      [dailyRun, 'daily-run'],
      [tick, 'tick'],
      [sender, 'sender'],
      [sesEvents, 'ses-events'],
    ];
    for (const [f, handler] of handlers) ledger.grantLedgerAccess(f.fn, LEDGER_ACCESS[handler]);

    // The two functions that sign or check unsubscribe links (and make pay links) read the keys, and nothing else there.
    for (const f of [apiFn, sender]) {
      f.fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [unsubscribeSecret.secretArn, stripeSecret.secretArn],
        }),
      );
    }

    // Letters: api stores appeal letters, daily-run hand-over packets; Put/Get under tenant/ only.
    for (const f of [apiFn, dailyRun]) {
      letters.grantLetters(f.fn);
      Validations.of(f.fn.role!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(letters.bucket.node.defaultChild as CfnBucket)}.Arn>/tenant/*]`,
        reason:
          'Letter storage writes one object per letter or packet under tenant/<tenantId>/…; the key is only known at run time, so the grant is PutObject/GetObject on that prefix of this one bucket, with no list or delete.',
      });
    }

    // Daily run, fanned out: one schedule every quarter hour invokes the tick, which puts one message
    // per due office on the office queue; the daily-run worker runs each office alone, at most
    // OFFICE_WORKER_CONCURRENCY at once, and a failing office ends in the office dead-letter queue.
    const schedule = new TickSchedule(this, 'Schedules', { tick: tick.fn, deadLetterQueue: failed.queue });
    officeQueue.queue.grantSendMessages(tick.fn);
    tick.fn.configureAsyncInvoke({ onFailure: new SqsDestination(failed.queue), retryAttempts: 2 });
    dailyRun.fn.addEventSource(
      new SqsEventSource(officeQueue.queue, {
        batchSize: 1,
        maxConcurrency: OFFICE_WORKER_CONCURRENCY,
        reportBatchItemFailures: true,
      }),
    );
    sends.queue.grantSendMessages(dailyRun.fn);

    // Sender: drains the send queue, reports partial batch failures, sends through SES.
    sender.fn.addEventSource(
      new SqsEventSource(sends.queue, {
        batchSize: SEND_BATCH_SIZE,
        maxConcurrency: SENDER_CONCURRENCY,
        reportBatchItemFailures: true,
      }),
    );
    mail.grantSend(sender.fn);
    // The daily run emails the office's credit contact (internal credit-hold notices, never debtors).
    mail.grantSend(dailyRun.fn);
    // The API emails the same contact when a clerk releases a hold (POST /v1/credit-holds/release).
    mail.grantSend(apiFn.fn);
    // Offices verify their own sending domain from Settings (api: lambdas/api/sending-routes.ts).
    mail.grantOfficeIdentities(apiFn.fn);
    for (const f of [sender, dailyRun, apiFn]) Mail.acknowledgeOfficeIdentities(f.fn.role!);

    // SES events: bounces and complaints suppress the address; lost events land in the failed queue.
    mail.eventsTopic.addSubscription(new LambdaSubscription(sesEvents.fn));
    sesEvents.fn.configureAsyncInvoke({ onFailure: new SqsDestination(failed.queue), retryAttempts: 2 });

    // Replies: SES receives mail for the reply domain, stores it, and the replies function records
    // each reply on its message's history and as a task in the review queue (lambdas/replies).
    if (config.replyDomain) {
      const replies = fn('Replies', 'replies', { timeout: Duration.seconds(60) });
      inbound = new InboundMail(this, 'Inbound', {
        replyDomain: config.replyDomain,
        handler: replies.fn,
        accessLogs: letters.accessLogs,
        production: config.production,
      });
      ledger.grantLedgerAccess(replies.fn, LEDGER_ACCESS.replies);
      replies.fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:GetObject'],
          resources: [inbound.bucket.arnForObjects('inbound/*')],
        }),
      );
      replies.fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [unsubscribeSecret.secretArn],
        }),
      );
      Validations.of(replies.fn.role!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(inbound.bucket.node.defaultChild as CfnBucket)}.Arn>/inbound/*]`,
        reason:
          'SES stores each reply as inbound/<message id>, known only when it arrives; the grant is GetObject on that prefix of this one bucket, with no list, put or delete.',
      });
      replies.fn.configureAsyncInvoke({ onFailure: new SqsDestination(failed.queue), retryAttempts: 2 });
    }

    // Own-stack mode only: the firm's office and its first admin. The multi-office service has no
    // per-office resource at all; offices sign up from the add-on (POST /v1/offices).
    if (config.mode === 'own-stack')
      new TenantSeed(this, 'Tenant', {
        table: ledger.table,
        settings: {
          tenantId: config.tenantId,
          officeName: config.officeName,
          officeEmail: config.officeEmail,
          ...(config.officeAddress === undefined ? {} : { officeAddress: config.officeAddress }),
          ...config.officeVoice,
          timeZone: config.timeZone,
          reviewMode: config.reviewMode,
          statementDay: config.statementDay,
          sendRatePerSecond: config.sesSendRate,
        },
        firstAdmin: config.firstAdmin!,
        country: config.country,
        ...logs,
      });

    const alarms = new Alarms(this, 'Alarms', { alarmEmail: config.alarmEmail });
    alarms.onDeadLetters('SendDeadLetters', sends.deadLetterQueue, 'Emails that failed to send');
    alarms.onDeadLetters(
      'OfficeDeadLetters',
      officeQueue.deadLetterQueue,
      'Office runs (plan or dispatch) that failed',
    );
    alarms.onDeadLetters('FailedInvocations', failed.queue, 'Ticks or SES events that failed');
    alarms.onErrors('ApiErrors', apiFn.fn, 'api');
    alarms.onErrors('DailyRunErrors', dailyRun.fn, 'daily-run');
    alarms.onErrors('TickErrors', tick.fn, 'tick');
    alarms.onErrors('SenderErrors', sender.fn, 'sender');
    alarms.onErrors('SesEventsErrors', sesEvents.fn, 'ses-events');

    new CfnOutput(this, 'ApiUrl', {
      value: publicBaseUrl,
      description: 'Base URL for the add-on (Settings)',
    });
    new CfnOutput(this, 'TableName', { value: ledger.table.tableName });
    new CfnOutput(this, 'LettersBucketName', { value: letters.bucket.bucketName });
    new CfnOutput(this, 'ConfigurationSetName', { value: mail.configurationSet.configurationSetName });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
    new CfnOutput(this, 'TickScheduleName', { value: schedule.schedule.scheduleName });
    new CfnOutput(this, 'OfficeDeadLetterQueueArn', { value: officeQueue.deadLetterQueue.queueArn });
    // For the operator's redrive (docs/backend.md, "A message in the dead-letter queue").
    new CfnOutput(this, 'SendDeadLetterQueueArn', { value: sends.deadLetterQueue.queueArn });
  }
}
