// Lambda entry for SES event notifications (SNS): wiring only.
import { ledger, settingsOf, store } from '../shared/runtime.js';
import { createSesEventsHandler } from './app.js';

export const handler = createSesEventsHandler({ store, ledger, settings: settingsOf, now: () => new Date() });
