// The office profile an appeal letter is signed with, validated where it enters: the CLI's
// --office JSON file and the letters API's request body share this one schema.
import type { OfficeProfile } from '../../core/claims/appeal-letter.js';
import * as z from '../shared/zod-mini.js';

const line = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

/** An office profile as JSON: `name` and `addressLines` required, the rest optional. */
export const officeProfileSchema = z.strictObject({
  name: line,
  addressLines: z.array(line).check(z.minLength(1), z.maxLength(6)),
  phone: z.optional(line),
  fax: z.optional(line),
  email: z.optional(line),
  npi: z.optional(z.string().check(z.trim(), z.regex(/^\d{10}$/, 'an NPI is 10 digits'))),
  taxId: z.optional(line),
  signerName: z.optional(line),
  signerTitle: z.optional(line),
});

/**
 * Stands in for the practice's details until they are configured: every value is bracketed, so
 * the letter shows plainly what to fill in and `draftAppealLetter` lists each one in its warnings.
 */
export const PLACEHOLDER_OFFICE: Readonly<OfficeProfile> = {
  name: '[Practice name]',
  addressLines: ['[Street address]', '[City, State ZIP]'],
  phone: '[Phone]',
  npi: '[NPI]',
  taxId: '[Tax ID]',
  signerName: '[Name of signer]',
};

/** The profile in `value`, or a message naming each bad field (`addressLines.0: ...`). */
export function parseOfficeProfile(
  value: unknown,
): { ok: true; office: OfficeProfile } | { ok: false; message: string } {
  const parsed = officeProfileSchema.safeParse(value);
  if (parsed.success) return { ok: true, office: parsed.data };
  return {
    ok: false,
    message: parsed.error.issues.map((i) => `${i.path.join('.') || '(profile)'}: ${i.message}`).join('; '),
  };
}
