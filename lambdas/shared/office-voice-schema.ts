// The office identity and voice fields as JSON, validated where they enter: `POST /v1/settings`
// and the CLI's `--office` file share these definitions ('' clears a text field in Settings).
import * as z from 'zod';
import { MAX_BODY_LENGTH, MAX_SUBJECT_LENGTH } from '../../core/collections/message-templates.js';
import { logoProblem, OFFICE_LOGO } from '../services/office-voice.js';
import { STAGE_NAME } from '../services/tenant-policy.js';

export const officeVoiceFields = {
  /** The reply-to address on every email. */
  officeEmail: z.string().trim().max(200).email('not an email address'),
  officePhone: z.string().trim().max(40),
  /** The name the office trades under, when it differs from its legal name. */
  tradingName: z.string().trim().max(200),
  /** Who signs: at most 4 lines. */
  signature: z
    .string()
    .trim()
    .max(300)
    .refine((s) => s.split(/\r?\n/).length <= 4, 'at most 4 lines'),
  paymentInstructions: z
    .object({
      bankTransfer: z
        .string()
        .trim()
        .max(500)
        .refine((s) => s.split(/\r?\n/).length <= 8, 'at most 8 lines'),
      chequePayee: z.string().trim().max(200),
      chequeAddress: z.string().trim().max(300),
    })
    .partial()
    .strict(),
  footerText: z.string().trim().max(500),
  /** A small PNG or JPEG, base64 (services/office-voice.ts OFFICE_LOGO); null removes it. */
  logo: z
    .object({
      contentType: z.enum(OFFICE_LOGO.types),
      dataBase64: z
        .string()
        .max(Math.ceil((OFFICE_LOGO.maxBytes * 4) / 3) + 8, `at most ${OFFICE_LOGO.maxBytes / 1024} KB`),
    })
    .strict()
    .superRefine((logo, ctx) => {
      const problem = logoProblem(logo);
      if (problem) ctx.addIssue({ code: 'custom', path: ['dataBase64'], message: problem });
    })
    .nullable(),
  /** Wording per ladder stage id; null puts a stage back on the default wording of its tone. */
  templates: z.record(
    z.string().regex(STAGE_NAME, 'a stage id'),
    z
      .object({
        subject: z.string().max(MAX_SUBJECT_LENGTH + 1),
        body: z.string().max(MAX_BODY_LENGTH + 1),
      })
      .strict()
      .nullable(),
  ),
};
