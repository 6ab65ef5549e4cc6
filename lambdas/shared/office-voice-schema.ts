// The office identity and voice fields as JSON, validated where they enter: `POST /v1/settings`
// and the CLI's `--office` file share these definitions ('' clears a text field in Settings).
// zod/mini (shared/zod-mini.ts): the same checks in the same order as the classic build's methods.
import { MAX_BODY_LENGTH, MAX_SUBJECT_LENGTH } from '../../core/collections/message-templates.js';
import { logoProblem, OFFICE_LOGO } from '../services/office-voice.js';
import { STAGE_NAME } from '../services/tenant-policy.js';
import { onFirstUse } from './on-first-use.js';
import * as z from './zod-mini.js';

/** The fields' schemas, built on first use (lazy-schema.ts: the API builds none at cold start). */
export const officeVoiceFields = onFirstUse(() => ({
  /** The reply-to address on every email. */
  officeEmail: z.string().check(z.trim(), z.maxLength(200), z.email('not an email address')),
  officePhone: z.string().check(z.trim(), z.maxLength(40)),
  /** The name the office trades under, when it differs from its legal name. */
  tradingName: z.string().check(z.trim(), z.maxLength(200)),
  /** Who signs: at most 4 lines. */
  signature: z.string().check(
    z.trim(),
    z.maxLength(300),
    z.refine((s) => s.split(/\r?\n/).length <= 4, 'at most 4 lines'),
  ),
  paymentInstructions: z.partial(
    z.strictObject({
      bankTransfer: z.string().check(
        z.trim(),
        z.maxLength(500),
        z.refine((s) => s.split(/\r?\n/).length <= 8, 'at most 8 lines'),
      ),
      chequePayee: z.string().check(z.trim(), z.maxLength(200)),
      chequeAddress: z.string().check(z.trim(), z.maxLength(300)),
    }),
  ),
  footerText: z.string().check(z.trim(), z.maxLength(500)),
  /** A small PNG or JPEG, base64 (services/office-voice.ts OFFICE_LOGO); null removes it. */
  logo: z.nullable(
    z
      .strictObject({
        contentType: z.enum(OFFICE_LOGO.types),
        dataBase64: z
          .string()
          .check(
            z.maxLength(
              Math.ceil((OFFICE_LOGO.maxBytes * 4) / 3) + 8,
              `at most ${OFFICE_LOGO.maxBytes / 1024} KB`,
            ),
          ),
      })
      .check(
        z.superRefine((logo, ctx) => {
          const problem = logoProblem(logo);
          if (problem) ctx.addIssue({ code: 'custom', path: ['dataBase64'], message: problem });
        }),
      ),
  ),
  /** Wording per ladder stage id; null puts a stage back on the default wording of its tone. */
  templates: z.record(
    z.string().check(z.regex(STAGE_NAME, 'a stage id')),
    z.nullable(
      z.strictObject({
        subject: z.string().check(z.maxLength(MAX_SUBJECT_LENGTH + 1)),
        body: z.string().check(z.maxLength(MAX_BODY_LENGTH + 1)),
      }),
    ),
  ),
}));
