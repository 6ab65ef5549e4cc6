import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCollections } from '../../../core/collections/collection-plan.js';
import { planHoldReleases } from '../../../core/collections/credit-holds.js';
import { DEFAULT_POLICY } from '../../../core/collections/dunning-policy.js';
import { buildBook } from '../../../core/ledger/book.js';
import type { Activity, Ledger } from '../../../core/ledger/ledger.js';
import { parseTabRows } from '../../../core/ledger/schema-rows.js';
import { LOCAL_AWS_CREDENTIALS, LOCAL_AWS_REGION } from '../../../lambdas/local/dynamodb-local.js';
import { type SesLocal, startSesLocal } from '../../../lambdas/local/ses-local.js';
import {
  type CreditHoldContext,
  carryOutInternalActions,
  carryOutReleases,
  finishPending,
} from '../../../lambdas/services/credit-holds.js';
import { LedgerService } from '../../../lambdas/services/ledger-service.js';
import { createSesMailer } from '../../../lambdas/shared/mailer.js';
import { LedgerStore } from '../../../lambdas/store/ledger-store.js';
import { customer, invoice, ledgerOf, payment } from '../../support/ledger-builders.js';
import { type LocalTable, startLocalTable } from '../../support/local-table.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const TENANT = 't-hold';
const AS_OF = '2026-11-23';
const NOW = new Date('2026-11-23T14:00:00Z');

let local: LocalTable;
let ses: SesLocal;
let store: LedgerStore;
let ctx: CreditHoldContext;

beforeAll(async () => {
  [local, ses] = await Promise.all([startLocalTable('holds'), startSesLocal()]);
  store = new LedgerStore(local.doc, 'holds');
  const sesClient = new SESv2Client({
    endpoint: ses.endpoint,
    region: LOCAL_AWS_REGION,
    credentials: LOCAL_AWS_CREDENTIALS,
  });
  ctx = {
    store,
    ledger: new LedgerService(store),
    mailer: createSesMailer(sesClient, 'duebook-local'),
    from: 'billing@lakeside.example',
    contact: { name: 'Robin', email: 'credit@lakeside.example' },
    unsubscribe: { url: 'https://lakeside.example/settings', mailto: 'mailto:billing@lakeside.example' },
    timeZone: 'America/New_York',
    asOf: AS_OF,
    now: NOW,
  };
  // The customer and invoice rows as a sync would have stored them.
  const rows = (tab: 'Customers' | 'Invoices', cells: string[][]) => parseTabRows(tab, cells).records;
  await store.syncRows(
    TENANT,
    'Customers',
    'customerId',
    rows('Customers', [
      ['Customer ID', 'Name', 'Email', 'Ladder'],
      ['C1', 'Harbor Supply Co', 'ap@harbor.example', 'trade-credit'],
    ]),
    [],
    NOW.toISOString(),
  );
  await store.syncRows(
    TENANT,
    'Invoices',
    'invoiceId',
    rows('Invoices', [
      ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
      ['INV-1', 'C1', '2026-09-04', '2026-10-04', '1200.00', 'USD'],
    ]),
    [],
    NOW.toISOString(),
  );
}, 180_000);

afterAll(async () => {
  await ses?.stop();
  await local?.stop();
}, 60_000);

function heldLedger(): Ledger {
  const done = (stage: string, date: string): Activity => ({
    row: 0,
    activityId: `A-${stage}`,
    customerId: 'C1',
    date,
    type: 'email',
    direction: 'outbound',
    stage,
  });
  return ledgerOf({
    customers: [
      customer('C1', { name: 'Harbor Supply Co', email: 'ap@harbor.example', ladder: 'trade-credit' }),
    ],
    invoices: [invoice('INV-1', 'C1', '2026-10-04', 120_000)],
    activity: [
      done('reminder-1', '2026-10-05'),
      done('reminder-15', '2026-10-19'),
      done('reminder-30', '2026-11-03'),
    ],
  });
}

describe('credit-holds service', () => {
  describe('carryOutInternalActions', () => {
    it('emails the credit contact once, flags the customer and records the stage; a re-run sends nothing', async () => {
      // Prepare
      const ledger = heldLedger();
      const book = buildBook(ledger, AS_OF);
      const plan = planCollections({
        ledger,
        book,
        policy: DEFAULT_POLICY,
        asOf: AS_OF,
        now: NOW.getTime(),
        defaultTimeZone: 'America/New_York',
      });
      expect(plan.internalActions).toHaveLength(1);
      // Act
      const first = await carryOutInternalActions(TENANT, plan, ledger, book, ctx);
      const again = await carryOutInternalActions(TENANT, plan, ledger, book, ctx);
      // Assess
      expect(first.map((o) => [o.customerId, o.status])).toEqual([['C1', 'notified']]);
      expect(again.map((o) => o.status)).toEqual(['already-done']);
      const emails = await ses.emails();
      expect(emails).toHaveLength(1);
      expect(emails[0]).toMatchObject({ subject: 'Credit hold: Harbor Supply Co (C1)' });
      expect(emails[0]!.destination.to).toEqual(['credit@lakeside.example']);
      expect(emails[0]!.body.text).toContain('Balance USD 1,200.00; overdue USD 1,200.00');
      const stored = await store.customerRows(TENANT, 'C1');
      const customerRow = stored.find((r) => r.tab === 'Customers')!;
      expect(customerRow.fields.flags).toEqual(['credit-hold']);
      const note = stored.find((r) => r.tab === 'Activity')!;
      expect(note.fields).toMatchObject({
        type: 'note',
        stage: 'credit-hold',
        outcome: 'credit hold: credit-hold',
      });
      const entry = await store.getOutbox(TENANT, 'C1', 'credit-hold', 'internal:credit-hold', '2026-10-04');
      // A task in the review queue, with whom the notice went to, until a clerk marks it done.
      expect(entry).toMatchObject({ status: 'task', notifiedTo: 'credit@lakeside.example' });
      expect(entry?.messageId).toBeTruthy();
      const queue = await store.reviewQueue(TENANT);
      expect(queue.map((e) => [e.customerId, e.channel])).toContainEqual(['C1', 'internal:credit-hold']);
    }, 60_000);
  });

  describe('finishPending', () => {
    it('returns the notice waiting while no contact is set, and sends it once when one is', async () => {
      // Prepare: another customer at the same stage, an office with no credit contact yet.
      const ledger = heldLedger();
      ledger.customers[0] = { ...ledger.customers[0]!, customerId: 'C2' };
      ledger.invoices[0] = { ...ledger.invoices[0]!, customerId: 'C2', invoiceId: 'INV-2' };
      ledger.activity = ledger.activity.map((a) => ({
        ...a,
        customerId: 'C2',
        activityId: `${a.activityId}-2`,
      }));
      await store.syncRows(
        TENANT,
        'Customers',
        'customerId',
        [{ row: 2, customerId: 'C2', name: 'Harbor Supply Co', email: 'ap@harbor.example', flags: [] }],
        [],
        NOW.toISOString(),
      );
      const book = buildBook(ledger, AS_OF);
      const plan = planCollections({
        ledger,
        book,
        policy: DEFAULT_POLICY,
        asOf: AS_OF,
        now: NOW.getTime(),
        defaultTimeZone: 'America/New_York',
      });
      const { contact: _none, ...noContact } = ctx;
      await ses.clear();
      // Act
      const first = await carryOutInternalActions(TENANT, plan, ledger, book, noContact);
      const waiting = await store.getOutbox(
        TENANT,
        'C2',
        'credit-hold',
        'internal:credit-hold',
        '2026-10-04',
      );
      const sentWhileWaiting = (await ses.emails()).length;
      const later = await finishPending(TENANT, ctx);
      const again = await finishPending(TENANT, ctx);
      // Assess
      expect(first.map((o) => o.status)).toEqual(['waiting']);
      expect(waiting?.waiting).toContain('no credit contact is set');
      expect(sentWhileWaiting).toBe(0);
      expect(later.filter((o) => o.customerId === 'C2').map((o) => o.status)).toEqual(['notified']);
      expect(again.filter((o) => o.customerId === 'C2')).toEqual([]);
      const emails = await ses.emails();
      expect(emails.map((e) => e.destination.to)).toEqual([['credit@lakeside.example']]);
      const row = (await store.customerRows(TENANT, 'C2')).find((r) => r.tab === 'Customers')!;
      expect(row.fields.flags).toEqual(['credit-hold']);
    }, 60_000);
  });

  describe('finishPending after a crash', () => {
    /** The held ledger for another customer, stored as a sync would have. */
    async function heldFor(id: string): Promise<Ledger> {
      const ledger = heldLedger();
      ledger.customers[0] = { ...ledger.customers[0]!, customerId: id };
      ledger.invoices[0] = { ...ledger.invoices[0]!, customerId: id, invoiceId: `INV-${id}` };
      ledger.activity = ledger.activity.map((a) => ({
        ...a,
        customerId: id,
        activityId: `${a.activityId}-${id}`,
      }));
      await store.syncRows(
        TENANT,
        'Customers',
        'customerId',
        [{ row: 2, customerId: id, name: 'Harbor Supply Co', email: 'ap@harbor.example', flags: [] }],
        [],
        NOW.toISOString(),
      );
      return ledger;
    }
    const planOf = (ledger: Ledger) =>
      planCollections({
        ledger,
        book: buildBook(ledger, AS_OF),
        policy: DEFAULT_POLICY,
        asOf: AS_OF,
        now: NOW.getTime(),
        defaultTimeZone: 'America/New_York',
      });
    /** SES as the fault schedules inject it: `5xx-after` (accepted, answer lost) or `throttle` (nothing sent). */
    function faultySes(fault: '5xx-after' | 'throttle') {
      const real = new SESv2Client({
        endpoint: ses.endpoint,
        region: LOCAL_AWS_REGION,
        credentials: LOCAL_AWS_CREDENTIALS,
      });
      const error = (name: string, status: number, message: string) =>
        Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
      return createSesMailer(
        {
          async send(command: unknown) {
            if (fault === 'throttle')
              throw error('TooManyRequestsException', 429, 'Maximum sending rate exceeded.');
            await real.send(command as never);
            throw error('InternalFailure', 500, 'SES timed out answering.');
          },
        } as unknown as SESv2Client,
        'duebook-local',
      );
    }

    it('never sends twice a notice SES accepted before the crash: the next run leaves it for a clerk', async () => {
      // Prepare
      const ledger = await heldFor('C3');
      await ses.clear();
      // Act: SES takes the email, the process dies before recording its message id.
      const crashed = carryOutInternalActions(TENANT, planOf(ledger), ledger, buildBook(ledger, AS_OF), {
        ...ctx,
        mailer: faultySes('5xx-after'),
      });
      await expect(crashed).rejects.toThrow(/timed out/);
      const later = await finishPending(TENANT, ctx);
      const again = await finishPending(TENANT, ctx);
      // Assess
      const mine = (o: { customerId: string }) => o.customerId === 'C3';
      expect(later.filter(mine).map((o) => o.status)).toEqual(['unconfirmed']);
      expect(again.filter(mine).map((o) => o.status)).toEqual(['unconfirmed']);
      expect(await ses.emails()).toHaveLength(1);
      const entry = await store.getOutbox(TENANT, 'C3', 'credit-hold', 'internal:credit-hold', '2026-10-04');
      expect(entry).toMatchObject({ status: 'task', rule: 'delivery/unconfirmed' });
      expect(entry?.waiting).toMatch(/^may have been sent: handed to SES at 2026-11-23T14:00:00.000Z/);
      expect(entry?.messageId).toBeUndefined();
    }, 60_000);

    it('sends once later a notice SES refused to take (throttled): nothing went out, so it is not in doubt', async () => {
      const ledger = await heldFor('C4');
      await ses.clear();
      const throttled = carryOutInternalActions(TENANT, planOf(ledger), ledger, buildBook(ledger, AS_OF), {
        ...ctx,
        mailer: faultySes('throttle'),
      });
      await expect(throttled).rejects.toThrow();
      const sentWhileThrottled = (await ses.emails()).length;
      const later = await finishPending(TENANT, ctx);
      expect(sentWhileThrottled).toBe(0);
      expect(later.filter((o) => o.customerId === 'C4').map((o) => o.status)).toEqual(['notified']);
      expect((await ses.emails()).map((e) => e.subject)).toEqual(['Credit hold: Harbor Supply Co (C4)']);
    }, 60_000);
  });

  describe('carryOutReleases', () => {
    it('tells the same contact once when the account is paid', async () => {
      const base = heldLedger();
      const ledger: Ledger = {
        ...base,
        customers: [{ ...base.customers[0]!, flags: ['credit-hold'] }],
        payments: [payment('P-1', 'C1', '2026-11-28', 120_000)],
        activity: [
          ...base.activity,
          {
            row: 0,
            activityId: 'H',
            customerId: 'C1',
            date: AS_OF,
            type: 'note',
            direction: 'outbound',
            stage: 'credit-hold',
            outcome: 'credit hold: credit-hold',
          },
        ],
      };
      const book = buildBook(ledger, '2026-11-30');
      const releases = planHoldReleases(ledger, book, '2026-11-30');
      await ses.clear();
      const first = await carryOutReleases(TENANT, releases, ledger, book, ctx);
      const again = await carryOutReleases(TENANT, releases, ledger, book, ctx);
      expect([first.map((o) => o.status), again.map((o) => o.status)]).toEqual([
        ['notified'],
        ['already-done'],
      ]);
      const emails = await ses.emails();
      expect(emails.map((e) => e.subject)).toEqual(['Credit hold released: Harbor Supply Co (C1)']);
    }, 60_000);
  });
});
