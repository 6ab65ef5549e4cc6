// POST /v1/credit-holds/release: its body's schema (its row is in routes.ts).
import { lazySchema } from '../shared/lazy-schema.js';
import * as z from '../shared/zod-mini.js';

/** As the API's other id fields: a DynamoDB key part. */
const MAX_ID_LENGTH = 64;

export const clerkReleaseSchema = lazySchema(() =>
  z.object({
    customerId: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_ID_LENGTH)),
    /** Why the clerk lifts it; quoted in the notice and the Activity note. */
    note: z.optional(z.string().check(z.maxLength(500))),
  }),
);
