// Stage names as a clerk reads them ("60-day reminder") instead of the ladder's ids (`reminder-60`):
// the default policy's labels first, then the id's own shape for stages an office named itself.
import { DEFAULT_POLICY, VALIDATION_STAGE } from './dunning-policy.js';

const LABELS = new Map<string, string>();
for (const ladder of Object.values(DEFAULT_POLICY.ladders))
  for (const s of ladder.stages) if (!LABELS.has(s.id)) LABELS.set(s.id, s.label);
LABELS.set(VALIDATION_STAGE.id, VALIDATION_STAGE.label);

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A stage's name, capitalised: the default ladders' label, `reminder-N` as "N-day reminder", or
 * the id with its dashes as spaces (an office's own stage `Second letter` stays as written).
 *
 * @example stageName('reminder-60') // '60-day reminder'
 * @example stageName('validation-notice') // 'Validation notice'
 */
export function stageName(stageId: string): string {
  const known = LABELS.get(stageId);
  if (known) return capital(known);
  const reminder = /^reminder-(\d+)$/.exec(stageId);
  if (reminder) return `${reminder[1]}-day reminder`;
  return capital(stageId.replace(/[-_]+/g, ' ').trim());
}
