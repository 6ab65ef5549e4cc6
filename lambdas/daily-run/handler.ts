// Lambda entry for the scheduled daily run and hourly dispatch: wiring only.
import { letters } from '../shared/letters-runtime.js';
import { enqueue, settingsOf, store } from '../shared/runtime.js';
import { createDailyRunHandler } from './app.js';

export const handler = createDailyRunHandler({
  store,
  enqueue,
  letters,
  settings: settingsOf,
  now: () => new Date(),
});
