// The API's requests-per-minute quota as a sliding minute (issue #17): the estimate of the last 60 s
// weighs the previous minute's count by the share of it still inside the window, so a burst at the
// end of one minute is still counted at the start of the next (a fixed minute let 2x the limit through).
import type { RequestWindow } from '../store/quota-store.js';

export interface RateDecision {
  admit: boolean;
  /** Requests in the sliding 60 s, this one included (the previous minute weighted). */
  estimate: number;
  /** When refused: whole seconds until a request would be admitted (>= 1). */
  retryAfterSeconds: number;
}

/**
 * Decides one request already counted in `window.current`, at `msIntoMinute` ms into its minute.
 * Admits while `previous * (60 s - elapsed) / 60 s + current <= limit`; limit 0 admits everything.
 *
 * @example decideRate({ minute: 1, previous: 6, current: 1 }, 5_000, 6) // refused, retry in 5 s
 */
export function decideRate(window: RequestWindow, msIntoMinute: number, limit: number): RateDecision {
  const s = Math.min(Math.max(msIntoMinute, 0), 59_999) / 1000;
  const estimate = window.previous * (1 - s / 60) + window.current;
  if (limit === 0 || estimate <= limit) return { admit: true, estimate, retryAfterSeconds: 0 };
  return { admit: false, estimate, retryAfterSeconds: retryAfter(window, s, limit) };
}

/**
 * Seconds until one more request fits, this refused one not counted: later this minute while the
 * previous minute's weight fades, else in the next minute, once this minute's weight has faded.
 */
function retryAfter(window: RequestWindow, s: number, limit: number): number {
  const current = Math.max(window.current - 1, 0);
  const room = limit - current - 1;
  if (room >= 0 && window.previous > 0) {
    const at = 60 * (1 - room / window.previous);
    if (at < 60) return Math.max(1, Math.ceil(at - s));
  }
  const intoNext = current > 0 ? Math.max(0, 60 * (1 - (limit - 1) / current)) : 0;
  return Math.max(1, Math.ceil(60 - s + intoNext));
}
