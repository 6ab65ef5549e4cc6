// Lambda entry for the office worker (the office queue's consumer): wiring only.
import { performance } from 'node:perf_hooks';
import { letters } from '../shared/letters-runtime.js';
import { createSesMailer } from '../shared/mailer.js';
import { doc, env, settingsOf, store } from '../shared/runtime-ledger.js';
import { sesOnFirstUse as ses } from '../shared/runtime-mail.js';
import { enqueue } from '../shared/runtime-queue.js';
import { withMappedStacks } from '../shared/stack-map.js';
import { OfficeStore } from '../store/office-store.js';
import { createOfficeWorkerHandler } from './worker.js';

export const handler = withMappedStacks(
  createOfficeWorkerHandler({
    store,
    enqueue,
    letters,
    // Internal notices to the office's credit contact (credit holds and releases).
    mailer: createSesMailer(ses, env.sesConfigurationSet),
    senderAddress: env.senderAddress,
    publicBaseUrl: env.publicBaseUrl,
    offices: new OfficeStore(doc, env.tableName),
    settings: settingsOf,
    now: () => new Date(),
    elapsed: () => performance.now(),
    // Rows stored before the rules across tabs, one table segment a day for one pass (after a plan
    // job only, so its code loads then).
    sweep: async (tenantId, asOf) =>
      (await import('../services/cross-customer-sweep.js')).sweepCrossCustomer(store, tenantId, asOf),
    // Embedded metric format, written to stdout itself so the line is the document alone (no
    // console prefix), as CloudWatch needs to read it.
    metric: (_run, document) => {
      process.stdout.write(`${JSON.stringify(document)}\n`);
    },
  }),
);
