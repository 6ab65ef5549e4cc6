// Writes `duebook plan --json` while the plan is being made: each action goes out in a batch of
// about a MB as it is decided, so a plan of a million invoices is never held whole; the bytes are
// exactly `JSON.stringify(planCollections(input), null, 2)`.
import type {
  BlockedAction,
  PlanInput,
  PlannedInternalAction,
  planCollectionsInto,
} from '../core/collections/collection-plan.js';
import { writeJsonWithStreamedArray } from './json-out.js';

/**
 * Plans with `plan` (the planner's `planCollectionsInto`, passed in so the CLI loads it only when
 * planning) and writes the plan as JSON through `out`. Blocked and internal actions, listed after the
 * actions, are held until the end. Nothing is written if the policy is refused.
 */
export function writePlanJson(
  input: PlanInput,
  plan: typeof planCollectionsInto,
  out: (text: string) => void,
): void {
  const blocked: BlockedAction[] = [];
  const internalActions: PlannedInternalAction[] = [];
  const actions = writeJsonWithStreamedArray(
    { asOf: input.asOf, policyVersion: input.policy.version },
    'actions',
    out,
  );
  plan(input, {
    action: (a) => actions.push(a),
    blocked: (b) => void blocked.push(b),
    internalAction: (a) => void internalActions.push(a),
  });
  actions.end({ blocked, internalActions });
}
