import * as z from 'zod';
import { CHANNELS } from '../../core/collections/contact-rules.js';
import { MAX_BODY_LENGTH, MAX_SUBJECT_LENGTH } from '../../core/collections/message-templates.js';
import { officeIdentityProblems } from '../../core/collections/templates.js';
import { isValidTimeZone } from '../../core/ledger/dates.js';
import { CONTACT_PRESETS } from '../../core/ledger/ledger.js';
import { NUMBER_FORMATS } from '../../core/ledger/money.js';
import { TAB_NAMES, type TabName } from '../../core/ledger/schema.js';
import { MAX_LADDER_STAGES, STAGE_NAME } from '../services/tenant-policy.js';
import { officeVoiceFields } from '../shared/office-voice-schema.js';
import { QUEUE_DECISIONS } from './queue-actions.js';

/** What a sheet cell can hold once it is JSON: text, a number, true/false, or empty (null). */
export const isCellValue = (v: unknown) =>
  v === null ||
  typeof v === 'string' ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v));

/** At most this many malformed cells are named in one answer. */
export const MAX_CELL_ISSUES = 20;

export const syncSchema = z.object({
  tab: z.enum(TAB_NAMES),
  header: z.array(z.string().max(200)).min(1).max(100),
  // A list or an object cannot come from a sheet: the chunk is malformed, not one row of it.
  columns: z.array(z.array(z.unknown())).superRefine((columns, ctx) => {
    let issues = 0;
    for (let c = 0; c < columns.length && issues < MAX_CELL_ISSUES; c++) {
      const column = columns[c]!;
      for (let r = 0; r < column.length && issues < MAX_CELL_ISSUES; r++) {
        if (isCellValue(column[r])) continue;
        issues++;
        ctx.addIssue({
          code: 'custom',
          path: [c, r],
          message: `is ${Array.isArray(column[r]) ? 'a list' : typeof column[r]}; a cell is text, a number, true/false or null`,
        });
      }
    }
  }),
  rowNumbers: z.array(z.number().int().min(2)).max(50_000),
  deleted: z.array(z.string().max(64)).max(50_000).optional(),
  // Rows of other tabs the same sync deletes that apply to this tab's items (ledger-service.ts).
  alsoDeleted: z.record(z.string(), z.array(z.string().max(64)).max(50_000)).optional(),
});

/** What a clerk may change from the add-on; every field optional, unknown fields refused. */
export const settingsChangeSchema = z
  .object({
    reviewMode: z.boolean(),
    timeZone: z.string().refine(isValidTimeZone, 'not an IANA time zone (e.g. America/Chicago)'),
    contactPreset: z.enum(CONTACT_PRESETS),
    statementDay: z.number().int().min(1).max(28),
    /** The attorney or agency; '' clears it. */
    handoverTo: z.string().trim().max(200),
    /** The office's credit contact (internal notices of holds and releases); '' clears it. */
    creditContactEmail: z
      .string()
      .trim()
      .max(254)
      .refine((v) => v === '' || /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/.test(v), {
        message: 'must be one email address, e.g. credit@yourfirm.com',
      }),
    /** How the sheet writes amounts as text; ambiguous ones (1,500) are row errors until it is set. */
    numberFormat: z.enum(NUMBER_FORMATS),
    /** The office's legal name: a department name that sounds like a third party is refused. */
    officeName: z
      .string()
      .trim()
      .min(2)
      .max(200)
      .refine((name) => officeIdentityProblems({ name, address: '-' }).length === 0, {
        message: 'use the office’s real legal name, not a department name such as "Accounts receivable"',
      }),
    /** The office's postal address, printed on every message. */
    officeAddress: z.string().trim().min(5).max(300),
    /** A neutral sender and subject name; '' clears it. */
    neutralName: z.string().trim().max(60),
    /** false: no pay link in messages even where the deployment has Stripe keys. */
    onlinePayments: z.boolean(),
    /** What a debtor may arrange alone on the self-service page (payments/portal-page.ts). */
    portalLimits: z
      .object({
        promiseMaxDays: z.number().int().min(1).max(365),
        planMaxInstallments: z.number().int().min(2).max(120),
        planMinInstallmentMinor: z.number().int().min(0).max(1_000_000_000),
      })
      .partial()
      .strict(),
    /** The office's ladder, one channel per stage (services/tenant-policy.ts); null: the default one. */
    ladder: z
      .array(
        z
          .object({
            stage: z
              .string()
              .trim()
              .regex(STAGE_NAME, 'a name of letters, digits, spaces and . _ -, at most 64 characters'),
            daysPastDue: z.number().int('must be a whole number of days').min(-365).max(3650),
            channel: z.enum(CHANNELS),
          })
          .strict(),
      )
      .min(1, 'needs at least one stage')
      .max(MAX_LADDER_STAGES)
      .nullable(),
    // Office identity and voice (issue #16): lambdas/shared/office-voice-schema.ts.
    ...officeVoiceFields,
  })
  .partial()
  .strict()
  .refine((c) => Object.keys(c).length > 0, 'name at least one setting to change');

/** A stage's wording shown on a real account before it is saved (`POST /v1/settings/preview`). */
export const previewSchema = z
  .object({
    stage: z.string().regex(STAGE_NAME, 'a stage id'),
    customerId: z.string().min(1).max(64),
    /** The draft wording; absent: the stage's saved (or default) wording. */
    template: z
      .object({ subject: z.string().max(MAX_SUBJECT_LENGTH + 1), body: z.string().max(MAX_BODY_LENGTH + 1) })
      .strict()
      .optional(),
  })
  .strict();

export const postRowSchema = z.object({
  idempotencyKey: z.string().min(8).max(128),
  row: z
    .record(z.string().max(200), z.unknown())
    .refine((r) => Object.keys(r).length <= 60, 'at most 60 cells (one per column of the tab)'),
});

/** An id as the schema's ID rule allows it (core/ledger/schema.ts): at most 64 characters. */
export const MAX_ID_LENGTH = 64;
export const MAX_ID_LENGTH_FOR_ACK = MAX_ID_LENGTH;

export const queueDecisionSchema = z.object({
  decision: z.enum(QUEUE_DECISIONS),
  entries: z
    .array(
      z.object({
        customerId: z.string().min(1).max(MAX_ID_LENGTH),
        stage: z.string().min(1).max(MAX_ID_LENGTH),
        // `internal:return-goods` (a credit-contact task) is the longest channel.
        channel: z.string().min(1).max(32),
        // A cycle is a due date (2026-11-23), for statements a month (2026-11), for a Stripe payment
        // held for review `payment` (UNMATCHED_PAYMENT_CYCLE: keyed by the PaymentIntent, never a day).
        cycle: z
          .string()
          .regex(
            /^(\d{4}-\d{2}(-\d{2})?|payment)$/,
            'must be a date (YYYY-MM-DD), a month (YYYY-MM) or payment',
          ),
      }),
    )
    .min(1)
    .max(500),
});

/** A zod issue's path as a field name: `ladder[2].daysPastDue`, `entries[0].cycle`. */
export const fieldOf = (path: readonly PropertyKey[]) =>
  path.reduce<string>(
    (field, seg) =>
      typeof seg === 'number' ? `${field}[${seg}]` : field ? `${field}.${String(seg)}` : String(seg),
    '',
  );

export const sheetRowsAckSchema = z.object({
  rows: z
    .array(z.object({ tab: z.enum(TAB_NAMES), rowId: z.string().min(1).max(MAX_ID_LENGTH_FOR_ACK) }))
    .min(1)
    .max(1000)
    // One delete per row: DynamoDB refuses a batch naming an item twice (that was a 500).
    .superRefine((rows, ctx) => {
      const firstAt = new Map<string, number>();
      rows.forEach((r, i) => {
        const key = `${r.tab}#${r.rowId}`;
        const earlier = firstAt.get(key);
        if (earlier === undefined) firstAt.set(key, i);
        else
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: `${r.tab} "${r.rowId}" is already rows[${earlier}]`,
          });
      });
    }),
});

export const POSTABLE: Record<string, TabName> = {
  '/v1/payments': 'Payments',
  '/v1/promises': 'Promises',
  '/v1/plans': 'Plans',
  '/v1/notes': 'Activity',
};
