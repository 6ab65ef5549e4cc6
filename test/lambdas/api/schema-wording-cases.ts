// Requests with bad (and good) fields for each schema the API and the handlers parse with zod, and
// what the API makes of them: the issues as `body()` in lambdas/api/app.ts words them (field and
// message; and zod's issue code), or the parsed value. schema-wording.json holds what the
// classic-zod schemas answered (recorded before they moved to zod/mini); schema-wording.test.ts
// compares today's answers with it.

import {
  fieldOf,
  postRowSchema,
  previewSchema,
  queueDecisionSchema,
  settingsChangeSchema,
  sheetRowsAckSchema,
  syncSchema,
} from '../../../lambdas/api/api-schemas.js';
import { clerkReleaseSchema } from '../../../lambdas/api/credit-hold-route.js';
import {
  createOfficeSchema,
  inviteSchema,
  keySchema,
  removeSchema,
  revokeSchema,
  roleSchema,
} from '../../../lambdas/api/office-routes.js';
import { identityBody, resumeBody } from '../../../lambdas/api/sending-routes.js';
import { scheduleEvent } from '../../../lambdas/daily-run/app.js';
import { appealRequestSchema } from '../../../lambdas/documents/appeal-letters.js';
import { officeProfileSchema, parseOfficeProfile } from '../../../lambdas/documents/office-profile.js';

interface Parser {
  safeParse(
    data: unknown,
  ):
    | { success: true; data: unknown }
    | { success: false; error: { issues: { path: PropertyKey[]; message: string; code?: string }[] } };
}

const long = (n: number, c = 'a') => c.repeat(n);
const PNG_1x1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const template = { subject: 'Your account', body: 'Dear {{customerName}}, please pay.' };

/** Each schema with the requests to put to it. */
export const CASES: Record<string, { schema: Parser; inputs: unknown[] }> = {
  sync: {
    schema: syncSchema as unknown as Parser,
    inputs: [
      null,
      [],
      'text',
      {},
      { tab: 'Invoices', header: ['a'], columns: [['x', 1, true, null]], rowNumbers: [2] },
      { tab: 'Nope', header: [], columns: {}, rowNumbers: [1, 2.5, 'x'] },
      {
        tab: 'Invoices',
        header: [long(201), 3],
        columns: [[{}, [1], undefined, Number.NaN]],
        rowNumbers: [2],
      },
      {
        tab: 'Customers',
        header: Array.from({ length: 101 }, () => 'h'),
        columns: [Array.from({ length: 30 }, () => ({}))],
        rowNumbers: [2],
        deleted: [long(65), 5],
        alsoDeleted: { Invoices: ['a', long(65)], Payments: 'x' },
      },
      { tab: 'Invoices', header: ['a'], columns: 'x', rowNumbers: [2], deleted: null, alsoDeleted: [] },
      {
        tab: 'Invoices',
        header: ['a'],
        columns: [[1], 'x'],
        rowNumbers: Array.from({ length: 50_001 }, () => 2),
      },
      { tab: 'Invoices', header: ['a'], columns: [[1]], rowNumbers: [2], extra: true },
    ],
  },
  settingsChange: {
    schema: settingsChangeSchema as unknown as Parser,
    inputs: [
      {},
      null,
      { reviewMode: true },
      { unknown: 1 },
      { reviewMode: 'yes', timeZone: 'Mars/Base', contactPreset: 'x', statementDay: 29 },
      { statementDay: 1.5, handoverTo: long(201), creditContactEmail: 'not an email' },
      { creditContactEmail: '  credit@firm.com  ', handoverTo: '  Agency  ', timeZone: 'America/Chicago' },
      { creditContactEmail: '', numberFormat: 'roman', officeName: 'A' },
      { officeName: 'Accounts receivable', officeAddress: 'abc' },
      {
        officeName: '  Smith Dental LLC  ',
        officeAddress: '  1 Main St, Springfield  ',
        neutralName: long(61),
      },
      {
        onlinePayments: 1,
        portalLimits: { promiseMaxDays: 0, planMaxInstallments: 121, planMinInstallmentMinor: -1, x: 1 },
      },
      { portalLimits: { promiseMaxDays: 30 } },
      { portalLimits: 'x' },
      { ladder: [] },
      { ladder: null },
      {
        ladder: [
          { stage: 'reminder', daysPastDue: 1.5, channel: 'fax' },
          { stage: 'bad/name!', daysPastDue: -400, channel: 'email', extra: 1 },
          { stage: '  final  ', daysPastDue: 4000, channel: 'letter' },
          'x',
        ],
      },
      {
        ladder: Array.from({ length: 30 }, (_, i) => ({ stage: `s${i}`, daysPastDue: i, channel: 'email' })),
      },
      { officeEmail: 'x', officePhone: long(41), tradingName: long(201) },
      { officeEmail: '  Clerk@Firm.com  ', officePhone: ' 555 ', signature: 'a\nb\nc\nd\ne' },
      { officeEmail: `${long(200)}@x.com`, signature: long(301) },
      {
        paymentInstructions: {
          bankTransfer: '1\n2\n3\n4\n5\n6\n7\n8\n9',
          chequePayee: long(201),
          chequeAddress: 3,
          iban: 'x',
        },
      },
      { paymentInstructions: { chequePayee: '  Smith  ' } },
      { footerText: long(501) },
      { logo: null },
      { logo: { contentType: 'image/gif', dataBase64: 'x' } },
      { logo: { contentType: 'image/png', dataBase64: 'not-base64!!' } },
      { logo: { contentType: 'image/png', dataBase64: PNG_1x1 } },
      { logo: { contentType: 'image/png', dataBase64: long(90_000) } },
      { logo: { contentType: 'image/png', dataBase64: PNG_1x1, extra: 1 } },
      { templates: { reminder: template, 'bad/id': template, final: null } },
      { templates: { reminder: { subject: long(2000), body: long(30_000), x: 1 } } },
      { templates: { reminder: { subject: 1 } } },
      { templates: 'x' },
    ],
  },
  preview: {
    schema: previewSchema as unknown as Parser,
    inputs: [
      {},
      { stage: 'reminder', customerId: 'C1' },
      { stage: 'bad/x', customerId: '', template: { subject: 'a', body: 'b', x: 1 } },
      { stage: 'reminder', customerId: long(65), template: { subject: long(2000), body: long(30_000) } },
      { stage: 'reminder', customerId: 'C1', extra: true },
    ],
  },
  postRow: {
    schema: postRowSchema as unknown as Parser,
    inputs: [
      {},
      { idempotencyKey: 'short', row: [] },
      { idempotencyKey: long(129), row: { a: 1 } },
      {
        idempotencyKey: 'abcdefgh',
        row: Object.fromEntries(Array.from({ length: 61 }, (_, i) => [`c${i}`, i])),
      },
      { idempotencyKey: 'abcdefgh', row: { [long(201)]: 1, ok: { nested: true } } },
      { idempotencyKey: 'abcdefgh', row: { amount: '12.50' }, extra: 1 },
    ],
  },
  queueDecision: {
    schema: queueDecisionSchema as unknown as Parser,
    inputs: [
      {},
      { decision: 'maybe', entries: [] },
      {
        decision: 'approve',
        entries: [
          { customerId: 'C1', stage: 'reminder', channel: 'email', cycle: '2026-11-23' },
          { customerId: '', stage: long(65), channel: long(33), cycle: '2026/11/23' },
          { customerId: 'C2', stage: 's', channel: 'letter', cycle: 'payment' },
          { customerId: 'C3', stage: 's', channel: 'letter', cycle: '2026-11' },
          'x',
        ],
      },
      {
        decision: 'skip',
        entries: Array.from({ length: 501 }, () => ({
          customerId: 'C',
          stage: 's',
          channel: 'c',
          cycle: 'payment',
        })),
      },
    ],
  },
  sheetRowsAck: {
    schema: sheetRowsAckSchema as unknown as Parser,
    inputs: [
      {},
      { rows: [] },
      {
        rows: [
          { tab: 'Invoices', rowId: 'I1' },
          { tab: 'Invoices', rowId: 'I1' },
          { tab: 'Payments', rowId: 'I1' },
          { tab: 'Invoices', rowId: 'I1' },
        ],
      },
      {
        rows: [
          { tab: 'Nope', rowId: '' },
          { tab: 'Invoices', rowId: long(65) },
        ],
      },
      { rows: Array.from({ length: 1001 }, (_, i) => ({ tab: 'Invoices', rowId: `I${i}` })) },
    ],
  },
  clerkRelease: {
    schema: clerkReleaseSchema as unknown as Parser,
    inputs: [
      {},
      { customerId: '   ' },
      { customerId: ' C1 ', note: 'ok' },
      { customerId: long(65), note: long(501) },
      { customerId: 1, note: 2, x: 3 },
    ],
  },
  appealRequest: {
    schema: appealRequestSchema as unknown as Parser,
    inputs: [
      {},
      { claimId: ' CL1 ' },
      { claimId: '', customerId: long(65), extra: 1 },
      { claimId: 'CL1', office: { name: 'Smith Dental', addressLines: ['1 Main St'] } },
      {
        claimId: 'CL1',
        office: { name: '', addressLines: [], phone: long(201), npi: '123', taxId: 5, signerName: ' ', x: 1 },
      },
      {
        claimId: 'CL1',
        office: {
          name: ' Smith ',
          addressLines: ['a', '', long(201), 'b', 'c', 'd', 'e'],
          npi: ' 1234567890 ',
        },
      },
      { claimId: 'CL1', office: 'x' },
    ],
  },
  officeProfile: {
    schema: officeProfileSchema as unknown as Parser,
    inputs: [null, {}, { name: 'A', addressLines: ['x'], email: '  a@b.c  ', fax: '' }],
  },
  createOffice: {
    schema: createOfficeSchema as unknown as Parser,
    inputs: [
      {},
      { name: ' Smith Dental ', timeZone: 'America/New_York', country: ' us ' },
      { name: 'A', timeZone: 'Nowhere', country: 'USA', extra: 1 },
      { name: 'Accounts receivable', timeZone: 3, country: '1x' },
      { name: long(201), timeZone: 'UTC', country: 'gb' },
    ],
  },
  invite: {
    schema: inviteSchema as unknown as Parser,
    inputs: [
      {},
      { email: ' Clerk@Firm.COM ', role: 'clerk' },
      { email: 'nope', role: 'owner', x: 1 },
      { email: `${long(250)}@x.com`, role: 'admin' },
    ],
  },
  role: {
    schema: roleSchema as unknown as Parser,
    inputs: [{}, { email: 'A@B.co', role: 'read-only' }, { email: 1, role: 2 }],
  },
  remove: {
    schema: removeSchema as unknown as Parser,
    inputs: [{}, { email: 'A@B.co' }, { email: 'a@b', x: 1 }],
  },
  key: {
    schema: keySchema as unknown as Parser,
    inputs: [{}, { name: '   ' }, { name: ' sheet ' }, { name: long(61) }, { name: 'k', x: 1 }],
  },
  revoke: {
    schema: revokeSchema as unknown as Parser,
    inputs: [{}, { id: 'key_0123456789ab' }, { id: 'key_x' }, { id: 'key_0123456789ab', x: 1 }],
  },
  identity: {
    schema: identityBody as unknown as Parser,
    inputs: [
      {},
      { domain: 'firm.com' },
      { domain: '', fromAddress: long(255) },
      { domain: long(254), x: 1 },
      { domain: 'a.com', fromAddress: 'billing@a.com' },
    ],
  },
  resume: {
    schema: resumeBody as unknown as Parser,
    inputs: [{}, { note: '  ' }, { note: ' fixed ' }, { note: long(501) }, { note: 'x', y: 1 }],
  },
  scheduleEvent: {
    schema: scheduleEvent as unknown as Parser,
    inputs: [
      null,
      {},
      { tenantId: 't1' },
      { tenantId: 't1', job: 'dispatch' },
      { tenantId: 1, job: 'x' },
      { tenantId: 't', extra: 1 },
    ],
  },
};

/** What `body()` answers: the issues by field, or the parsed value. */
export function answer(schema: Parser, input: unknown): unknown {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { data: parsed.data };
  return {
    issues: parsed.error.issues.map((i) => ({
      field: fieldOf(i.path) || '(body)',
      message: i.message,
      code: i.code,
    })),
  };
}

/** Every case's answer, by schema, in order; and parseOfficeProfile's messages (the CLI's --office). */
export function allAnswers(): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [name, { schema, inputs }] of Object.entries(CASES))
    out[name] = inputs.map((i) => answer(schema, i));
  out.parseOfficeProfile = [
    ...CASES.officeProfile!.inputs,
    { name: '', addressLines: [long(201)], npi: 'x', y: 1 },
  ].map((i) => parseOfficeProfile(i));
  return out;
}
