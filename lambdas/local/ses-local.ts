// Runs the aws-ses-v2-local SES emulator in this process on 127.0.0.1 and reads back what it received.
import type { Server } from 'node:http';
import sesModule from 'aws-ses-v2-local';
import { z } from 'zod';

/*
 * What survives the emulator (aws-ses-v2-local 2.10.2, read from its dist/v2/sendEmail.js and
 * dist/store.js):
 * - SES v2 SendEmail with `Content.Simple.Headers` or `Content.Template.Headers`: every header is
 *   stored verbatim as `{ name, value }`, in the order sent, names not case-folded, duplicates kept
 *   (so `List-Unsubscribe` and `List-Unsubscribe-Post` come back exactly as sent). When no headers
 *   are sent the `headers` field is absent.
 * - SES v2 SendBulkEmail: the template's headers merged with each entry's replacement headers.
 * - SES v2 `Content.Raw` and the SES v1 API: no headers at all are kept; only from, reply-to,
 *   to/cc/bcc, subject, text/html body and attachments are parsed out of the MIME message.
 * - Never stored: `ConfigurationSetName`, `EmailTags`, `ListManagementOptions`, charsets, and the
 *   headers real SES adds (Message-ID, Date, MIME-Version). Check the configuration set in the
 *   mailer's own tests (the SDK command input), not through `emails()`.
 */

const storedEmailSchema = z.object({
  messageId: z.string(),
  from: z.string(),
  replyTo: z.array(z.string()),
  destination: z.object({ to: z.array(z.string()), cc: z.array(z.string()), bcc: z.array(z.string()) }),
  subject: z.string(),
  body: z.object({ html: z.string().optional(), text: z.string().optional() }),
  attachments: z.array(
    z.object({
      content: z.string(),
      contentType: z.string(),
      filename: z.string().optional(),
      size: z.number(),
    }),
  ),
  headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
  /** Epoch seconds when the emulator stored the email. */
  at: z.number(),
});

const storeSchema = z.object({ emails: z.array(storedEmailSchema) });

/** One email as aws-ses-v2-local keeps it (`GET /store`). `headers` only for v2 Simple/Template content. */
export type StoredEmail = z.infer<typeof storedEmailSchema>;

export interface SesLocalOptions {
  /** Port to listen on; the OS picks a free one when omitted. */
  port?: number;
}

export interface SesLocal {
  /** SES API endpoint for `new SESv2Client({ endpoint, region, credentials })`. */
  endpoint: string;
  /** The emulator's web inbox. */
  inboxUrl: string;
  /** Every email received since start (or the last `clear()`), oldest first. */
  emails(options?: { sinceEpochSeconds?: number }): Promise<StoredEmail[]>;
  /** Empties the emulator's store (emails and templates). */
  clear(): Promise<void>;
  /** Stops listening and drops open connections. Idempotent. */
  stop(): Promise<void>;
}

type ServerFactory = (config?: Partial<{ host: string; port: number }>) => Promise<Server>;

// The package is CommonJS with `exports.default = server`; depending on the loader (Node's ESM
// interop, tsx, vitest) the default import is the function itself or the exports object.
function serverFactory(): ServerFactory {
  const candidate: unknown = sesModule;
  if (typeof candidate === 'function') return candidate as ServerFactory;
  const inner = (candidate as { default?: unknown } | undefined)?.default;
  if (typeof inner === 'function') return inner as ServerFactory;
  throw new Error('aws-ses-v2-local does not export a server function; check the installed version');
}

let running = false;

/**
 * Starts aws-ses-v2-local in this process, bound to 127.0.0.1.
 *
 * The emulator keeps its store in module state, so one process can run one instance at a time;
 * starting a second while the first runs throws.
 *
 * @example
 * const ses = await startSesLocal();
 * const client = new SESv2Client({ endpoint: ses.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
 */
export async function startSesLocal(options: SesLocalOptions = {}): Promise<SesLocal> {
  if (running) {
    throw new Error('aws-ses-v2-local is already running in this process (its email store is per process)');
  }
  running = true;
  let server: Server;
  try {
    server = await serverFactory()({ host: '127.0.0.1', port: options.port ?? 0 });
  } catch (error) {
    running = false;
    throw error;
  }
  const address = server.address();
  if (typeof address !== 'object' || address === null) {
    server.close();
    running = false;
    throw new Error('aws-ses-v2-local started without a TCP address');
  }
  const base = `http://127.0.0.1:${address.port}`;
  let stopping: Promise<void> | undefined;

  return {
    endpoint: base,
    inboxUrl: `${base}/`,
    async emails(query = {}) {
      const url = new URL('/store', base);
      if (query.sinceEpochSeconds !== undefined)
        url.searchParams.set('since', String(query.sinceEpochSeconds));
      const response = await fetch(url);
      if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
      return storeSchema.parse(await response.json()).emails;
    },
    async clear() {
      const response = await fetch(new URL('/clear-store', base), { method: 'POST' });
      if (!response.ok) throw new Error(`POST /clear-store answered ${response.status}`);
    },
    stop() {
      stopping ??= new Promise<void>((resolve, reject) => {
        server.close((error) => {
          running = false;
          if (error) reject(error);
          else resolve();
        });
        // The SDK keeps connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
