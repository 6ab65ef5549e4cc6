// POST /v1/credit-holds/release: its row in the API's route table and its body's schema.
import { z } from 'zod';

/** As the API's other id fields: a DynamoDB key part. */
const MAX_ID_LENGTH = 64;

export const CREDIT_HOLD_RELEASE_PATH = '/v1/credit-holds/release';

export const CREDIT_HOLD_RELEASE_ROUTE = {
  method: 'POST',
  path: CREDIT_HOLD_RELEASE_PATH,
  purpose: "lift a customer's credit hold on a clerk's decision (tells the credit contact once)",
  access: 'signed-in',
} as const;

export const clerkReleaseSchema = z.object({
  customerId: z.string().trim().min(1).max(MAX_ID_LENGTH),
  /** Why the clerk lifts it; quoted in the notice and the Activity note. */
  note: z.string().max(500).optional(),
});
