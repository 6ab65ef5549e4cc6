// The waits between a store's retries: a plain sleep, and a jittered backoff for racing writers.

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A wait that spreads racing writers apart: grows with the attempt (to 200 ms), random within it. */
export const backoff = (attempt: number) =>
  sleep(Math.random() * Math.min(200, 5 * 2 ** Math.min(attempt, 6)));
