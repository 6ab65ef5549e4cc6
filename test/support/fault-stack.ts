// The fault harness's local stack: one DynamoDB Local (on disk, restartable) and one SES emulator
// shared by many tenants, and per schedule the same handlers the local stack runs, wired through
// wrappers that can "kill the process" at any store, queue, mailer or SES-event point.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createApiHandler } from '../../lambdas/api/app.js';
import { createDailyRunHandler } from '../../lambdas/daily-run/app.js';
import {
  type DynamoDbLocal,
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startDynamoDbLocal,
} from '../../lambdas/local/dynamodb-local.js';
import { type ServedHandler, serveHandler } from '../../lambdas/local/http-adapter.js';
import { createLocalIdentity, type LocalIdentity } from '../../lambdas/local/identity.js';
import { createLocalQueue, type LocalQueue } from '../../lambdas/local/queue.js';
import { type SesLocal, startSesLocal } from '../../lambdas/local/ses-local.js';
import { createSenderHandler } from '../../lambdas/sender/app.js';
import { LedgerService } from '../../lambdas/services/ledger-service.js';
import type { SendMessage } from '../../lambdas/services/send-message.js';
import { handleSesEvent } from '../../lambdas/services/ses-events.js';
import { createIdTokenVerifier, hashApiKey } from '../../lambdas/shared/id-token.js';
import { createLocalLetterStorage, type LetterStorage } from '../../lambdas/shared/letter-storage.js';
import { createSesMailer } from '../../lambdas/shared/mailer.js';
import { DEFAULT_SETTINGS } from '../../lambdas/shared/settings.js';
import { LedgerStore } from '../../lambdas/store/ledger-store.js';
import { ensureTable } from '../../lambdas/store/table-definition.js';
import type { TenantSettings } from '../../lambdas/store/tenant-settings.js';

export const FAULT_AUDIENCE = 'duebook-faults.apps.googleusercontent.com';
export const UNSUBSCRIBE_SECRET = 'fault-harness-unsubscribe-secret';
const TABLE_NAME = 'duebook-faults';
const SENDER_ADDRESS = 'Fault Office <billing@faults.example.com>';

/** Thrown at an armed crash point, and by every I/O of the "process" after it, until its restart. */
export class ProcessKilledError extends Error {
  override name = 'ProcessKilledError';
  readonly code = 'FAULT.KILLED';
}

/** The parts every schedule shares: DynamoDB Local on a data folder (so it can restart), the SES emulator. */
export interface FaultInfra {
  dynamoEndpoint: string;
  doc: DynamoDBDocumentClient;
  ses: SesLocal;
  sesClient: SESv2Client;
  identity: LocalIdentity;
  letters: LetterStorage;
  /** Whether DynamoDB Local is up. */
  dbUp(): boolean;
  /** Kills DynamoDB Local (its data stays in the folder). */
  stopDb(): Promise<void>;
  /** Starts DynamoDB Local again on the same port and data folder. */
  startDb(): Promise<void>;
  /** DynamoDB Local restarts so far. */
  restarts(): number;
  stop(): Promise<void>;
}

export async function startFaultInfra(): Promise<FaultInfra> {
  const dataDir = await mkdtemp(join(tmpdir(), 'duebook-faults-'));
  let db: DynamoDbLocal | undefined = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
  const port = db.port;
  let restarts = 0;
  const [ses, identity] = await Promise.all([
    startSesLocal(),
    createLocalIdentity({ audience: FAULT_AUDIENCE }),
  ]);
  const dynamo = new DynamoDBClient({
    endpoint: db.endpoint,
    region: LOCAL_AWS_REGION,
    credentials: LOCAL_AWS_CREDENTIALS,
    // A dead database answers at once with ECONNREFUSED; one retry is enough to see it.
    maxAttempts: 2,
  });
  await ensureTable(dynamo, TABLE_NAME);
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const sesClient = new SESv2Client({
    endpoint: ses.endpoint,
    region: LOCAL_AWS_REGION,
    credentials: LOCAL_AWS_CREDENTIALS,
  });
  return {
    dynamoEndpoint: db.endpoint,
    doc,
    ses,
    sesClient,
    identity,
    letters: createLocalLetterStorage(join(dataDir, 'letters')),
    dbUp: () => db !== undefined,
    async stopDb() {
      const running = db;
      db = undefined;
      await running?.stop();
    },
    async startDb() {
      if (db) return;
      db = await startDynamoDbLocal({ port, dataDir: join(dataDir, 'dynamodb') });
      restarts++;
    },
    restarts: () => restarts,
    async stop() {
      await db?.stop().catch(() => undefined);
      db = undefined;
      await ses.stop().catch(() => undefined);
      await identity.close().catch(() => undefined);
      dynamo.destroy();
      sesClient.destroy();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** How SES answers one SendEmail call. */
export type SesFault = 'ok' | 'throttle' | '5xx-before' | '5xx-after' | 'reject';

/** One message SES accepted, as the harness saw it leave: the instant is the schedule's clock. */
export interface AcceptedEmail {
  messageId: string;
  to: string;
  /** The debtor outbox key the message carries; '' for an internal notice (credit contact). */
  outboxTag: string;
  subject: string;
  atMs: number;
}

/** A Send event on its way from SES (configuration set -> SNS -> ses-events). */
interface PendingEvent {
  event: unknown;
  attempts: number;
}

export interface FaultControls {
  /** The I/O point (1-based, counted from the arming) at which the process dies. */
  crashAt?: number;
  /** Or: the process dies at the `crashOnNth` (default first) point with this name (`store.transitionOutbox:after`). */
  crashOn?: string;
  crashOnNth?: number;
  /** The I/O point at which DynamoDB Local is killed (the process lives on and meets a dead database). */
  dbDownAt?: number;
  /** How SES answers each SendEmail call of this step, in order; `ok` past the end. */
  ses?: SesFault[];
}

export interface FaultProcess {
  tenantId: string;
  apiUrl: string;
  apiKey: string;
  /** Every I/O point the process passed since the last `arm`, in order (`store.getOutbox:after`, ...). */
  trail: string[];
  /** Messages SES accepted for this tenant, with the schedule's clock at acceptance. */
  accepted: AcceptedEmail[];
  /** Whether the process was killed since the last restart. */
  killed(): boolean;
  /** Arms the faults for the next step; the point count starts again from zero. */
  arm(controls: FaultControls): void;
  /** Disarms every fault. */
  disarm(): void;
  /**
   * "Restarts" the process after a kill. `local`: as the local edition's process, everything in
   * memory is lost (the in-process queue with its messages). `sqs`: as SQS in AWS, messages not
   * yet processed (those the dead process failed, and those never received) come back.
   */
  restart(mode: 'local' | 'sqs'): void;
  /** The daily plan job (EventBridge Scheduler -> daily-run). */
  plan(): Promise<unknown>;
  /** The hourly dispatch job. */
  dispatch(): Promise<unknown>;
  /** Delivers the send queue to the sender until it is empty (or the process dies). */
  drain(): Promise<void>;
  /**
   * SQS's at-least-once delivery: one more copy of a message sent to the queue earlier (the
   * current queue's through `queue.duplicate`, an older one's by sending its body again).
   */
  duplicate(pick: (count: number) => number): boolean;
  /**
   * Delivers SES's pending Send events to the ses-events handler; a failed delivery is retried on
   * the next call (SNS retries), and after `maxAttempts` the event is lost.
   */
  deliverEvents(maxAttempts?: number): Promise<void>;
  /** Drops every pending SES event (SNS gave up). */
  loseEvents(): number;
  pendingEvents(): number;
  /** The unwrapped store, for the harness's own reads. */
  store: LedgerStore;
  close(): Promise<void>;
}

/**
 * Starts one tenant's "process": the daily-run, sender and ses-events handlers over a store,
 * queue and mailer that pass through crash points, and the API (unwrapped: the clerk's requests
 * run in another process) on a local port. `now` is the schedule's clock.
 */
export async function startFaultProcess(
  infra: FaultInfra,
  options: {
    tenantId: string;
    settings: Partial<TenantSettings>;
    now: () => Date;
    /** Milliseconds the clock moves per SES send (time passing while a batch goes out). */
    advanceClock?: (ms: number) => void;
  },
): Promise<FaultProcess> {
  const { tenantId, now } = options;
  const store = new LedgerStore(infra.doc, TABLE_NAME);
  const settings: TenantSettings = {
    tenantId,
    ...DEFAULT_SETTINGS,
    officeName: 'Fault Office',
    // A real office has a postal address; without one every message is held (no identity).
    officeAddress: '1 Harness Way, Springfield, IL 62701',
    officeEmail: 'billing@faults.example.com',
    officePhone: '+1 555 0100',
    ...options.settings,
  };
  await store.putSettings(settings);
  const apiKey = `dbk_faults_${tenantId}_${'k'.repeat(24)}`;
  await store.putApiKey(hashApiKey(apiKey), tenantId, 'fault harness');

  let controls: FaultControls = {};
  let points = 0;
  let namedSeen = 0;
  let sesCalls = 0;
  let dead = false;
  const trail: string[] = [];
  const accepted: AcceptedEmail[] = [];
  let events: PendingEvent[] = [];

  async function point(name: string): Promise<void> {
    if (dead) throw new ProcessKilledError(`the process is down (${name})`);
    points++;
    trail.push(name);
    if (controls.dbDownAt === points && infra.dbUp()) await infra.stopDb();
    if (name === controls.crashOn) namedSeen++;
    if (
      controls.crashAt === points ||
      (name === controls.crashOn && namedSeen === (controls.crashOnNth ?? 1))
    ) {
      dead = true;
      throw new ProcessKilledError(`process killed at point ${points} (${name})`);
    }
  }

  // Every public store call passes a crash point before it and after it (a write that landed, then a kill).
  const faultyStore = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string' || prop === 'constructor') return value;
      return async (...args: unknown[]) => {
        await point(`store.${prop}:before`);
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        await point(`store.${prop}:after`);
        return result;
      };
    },
  });
  const faultyLedger = new LedgerService(faultyStore);
  const settingsOf = async (t: string) => {
    await point('settings');
    return (await store.getSettings(t)) ?? { tenantId: t, ...DEFAULT_SETTINGS };
  };

  const sesError = (name: string, status: number, message: string) =>
    Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

  // SES as the SDK client sees it: faults come back as the SDK's own error shapes, so the real
  // mailer classifies them (throttle, refusal, unknown outcome).
  const faultySes = {
    async send(command: {
      input: {
        Destination?: { ToAddresses?: string[] };
        EmailTags?: { Name?: string; Value?: string }[];
        Content?: { Simple?: { Subject?: { Data?: string } } };
      };
    }) {
      await point('ses.send:before');
      const fault = controls.ses?.[sesCalls++] ?? 'ok';
      if (fault === 'throttle')
        throw sesError('TooManyRequestsException', 429, 'Maximum sending rate exceeded.');
      if (fault === 'reject') throw sesError('MessageRejected', 400, 'Email address is not verified.');
      if (fault === '5xx-before') throw sesError('InternalFailure', 500, 'SES had an internal failure.');
      const out = (await infra.sesClient.send(command as never)) as { MessageId?: string };
      const to = command.input.Destination?.ToAddresses?.[0] ?? '';
      const outboxTag = command.input.EmailTags?.find((t) => t.Name === 'outbox')?.Value ?? '';
      const messageId = out.MessageId ?? '';
      const subject = command.input.Content?.Simple?.Subject?.Data ?? '';
      accepted.push({ messageId, to, outboxTag, subject, atMs: now().getTime() });
      const tags = Object.fromEntries(
        (command.input.EmailTags ?? []).map((t) => [t.Name ?? '', [t.Value ?? '']]),
      );
      events.push({
        event: { eventType: 'Send', mail: { messageId, destination: [to], tags } },
        attempts: 0,
      });
      options.advanceClock?.(1_000);
      if (fault === '5xx-after') throw sesError('InternalFailure', 500, 'SES timed out answering.');
      await point('ses.send:after');
      return out;
    },
  };
  const mailer = createSesMailer(faultySes as unknown as SESv2Client, 'duebook-faults');

  // Unsubscribe links point at the API itself, whose port is known only once it listens.
  let api: ReturnType<typeof createApiHandler> | undefined;
  const served: ServedHandler = await serveHandler((event) => api!(event));
  api = createApiHandler({
    store,
    verifier: createIdTokenVerifier({ jwksUrl: infra.identity.jwksUrl, audiences: [FAULT_AUDIENCE] }),
    now,
    unsubscribeSecret: UNSUBSCRIBE_SECRET,
    letters: infra.letters,
    senderAddress: SENDER_ADDRESS,
    publicBaseUrl: served.url,
  });

  /** Every message ever put on the queue: the current queue's id, or the body of an older one. */
  let sentMessages: { id?: string; body: string }[] = [];
  let deadSeen = 0;
  const makeQueue = (): LocalQueue =>
    createLocalQueue({
      handler: createSenderHandler({
        store: faultyStore,
        ledger: faultyLedger,
        mailer,
        settings: settingsOf,
        senderAddress: SENDER_ADDRESS,
        publicBaseUrl: served.url,
        unsubscribeSecret: UNSUBSCRIBE_SECRET,
        now,
        ratePerSecond: 100_000,
      }),
      batchSize: 5,
      maxReceives: 3,
      now: () => now().getTime(),
    });
  let queue = makeQueue();
  const enqueue = async (m: SendMessage) => {
    await point('queue.send');
    const body = JSON.stringify(m);
    sentMessages.push({ id: queue.send(body), body });
  };
  const daily = createDailyRunHandler({
    store: faultyStore,
    enqueue,
    letters: infra.letters,
    settings: settingsOf,
    now,
    // Credit-hold notices go to the office's credit contact through the same faulty SES.
    mailer,
    senderAddress: SENDER_ADDRESS,
    publicBaseUrl: served.url,
  });
  const eventDeps = { store: faultyStore, ledger: faultyLedger, settings: settingsOf, now };

  return {
    tenantId,
    apiUrl: served.url,
    apiKey,
    trail,
    accepted,
    store,
    killed: () => dead,
    arm(c) {
      controls = c;
      points = 0;
      namedSeen = 0;
      sesCalls = 0;
      trail.length = 0;
    },
    disarm() {
      controls = {};
    },
    restart(mode) {
      dead = false;
      if (mode === 'sqs') {
        // What the dead process failed comes back to the queue (after the visibility timeout).
        const failed = queue.deadLetters().slice(deadSeen);
        deadSeen += failed.length;
        for (const r of failed) queue.send(r.body);
      } else {
        queue = makeQueue();
        deadSeen = 0;
        sentMessages = sentMessages.map(({ body }) => ({ body }));
      }
    },
    plan: () => daily({ tenantId, job: 'plan' }),
    dispatch: () => daily({ tenantId, job: 'dispatch' }),
    async drain() {
      await queue.drain();
    },
    duplicate(pick) {
      if (sentMessages.length === 0) return false;
      const m = sentMessages[pick(sentMessages.length)]!;
      if (m.id) queue.duplicate(m.id);
      else queue.send(m.body);
      return true;
    },
    async deliverEvents(maxAttempts = 3) {
      const waiting = events;
      events = [];
      for (const e of waiting) {
        try {
          await point('ses-event:before');
          await handleSesEvent(e.event, eventDeps);
        } catch (error) {
          e.attempts++;
          if (e.attempts < maxAttempts) events.push(e);
          if (dead) {
            // The rest stay with SNS for the next delivery.
            events.push(...waiting.slice(waiting.indexOf(e) + 1));
            throw error;
          }
        }
      }
    },
    loseEvents() {
      const n = events.length;
      events = [];
      return n;
    },
    pendingEvents: () => events.length,
    async close() {
      await served.close();
    },
  };
}
