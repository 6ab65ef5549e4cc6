// POST /v1/credit-holds/release: its body's schema (its row is in routes.ts).
import * as z from 'zod';

/** As the API's other id fields: a DynamoDB key part. */
const MAX_ID_LENGTH = 64;

export const clerkReleaseSchema = z.object({
  customerId: z.string().trim().min(1).max(MAX_ID_LENGTH),
  /** Why the clerk lifts it; quoted in the notice and the Activity note. */
  note: z.string().max(500).optional(),
});
