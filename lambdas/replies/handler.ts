// Lambda entry for inbound replies (SES receipt rule: S3 action, then this function): wiring only.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ActivityLog } from '../services/activity-log.js';
import { doc, env, settingsOf, store } from '../shared/runtime-ledger.js';
import { unsubscribeSecret } from '../shared/runtime-secrets.js';
import { withMappedStacks } from '../shared/stack-map.js';
import { DebtorStore } from '../store/debtor-store.js';
import { ReplyStore } from '../store/reply-store.js';
import { createRepliesHandler } from './app.js';

/** Where the receipt rule's S3 action puts each message: `inbound/<SES message id>` (infra/constructs/inbound-mail.ts). */
export const INBOUND_PREFIX = 'inbound/';

// Set by the stack wherever this function exists (infra/constructs/function-environment.ts).
const bucket = env.inboundBucket ?? '';
const s3 = new S3Client({ region: env.region });

export const handler = withMappedStacks(
  createRepliesHandler({
    store,
    // A reply only logs an Activity row (services/replies.ts): without the rest of LedgerService
    // (sync, postings), which this function never runs.
    ledger: new ActivityLog(store),
    debtor: new DebtorStore(doc, env.tableName),
    replies: new ReplyStore(doc, env.tableName),
    settings: settingsOf,
    now: () => new Date(),
    // Top-level await: read once per cold start, before the first event.
    secret: await unsubscribeSecret(),
    replyDomain: env.replyDomain ?? '',
    rawMessage: async (id) => {
      const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${INBOUND_PREFIX}${id}` }));
      if (!res.Body) throw new Error(`inbound message ${id} has no body`);
      return res.Body.transformToByteArray();
    },
  }),
);
