// The local stack: DynamoDB Local, the SES emulator, a local identity provider, the API on a local
// port, an in-process queue and clock, all driving the same handlers the Lambdas run in AWS.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createApiHandler } from '../api/app.js';
import { createDailyRunHandler } from '../daily-run/app.js';
import { createOfficeWorkerHandler } from '../daily-run/worker.js';
import { createRepliesHandler } from '../replies/app.js';
import { createSenderHandler } from '../sender/app.js';
import type { DailyRunSummary } from '../services/daily-run.js';
import { createEmailQuota } from '../services/email-quota.js';
import type { OfficeRunRecord, TickSummary } from '../services/fan-out.js';
import { LedgerService } from '../services/ledger-service.js';
import type { ReplyOutcome } from '../services/replies.js';
import type { SendMessage } from '../services/send-message.js';
import { decodeOutboxTag } from '../services/sender.js';
import { handleSesEvent } from '../services/ses-events.js';
import { createIdTokenVerifier, generateApiKey, hashApiKey } from '../shared/id-token.js';
import { createLocalLetterStorage, type LetterStorage, localLettersDir } from '../shared/letter-storage.js';
import { createSesMailer, type Mailer } from '../shared/mailer.js';
import { DEFAULT_OFFICE_OPTIONS, type OfficeOptions } from '../shared/office-config.js';
import { DEFAULT_SETTINGS } from '../shared/settings.js';
import { DebtorStore } from '../store/debtor-store.js';
import { LedgerStore } from '../store/ledger-store.js';
import { MailStandingStore } from '../store/mail-standing-store.js';
import { MemberStore } from '../store/member-store.js';
import { OfficeStore } from '../store/office-store.js';
import { QuotaStore } from '../store/quota-store.js';
import { ReplyStore } from '../store/reply-store.js';
import { ensureTable } from '../store/table-definition.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import { createTickHandler } from '../tick/app.js';
import {
  type DynamoDbLocal,
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startDynamoDbLocal,
} from './dynamodb-local.js';
import { type ServedHandler, serveHandler } from './http-adapter.js';
import { createLocalIdentity, type LocalIdentity } from './identity.js';
import { createLocalQueue, type DrainResult, type LocalQueue } from './queue.js';
import { type SesIdentityLocal, startSesIdentityLocal } from './ses-identity-local.js';
import { type SesLocal, startSesLocal } from './ses-local.js';
import { type StripeLocal, startStripeLocal } from './stripe-local.js';

export const LOCAL_AUDIENCE = 'duebook-local.apps.googleusercontent.com';
/** The table the local edition keeps everything in. */
export const LOCAL_TABLE_NAME = 'duebook-local';
const LOCAL_UNSUBSCRIBE_SECRET = 'local-only-unsubscribe-secret-never-used-in-aws';
const LOCAL_SENDER_ADDRESS = 'Duebook Demo Office <billing@duebook.example.com>';
/** The domain SES would receive replies for (in AWS: the receipt rule's recipient domain). */
export const LOCAL_REPLY_DOMAIN = 'replies.duebook.example.com';

export interface LocalStackOptions {
  tenantId?: string;
  clerkEmail?: string;
  settings?: Partial<TenantSettings>;
  apiPort?: number;
  sesPort?: number;
  /** The stack's clock; defaults to the real one. `duebook run --as-of` sets it to a replayed day. */
  now?: () => Date;
  /**
   * Keep DynamoDB Local's data, and the stored letters (`<dataDir>/letters`), in this folder so
   * they survive a restart (default: in memory, letters in a temporary folder removed on stop).
   */
  dataDir?: string;
  /** Wraps the mailer, for fault tests (a crash after SES accepted a message, a throttle). */
  wrapMailer?: (mailer: Mailer) => Mailer;
  /** Start the Stripe stand-in and put pay links in messages (default true). */
  stripe?: boolean;
  /**
   * Allowed domains and quotas (issue #17); default: anyone, the deployment defaults, and no
   * per-minute request limit when `now` replays a day (every request would fall in one minute).
   */
  officeOptions?: OfficeOptions;
}

export interface LocalStack {
  tenantId: string;
  clerkEmail: string;
  apiUrl: string;
  inboxUrl: string;
  dynamoEndpoint: string;
  sesEndpoint: string;
  apiKey: string;
  store: LedgerStore;
  ledger: LedgerService;
  identity: LocalIdentity;
  ses: SesLocal;
  /** The Stripe stand-in the SDK talks to (absent with `stripe: false`). */
  stripe?: StripeLocal;
  /** Stored rows for the sheet, tracking. */
  debtor: DebtorStore;
  /** Offices, members, invitations, API keys and the audit trail (issue #17). */
  members: MemberStore;
  /** Per-office quota counters and the operator's overrides. */
  quotas: QuotaStore;
  queue: LocalQueue;
  /** Letter storage: a folder standing in for the letters bucket. */
  letters: LetterStorage;
  lettersDir: string;
  /** A Google-like ID token for the clerk (or another address). */
  token(email?: string): Promise<string>;
  /** The scheduled daily run for the tenant at the stack's current time. */
  runDay(): Promise<DailyRunSummary>;
  /** The hourly dispatch of planned emails whose window opened. */
  dispatch(): Promise<number>;
  /**
   * The quarter-hour tick at the stack's current time, through the same fan-out as in AWS: the
   * office registry, the per-office claims, the office queue (in-process) and the worker, drained.
   */
  tick(): Promise<TickSummary & { drained: DrainResult }>;
  /** The office registry and run claims. */
  offices: OfficeStore;
  /** The office queue the tick fills and the worker drains; failed offices end in its dead letters. */
  officeQueue: LocalQueue;
  /** Every office run the worker finished or failed, oldest first (the metric's source). */
  officeRuns: OfficeRunRecord[];
  /** Delivers every queued message to the sender. */
  drain(): Promise<DrainResult>;
  /** Each office's standing as a sender: its domain, rates and pause (services/mail-standing.ts). */
  standing: MailStandingStore;
  /** The loopback stand-in for SES v2's identity operations (aws-ses-v2-local has none). */
  sesIdentity: SesIdentityLocal;
  /**
   * A debtor's reply as SES's receipt rule hands it over: the raw MIME stored (as the S3 action
   * would) and the replies handler invoked with SES's receipt event, the same handler as in AWS.
   */
  receiveReply(raw: string, envelopeRecipients?: string[]): Promise<ReplyOutcome>;
  /** Every message SES accepted since the stack started (or `sent.length = 0`), with its outbox key. */
  sent: { messageId: string; outbox?: SendMessage }[];
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const tenantId = options.tenantId ?? 'demo-office';
  const clerkEmail = options.clerkEmail ?? 'clerk@example.com';
  const now = options.now ?? (() => new Date());
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const [dynamoLocal, ses, identity, sesIdentity] = await Promise.all([
      startDynamoDbLocal(options.dataDir ? { dataDir: options.dataDir } : {}),
      startSesLocal(options.sesPort === undefined ? {} : { port: options.sesPort }),
      createLocalIdentity({ audience: LOCAL_AUDIENCE }),
      startSesIdentityLocal(),
    ]);
    stops.push(
      () => (dynamoLocal as DynamoDbLocal).stop(),
      () => ses.stop(),
      () => identity.close(),
      () => sesIdentity.stop(),
    );

    const lettersDir = options.dataDir
      ? localLettersDir(options.dataDir)
      : await mkdtemp(join(tmpdir(), 'duebook-letters-'));
    if (!options.dataDir) stops.push(() => rm(lettersDir, { recursive: true, force: true }));
    const letters = createLocalLetterStorage(lettersDir);

    const dynamo = new DynamoDBClient({
      endpoint: dynamoLocal.endpoint,
      region: LOCAL_AWS_REGION,
      credentials: LOCAL_AWS_CREDENTIALS,
    });
    const tableName = LOCAL_TABLE_NAME;
    await ensureTable(dynamo, tableName);
    const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
    const store = new LedgerStore(doc, tableName);
    const ledger = new LedgerService(store);
    const debtor = new DebtorStore(doc, tableName);
    const standing = new MailStandingStore(doc, tableName);
    const replyStore = new ReplyStore(doc, tableName);
    const settings: TenantSettings = {
      tenantId,
      ...DEFAULT_SETTINGS,
      officeName: 'Duebook Demo Office',
      officeAddress: '100 Example Street, Springfield, IL 62701',
      officeEmail: 'billing@duebook.example.com',
      officePhone: '+1 555 0100',
      // The demo office's voice (issue #16): how to pay without a link, and its small print.
      signature: 'Dana Whitaker\nBilling Manager',
      paymentInstructions: {
        bankTransfer:
          'Bank: First Springfield Bank\nAccount name: Duebook Demo Office\nAccount number: 000123456789\nRouting number: 071000013',
        chequePayee: 'Duebook Demo Office',
      },
      footerText: 'Duebook Demo Office is the creditor of this account.',
      // The stack drives tests and `duebook run`, which send as if approved; `npm start` turns
      // review on, as production has it by default.
      reviewMode: false,
      // The local sender sends 50 a second; the office's own budget (services/mail-standing.ts) matches it.
      sendRatePerSecond: 50,
      ...options.settings,
    };
    await store.putSettings(settings);
    // The demo office as onboarding would have made it: its record, its admin, a listed API key.
    const members = new MemberStore(doc, tableName);
    const quotas = new QuotaStore(doc, tableName);
    const seededAt = now().toISOString();
    await members.seedOffice({
      tenantId,
      name: settings.officeName,
      country: 'US',
      timeZone: settings.timeZone,
      createdAt: seededAt,
      createdBy: clerkEmail,
    });
    if ((await members.member(clerkEmail))?.tenantId !== tenantId)
      await members.seedMember(tenantId, clerkEmail, 'admin', seededAt, 'local stack');
    const apiKey = generateApiKey();
    await members.createApiKey(tenantId, hashApiKey(apiKey), 'local CLI', 'local stack', now());
    const officeOptions: OfficeOptions = options.officeOptions ?? {
      ...DEFAULT_OFFICE_OPTIONS,
      quotas: {
        ...DEFAULT_OFFICE_OPTIONS.quotas,
        ...(options.now ? { apiRequestsPerMinute: 0 } : {}),
      },
    };
    const settingsOf = async (t: string) =>
      (await store.getSettings(t)) ?? { tenantId: t, ...DEFAULT_SETTINGS };

    // The API's previews are composed with the sender's addresses, and unsubscribe links point at
    // the API itself, whose port is known only once it listens.
    let publicBaseUrl = '';
    let api: ReturnType<typeof createApiHandler> | undefined;
    const served: ServedHandler = await serveHandler(
      (event) => api!(event),
      options.apiPort === undefined ? {} : { port: options.apiPort },
    );
    publicBaseUrl = served.url;
    const stripe =
      options.stripe === false
        ? undefined
        : await startStripeLocal({ webhookUrl: () => `${publicBaseUrl}/v1/stripe/webhook`, now });
    if (stripe) stops.push(() => stripe.stop());
    api = createApiHandler({
      store,
      verifier: createIdTokenVerifier({ jwksUrl: identity.jwksUrl, audiences: [LOCAL_AUDIENCE] }),
      now,
      unsubscribeSecret: LOCAL_UNSUBSCRIBE_SECRET,
      letters,
      senderAddress: LOCAL_SENDER_ADDRESS,
      publicBaseUrl,
      rootLinks: [{ label: "Sent emails (the SES emulator's web inbox)", url: ses.inboxUrl }],
      debtor,
      ...(stripe ? { stripe: { client: stripe.client, webhookSecret: stripe.webhookSecret } } : {}),
      offices: { members, quotas, options: officeOptions },
      // A clerk's credit-hold release is told at once, through the mailer built below.
      mailer: { send: (email) => mailer.send(email) },
      sending: {
        ses: sesIdentity.client,
        standing,
        configurationSet: 'duebook-local',
        senderAddress: LOCAL_SENDER_ADDRESS,
      },
    });
    stops.push(() => served.close());

    const sesClient = new SESv2Client({
      endpoint: ses.endpoint,
      region: LOCAL_AWS_REGION,
      credentials: LOCAL_AWS_CREDENTIALS,
    });
    const sesMailer = createSesMailer(sesClient, 'duebook-local');
    // The emulator emits no events; stand in for SES's "Send" event (configuration set -> SNS ->
    // ses-events) right after it accepts a message, as the real pipeline would shortly after.
    const eventDeps = { store, ledger, settings: settingsOf, now, debtor, standing };
    const sent: LocalStack['sent'] = [];
    const emittingMailer: Mailer = {
      async send(email) {
        const messageId = await sesMailer.send(email);
        const outbox = decodeOutboxTag(email.tags.outbox ?? '');
        sent.push(outbox ? { messageId, outbox } : { messageId });
        await handleSesEvent(
          {
            eventType: 'Send',
            mail: {
              messageId,
              destination: [email.to],
              tags: Object.fromEntries(Object.entries(email.tags).map(([k, v]) => [k, [v]])),
            },
          },
          eventDeps,
        );
        return messageId;
      },
    };
    const mailer = options.wrapMailer ? options.wrapMailer(emittingMailer) : emittingMailer;
    const sender = createSenderHandler({
      store,
      ledger,
      mailer,
      settings: settingsOf,
      senderAddress: LOCAL_SENDER_ADDRESS,
      publicBaseUrl,
      unsubscribeSecret: LOCAL_UNSUBSCRIBE_SECRET,
      now,
      stripeEnabled: stripe !== undefined,
      ratePerSecond: 50,
      emailQuota: createEmailQuota(quotas, officeOptions),
      standing,
      replies: { store: replyStore, domain: LOCAL_REPLY_DOMAIN },
    });
    const queue = createLocalQueue({
      handler: sender,
      batchSize: 10,
      maxReceives: 3,
      now: () => now().getTime(),
    });
    const enqueue = async (m: SendMessage) => {
      queue.send(JSON.stringify(m));
    };
    // Internal notices (credit holds) go through the same mailer as the debtors' emails.
    const internalMail = { mailer, senderAddress: LOCAL_SENDER_ADDRESS, publicBaseUrl };
    const daily = createDailyRunHandler({
      store,
      enqueue,
      letters,
      settings: settingsOf,
      now,
      ...internalMail,
    });

    // The fan-out: tick -> office queue -> worker, as EventBridge Scheduler -> SQS -> Lambda in AWS.
    const offices = new OfficeStore(doc, tableName);
    const officeRuns: OfficeRunRecord[] = [];
    const worker = createOfficeWorkerHandler({
      store,
      enqueue,
      letters,
      ...internalMail,
      offices,
      settings: settingsOf,
      now,
      metric: (run) => {
        officeRuns.push(run);
      },
    });
    const officeQueue = createLocalQueue({
      handler: worker,
      batchSize: 1,
      maxReceives: 3,
      queueName: 'duebook-local-offices',
      now: () => now().getTime(),
    });
    const tickHandler = createTickHandler({
      offices,
      enqueueOffices: async (jobs) => {
        for (const job of jobs) officeQueue.send(JSON.stringify(job));
        return [];
      },
      now,
    });

    // Inbound replies: an in-memory stand-in for the inbound bucket the receipt rule's S3 action fills.
    const inbound = new Map<string, Uint8Array>();
    const replies = createRepliesHandler({
      store,
      ledger,
      debtor,
      replies: replyStore,
      settings: settingsOf,
      now,
      secret: LOCAL_UNSUBSCRIBE_SECRET,
      replyDomain: LOCAL_REPLY_DOMAIN,
      rawMessage: async (id) => {
        const raw = inbound.get(id);
        if (!raw) throw new Error(`no inbound message ${id}`);
        return raw;
      },
    });
    let inboundCount = 0;

    return {
      tenantId,
      clerkEmail,
      apiUrl: served.url,
      inboxUrl: ses.inboxUrl,
      dynamoEndpoint: dynamoLocal.endpoint,
      sesEndpoint: ses.endpoint,
      apiKey,
      store,
      ledger,
      identity,
      ses,
      ...(stripe ? { stripe } : {}),
      debtor,
      members,
      quotas,
      queue,
      letters,
      lettersDir,
      token: (email = clerkEmail) => identity.signIdToken({ email }),
      runDay: async () => (await daily({ tenantId, job: 'plan' })) as DailyRunSummary,
      dispatch: async () => ((await daily({ tenantId, job: 'dispatch' })) as { queued: number }).queued,
      tick: async () => {
        const summary = await tickHandler({});
        return { ...summary, drained: await officeQueue.drain() };
      },
      offices,
      officeQueue,
      officeRuns,
      drain: () => queue.drain(),
      standing,
      sesIdentity,
      receiveReply: async (raw, envelopeRecipients = []) => {
        const id = `inbound-${++inboundCount}`;
        inbound.set(id, Buffer.from(raw, 'utf8'));
        const [outcome] = await replies({
          Records: [{ ses: { mail: { messageId: id }, receipt: { recipients: envelopeRecipients } } }],
        });
        return outcome!;
      },
      sent,
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
