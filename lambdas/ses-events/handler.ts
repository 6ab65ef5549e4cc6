// Lambda entry for SES event notifications (SNS): wiring only.
import { ActivityLog } from '../services/activity-log.js';
import { doc, env, settingsOf, store } from '../shared/runtime-ledger.js';
import { MailStandingStore } from '../store/mail-standing-store.js';
import { createSesEventsHandler } from './app.js';

export const handler = createSesEventsHandler({
  store,
  ledger: new ActivityLog(store),
  settings: settingsOf,
  now: () => new Date(),
  standing: new MailStandingStore(doc, env.tableName),
});
