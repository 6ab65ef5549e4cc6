// The API's requests-per-minute quota, exact to the second (issue #17): the office's requests are
// counted per second (quota-store.ts), and a request is admitted only while the 61 seconds up to
// its own hold at most `limit`, so no 60 s interval, wherever it starts, ever admits more.
import { RATE_BUCKETS, type RequestWindow } from '../store/quota-store.js';

export interface RateDecision {
  admit: boolean;
  /** Requests counted in the 61 whole seconds up to this one, this one included. */
  counted: number;
  /** Requests counted in the last 60 whole seconds (this one's included): what GET /v1/me shows. */
  lastMinute: number;
  /** When refused: whole seconds until a request would be admitted (>= 1). */
  retryAfterSeconds: number;
}

/**
 * Decides one request already counted in `window` (its second `window.second`). Admits while the
 * seconds `window.second - 60 .. window.second` hold at most `limit` requests; limit 0 admits all.
 *
 * The bound: take any 60 s interval [t, t + 60 s) and the last request admitted in it, in second
 * S. Every other request admitted in the interval was counted before it, in a second from
 * floor(t) >= S - 60 to S, so inside the 61 seconds it was admitted on: at most `limit` in all.
 * The price of whole seconds: a request may be refused up to one second before a 60 s window
 * measured to the millisecond would let it in (a client pacing `limit` per 61 s is never refused).
 *
 * @example decideRate({ second: 100, buckets: [{ second: 40, count: 6 }, { second: 100, count: 1 }] }, 6)
 * // refused, retry after 1 s (second 40 leaves the window at second 101)
 */
export function decideRate(window: RequestWindow, limit: number): RateDecision {
  const from = window.second - RATE_BUCKETS + 1;
  const inRange = window.buckets.filter((b) => b.second >= from && b.second <= window.second);
  const counted = inRange.reduce((n, b) => n + b.count, 0);
  const lastMinute = inRange.filter((b) => b.second > from).reduce((n, b) => n + b.count, 0);
  if (limit === 0 || counted <= limit) return { admit: true, counted, lastMinute, retryAfterSeconds: 0 };
  return { admit: false, counted, lastMinute, retryAfterSeconds: retryAfter(window.second, inRange, limit) };
}

/**
 * Seconds until one more request fits, this refused one not counted: the first k >= 1 at which the
 * seconds still inside the window (from `second + k - 60`) hold at most `limit - 1`.
 */
function retryAfter(second: number, buckets: readonly { second: number; count: number }[], limit: number) {
  // This request is taken back from its own second.
  const kept = buckets.map((b) => (b.second === second ? { ...b, count: b.count - 1 } : b));
  for (let k = 1; k <= RATE_BUCKETS; k++) {
    const from = second + k - RATE_BUCKETS + 1;
    const left = kept.reduce((n, b) => n + (b.second >= from ? b.count : 0), 0);
    if (left <= limit - 1) return k;
  }
  return RATE_BUCKETS;
}
