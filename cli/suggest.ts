// "Did you mean ...?" for a mistyped command or option: the closest known name by edit distance.
import { editDistance } from '../core/ledger/schema-cells.js';

export { editDistance };

/**
 * The known name closest to `typed`, when it is close enough to be a typo (at most a third of its
 * length, and at most 3 edits) or `typed` is a prefix of exactly one name; otherwise undefined.
 *
 * @example suggest('statment', ['statement', 'age']) // 'statement'
 */
export function suggest(typed: string, known: readonly string[]): string | undefined {
  const prefixed = known.filter((k) => typed.length >= 2 && k.startsWith(typed));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = editDistance(typed, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  const limit = Math.min(3, Math.max(1, Math.floor(typed.length / 3)));
  return bestDistance <= limit ? best : undefined;
}

/** ` Did you mean "x"?` or nothing. */
export function didYouMean(typed: string, known: readonly string[]): string {
  const s = suggest(typed, known);
  return s ? ` (did you mean "${s}"?)` : '';
}
