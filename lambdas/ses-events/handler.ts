// Lambda entry for SES event notifications (SNS): wiring only.
import { lazyActivityLog } from '../services/lazy-activity-log.js';
import { doc, env, settingsOf, store } from '../shared/runtime-ledger.js';
import { withMappedStacks } from '../shared/stack-map.js';
import { MailStandingStore } from '../store/mail-standing-store.js';
import { createSesEventsHandler } from './app.js';

export const handler = withMappedStacks(
  createSesEventsHandler({
    store,
    // A Send event's contact log and account recompute, loaded by the first Send event.
    ledger: lazyActivityLog(store),
    settings: settingsOf,
    now: () => new Date(),
    standing: new MailStandingStore(doc, env.tableName),
  }),
);
