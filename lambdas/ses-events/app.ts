// The ses-events handler: SES event notifications arrive through SNS, one JSON event per record.
import type { SNSEvent } from 'aws-lambda';
import { handleSesEvent } from '../services/ses-events.js';
import { log } from '../shared/log.js';

export function createSesEventsHandler(deps: Parameters<typeof handleSesEvent>[1]) {
  return async function handler(event: SNSEvent) {
    const outcomes = [];
    for (const record of event.Records) {
      let body: unknown;
      try {
        body = JSON.parse(record.Sns.Message);
      } catch {
        outcomes.push({ eventType: 'unknown', action: 'ignored', detail: 'message is not JSON' });
        continue;
      }
      outcomes.push(await handleSesEvent(body, deps));
    }
    log('info', 'ses events', { outcomes });
    return outcomes;
  };
}
