import { CHANNELS } from '../../core/collections/contact-rules.js';
import { MAX_BODY_LENGTH, MAX_SUBJECT_LENGTH } from '../../core/collections/message-templates.js';
import { officeIdentityProblems } from '../../core/collections/templates.js';
import { isValidTimeZone } from '../../core/ledger/dates.js';
import { CONTACT_PRESETS } from '../../core/ledger/ledger.js';
import { NUMBER_FORMATS } from '../../core/ledger/money.js';
import { TAB_NAMES, type TabName } from '../../core/ledger/schema.js';
import { MAX_LADDER_STAGES, STAGE_NAME } from '../services/tenant-policy.js';
import { lazySchema } from '../shared/lazy-schema.js';
import { officeVoiceFields } from '../shared/office-voice-schema.js';
import * as z from '../shared/zod-mini.js';
import { QUEUE_DECISIONS } from './queue-decisions.js';

/** What a sheet cell can hold once it is JSON: text, a number, true/false, or empty (null). */
export const isCellValue = (v: unknown) =>
  v === null ||
  typeof v === 'string' ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v));

/** At most this many malformed cells are named in one answer. */
export const MAX_CELL_ISSUES = 20;

export const syncSchema = lazySchema(() =>
  z.object({
    tab: z.enum(TAB_NAMES),
    header: z.array(z.string().check(z.maxLength(200))).check(z.minLength(1), z.maxLength(100)),
    // A list or an object cannot come from a sheet: the chunk is malformed, not one row of it.
    columns: z.array(z.array(z.unknown())).check(
      z.superRefine((columns, ctx) => {
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
    ),
    rowNumbers: z.array(z.number().check(z.int(), z.gte(2))).check(z.maxLength(50_000)),
    deleted: z.optional(z.array(z.string().check(z.maxLength(64))).check(z.maxLength(50_000))),
    // Rows of other tabs the same sync deletes that apply to this tab's items (ledger-service.ts).
    alsoDeleted: z.optional(
      z.record(z.string(), z.array(z.string().check(z.maxLength(64))).check(z.maxLength(50_000))),
    ),
  }),
);

/** What a clerk may change from the add-on; every field optional, unknown fields refused. */
export const settingsChangeSchema = lazySchema(() =>
  z
    .partial(
      z.strictObject({
        reviewMode: z.boolean(),
        timeZone: z.string().check(z.refine(isValidTimeZone, 'not an IANA time zone (e.g. America/Chicago)')),
        contactPreset: z.enum(CONTACT_PRESETS),
        statementDay: z.number().check(z.int(), z.gte(1), z.lte(28)),
        /** The attorney or agency; '' clears it. */
        handoverTo: z.string().check(z.trim(), z.maxLength(200)),
        /** The office's credit contact (internal notices of holds and releases); '' clears it. */
        creditContactEmail: z.string().check(
          z.trim(),
          z.maxLength(254),
          z.refine((v) => v === '' || /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/.test(v), {
            message: 'must be one email address, e.g. credit@yourfirm.com',
          }),
        ),
        /** How the sheet writes amounts as text; ambiguous ones (1,500) are row errors until it is set. */
        numberFormat: z.enum(NUMBER_FORMATS),
        /** The office's legal name: a department name that sounds like a third party is refused. */
        officeName: z.string().check(
          z.trim(),
          z.minLength(2),
          z.maxLength(200),
          z.refine((name) => officeIdentityProblems({ name, address: '-' }).length === 0, {
            message: 'use the office’s real legal name, not a department name such as "Accounts receivable"',
          }),
        ),
        /** The office's postal address, printed on every message. */
        officeAddress: z.string().check(z.trim(), z.minLength(5), z.maxLength(300)),
        /** A neutral sender and subject name; '' clears it. */
        neutralName: z.string().check(z.trim(), z.maxLength(60)),
        /** false: no pay link in messages even where the deployment has Stripe keys. */
        onlinePayments: z.boolean(),
        /** What a debtor may arrange alone on the self-service page (payments/portal-page.ts). */
        portalLimits: z.partial(
          z.strictObject({
            promiseMaxDays: z.number().check(z.int(), z.gte(1), z.lte(365)),
            planMaxInstallments: z.number().check(z.int(), z.gte(2), z.lte(120)),
            planMinInstallmentMinor: z.number().check(z.int(), z.gte(0), z.lte(1_000_000_000)),
          }),
        ),
        /** The office's ladder, one channel per stage (services/tenant-policy.ts); null: the default one. */
        ladder: z.nullable(
          z
            .array(
              z.strictObject({
                stage: z
                  .string()
                  .check(
                    z.trim(),
                    z.regex(STAGE_NAME, 'a name of letters, digits, spaces and . _ -, at most 64 characters'),
                  ),
                daysPastDue: z
                  .number()
                  .check(z.int('must be a whole number of days'), z.gte(-365), z.lte(3650)),
                channel: z.enum(CHANNELS),
              }),
            )
            .check(z.minLength(1, 'needs at least one stage'), z.maxLength(MAX_LADDER_STAGES)),
        ),
        // Office identity and voice (issue #16): lambdas/shared/office-voice-schema.ts.
        ...officeVoiceFields(),
      }),
    )
    .check(z.refine((c) => Object.keys(c).length > 0, 'name at least one setting to change')),
);

/** A stage's wording shown on a real account before it is saved (`POST /v1/settings/preview`). */
export const previewSchema = lazySchema(() =>
  z.strictObject({
    stage: z.string().check(z.regex(STAGE_NAME, 'a stage id')),
    customerId: z.string().check(z.minLength(1), z.maxLength(64)),
    /** The draft wording; absent: the stage's saved (or default) wording. */
    template: z.optional(
      z.strictObject({
        subject: z.string().check(z.maxLength(MAX_SUBJECT_LENGTH + 1)),
        body: z.string().check(z.maxLength(MAX_BODY_LENGTH + 1)),
      }),
    ),
  }),
);

export const postRowSchema = lazySchema(() =>
  z.object({
    idempotencyKey: z.string().check(z.minLength(8), z.maxLength(128)),
    row: z
      .record(z.string().check(z.maxLength(200)), z.unknown())
      .check(z.refine((r) => Object.keys(r).length <= 60, 'at most 60 cells (one per column of the tab)')),
  }),
);

/** An id as the schema's ID rule allows it (core/ledger/schema.ts): at most 64 characters. */
export const MAX_ID_LENGTH = 64;
export const MAX_ID_LENGTH_FOR_ACK = MAX_ID_LENGTH;

export const queueDecisionSchema = lazySchema(() =>
  z.object({
    decision: z.enum(QUEUE_DECISIONS),
    entries: z
      .array(
        z.object({
          customerId: z.string().check(z.minLength(1), z.maxLength(MAX_ID_LENGTH)),
          stage: z.string().check(z.minLength(1), z.maxLength(MAX_ID_LENGTH)),
          // `internal:return-goods` (a credit-contact task) is the longest channel.
          channel: z.string().check(z.minLength(1), z.maxLength(32)),
          // A cycle is a due date (2026-11-23), for statements a month (2026-11), for a Stripe payment
          // held for review `payment` (UNMATCHED_PAYMENT_CYCLE: keyed by the PaymentIntent, never a day).
          cycle: z
            .string()
            .check(
              z.regex(
                /^(\d{4}-\d{2}(-\d{2})?|payment)$/,
                'must be a date (YYYY-MM-DD), a month (YYYY-MM) or payment',
              ),
            ),
        }),
      )
      .check(z.minLength(1), z.maxLength(500)),
  }),
);

/** A zod issue's path as a field name: `ladder[2].daysPastDue`, `entries[0].cycle`. */
export const fieldOf = (path: readonly PropertyKey[]) =>
  path.reduce<string>(
    (field, seg) =>
      typeof seg === 'number' ? `${field}[${seg}]` : field ? `${field}.${String(seg)}` : String(seg),
    '',
  );

export const sheetRowsAckSchema = lazySchema(() =>
  z.object({
    rows: z
      .array(
        z.object({
          tab: z.enum(TAB_NAMES),
          rowId: z.string().check(z.minLength(1), z.maxLength(MAX_ID_LENGTH_FOR_ACK)),
        }),
      )
      .check(
        z.minLength(1),
        z.maxLength(1000),
        // One delete per row: DynamoDB refuses a batch naming an item twice (that was a 500).
        z.superRefine((rows, ctx) => {
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
      ),
  }),
);

export const POSTABLE: Record<string, TabName> = {
  '/v1/payments': 'Payments',
  '/v1/promises': 'Promises',
  '/v1/plans': 'Plans',
  '/v1/notes': 'Activity',
};
