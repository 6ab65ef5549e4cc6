// `POST /v1/letters/appeal`'s body: apart from appeal-letters.ts, so the API parses it without
// loading the letter's drafting (core/claims, the CARC table), which only that route needs.
import * as z from '../shared/zod-mini.js';
import { officeProfileSchema } from './office-profile.js';

const id = z.string().check(z.trim(), z.minLength(1), z.maxLength(64));

/**
 * `POST /v1/letters/appeal`. The claim id is enough: the route looks the claim's row up and takes
 * its customer. A `customerId` sent along (older add-on builds do) must match the claim's.
 */
export const appealRequestSchema = z.strictObject({
  claimId: id,
  customerId: z.optional(id),
  office: z.optional(officeProfileSchema),
});
export type AppealRequest = z.infer<typeof appealRequestSchema>;
