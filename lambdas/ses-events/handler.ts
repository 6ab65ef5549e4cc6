// Lambda entry for SES event notifications (SNS): wiring only.
import { doc, env, ledger, settingsOf, store } from '../shared/runtime.js';
import { MailStandingStore } from '../store/mail-standing-store.js';
import { createSesEventsHandler } from './app.js';

export const handler = createSesEventsHandler({
  store,
  ledger,
  settings: settingsOf,
  now: () => new Date(),
  standing: new MailStandingStore(doc, env.tableName),
});
