// Retention for deceased customers: personal data is cleared a set time after the office learned of
// the death, while amounts, dates, ids, statuses and the audit trail stay.

import { debtorTypeOf, ruleCovers } from '../compliance/debtor-type.js';
import { contactRulesFor } from '../compliance/jurisdiction.js';
import { type Book, buildBook } from '../ledger/book.js';
import { addDays, fromDay, type IsoDate, toDay } from '../ledger/dates.js';
import type { Activity, ContactPreset, Customer, Ledger } from '../ledger/ledger.js';
import { type LedgerChanges, nextId } from './tracing.js';

/**
 * Days personal data is kept after `deceasedOn`. A year covers the time creditors have to present
 * a claim against an estate (the Uniform Probate Code's bar is one year after death, § 3-803;
 * most states' notice periods are shorter) and the estate's reply, after which the office needs
 * the amounts and the history, not the person's name, email, phone or address.
 */
export const DEFAULT_RETENTION_DAYS = 365;

/** The Activity outcome that marks a customer's purge; a customer with one is never purged again. */
export const PURGE_OUTCOME = 'personal-data-purged';

/** The name a purged customer's row keeps. */
export const purgedName = (customerId: string) => `Deceased customer ${customerId}`;

/** Days records are kept after the last collection activity: 3 years (12 CFR 1006.100(b)). */
export const RECORDS_RETENTION_DAYS = 3 * 365;

/**
 * The retention rules besides the deceased period, as data: each applies to some customers and
 * keeps their records a number of days after their last activity. The purge waits for the longest.
 */
export const RETENTION_RULES: readonly {
  id: string;
  citation: string;
  appliesTo: string;
  days: number;
}[] = [
  {
    id: 'retention/records-3y-nyc',
    citation: '6 RCNY 5-77 (records kept 3 years); 12 CFR 1006.100(b)',
    appliesTo: 'customers under New York City rules (Contact Rules cell or address in the five boroughs)',
    days: RECORDS_RETENTION_DAYS,
  },
  {
    id: 'retention/records-3y-placed',
    citation: '12 CFR 1006.100(b) (records kept 3 years after the last collection activity)',
    appliesTo: 'accounts placed with an agency or attorney (flag `placed` or a Placed On date)',
    days: RECORDS_RETENTION_DAYS,
  },
];

/**
 * The archive's hold per customer: copies of messages sent are kept `keepDays` (3 years,
 * 12 CFR 1006.100(b)) after the last one, counted from its UTC day. For `PurgeOptions.archiveHeldUntil`.
 *
 * @example archiveHoldsOf([{ customerId: 'C-1', sentAt: '2025-05-20T14:00:00Z' }]).get('C-1') // '2028-05-19'
 */
export function archiveHoldsOf(
  messages: Iterable<{ customerId: string; sentAt: string }>,
  keepDays: number = RECORDS_RETENTION_DAYS,
): Map<string, IsoDate> {
  const last = new Map<string, number>();
  for (const m of messages) {
    const day = toDay(m.sentAt.slice(0, 10));
    if (day > (last.get(m.customerId) ?? Number.NEGATIVE_INFINITY)) last.set(m.customerId, day);
  }
  return new Map([...last].map(([customerId, day]) => [customerId, fromDay(day + keepDays)]));
}

export interface PurgeOptions {
  /** Days after `deceasedOn` from which personal data is purged (default `DEFAULT_RETENTION_DAYS`). */
  retentionDays?: number;
  /**
   * Per customer, the day until which copies of messages sent to them must be kept (the archive of
   * sent messages); the purge waits until then.
   */
  archiveHeldUntil?: ReadonlyMap<string, IsoDate>;
  /** The office's default contact rules, for deciding who is under New York City rules. */
  defaultPreset?: ContactPreset;
  /** Who runs the purge, recorded on the Activity row. */
  by?: string;
}

/** A deceased customer the purge left alone and why. */
export interface PurgeSkip {
  customerId: string;
  /**
   * `retention/no-deceased-date`, `retention/no-deceased-flag`, `retention/within-retention`,
   * `retention/open-placement`, `retention/records-3y-nyc`, `retention/records-3y-placed`,
   * `retention/archive-hold`.
   */
  rule: string;
  reason: string;
  /** For `retention/within-retention`: the first day the purge applies. */
  purgeOn?: IsoDate;
}

export interface PurgeResult {
  /** Every row to write; empty when nothing is due. */
  changes: LedgerChanges;
  /** Customers purged by these changes, each with the sentence recorded on its Activity row. */
  purged: { customerId: string; deceasedOn: IsoDate; explanation: string }[];
  /** Customers an earlier purge already handled (they have a purge Activity row). */
  alreadyPurged: string[];
  /** Deceased customers not purged: no date (never purged on a guess), no flag, or not yet due. */
  skipped: PurgeSkip[];
}

/**
 * Purges the personal data of deceased customers from `deceasedOn + retentionDays` on: the name
 * becomes `Deceased customer <id>`; email, phone and address are cleared; so are the old and new
 * values and notes of their Contact Changes, the notes of their Activity, Promises and Plans, and
 * the descriptions of their invoices (which in a medical office can name a visit). Amounts, dates,
 * ids, statuses, flags, outcomes, who did what and system-written fee notes stay, so balances,
 * reports and the audit trail are unchanged. Each purge adds an Activity row with the rule and
 * the dates it used. Claims are left alone: medical-record retention rules differ by state and
 * payer, and a claim can still be appealed after the patient's death.
 *
 * Customers are purged only with both the `deceased` flag and a `deceasedOn` date; the others are
 * listed in `skipped`. Running it again changes nothing (a purged customer has its Activity row).
 * Throws a `RangeError` for a negative or fractional `retentionDays`.
 *
 * @example purgeDeceased(ledger, '2027-09-02').purged // [{ customerId: 'C-1006', ... }]
 */
export function purgeDeceased(ledger: Ledger, asOf: IsoDate, options: PurgeOptions = {}): PurgeResult {
  const retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  if (!Number.isSafeInteger(retentionDays) || retentionDays < 0) {
    throw new RangeError(`retentionDays must be a whole number of days, not ${retentionDays}`);
  }
  const rule = `retention/deceased-${retentionDays}d`;
  const asOfDay = toDay(asOf);
  const purgedBefore = new Set(
    ledger.activity.filter((a) => a.outcome === PURGE_OUTCOME).map((a) => a.customerId),
  );
  const result: PurgeResult = {
    changes: {
      updated: { customers: [], contactChanges: [], activity: [], promises: [], plans: [], invoices: [] },
      added: { activity: [] },
    },
    purged: [],
    alreadyPurged: [],
    skipped: [],
  };
  const { updated, added } = result.changes;
  const takenIds = ledger.activity.map((a) => a.activityId);
  const book = buildBook(ledger, asOf);
  const lastActivity = new Map<string, number>();
  const seen = (customerId: string, date: IsoDate) => {
    const d = toDay(date);
    if (d > (lastActivity.get(customerId) ?? Number.NEGATIVE_INFINITY)) lastActivity.set(customerId, d);
  };
  for (const a of ledger.activity) if (a.outcome !== PURGE_OUTCOME) seen(a.customerId, a.date);
  for (const p of ledger.payments) seen(p.customerId, p.date);
  for (const i of ledger.invoices) seen(i.customerId, i.invoiceDate);
  /** The longest hold beyond the deceased period still running on `asOf`, if any. */
  const longerHold = (c: Customer): { rule: string; reason: string; until: IsoDate } | undefined => {
    let best: { rule: string; reason: string; until: IsoDate } | undefined;
    const consider = (rule: string, untilDay: number, reason: string) => {
      if (untilDay > asOfDay && (!best || untilDay > toDay(best.until))) {
        best = { rule, reason, until: fromDay(untilDay) };
      }
    };
    const last = lastActivity.get(c.customerId);
    if (last !== undefined) {
      const nyc =
        ruleCovers('retention/records-3y-nyc', debtorTypeOf(c).type) &&
        contactRulesFor(c, options.defaultPreset ?? 'federal').preset === 'new-york-city';
      const placed = c.flags.includes('placed') || c.placedOn !== undefined;
      for (const r of RETENTION_RULES) {
        const applies = r.id === 'retention/records-3y-nyc' ? nyc : placed;
        if (applies) {
          consider(
            r.id,
            last + r.days,
            `kept until ${fromDay(last + r.days)}: ${r.appliesTo}, ${r.days} days after the last activity on ${fromDay(last)} (${r.citation})`,
          );
        }
      }
    }
    const archived = options.archiveHeldUntil?.get(c.customerId);
    if (archived !== undefined) {
      consider(
        'retention/archive-hold',
        toDay(archived),
        `copies of messages sent are kept until ${archived}`,
      );
    }
    return best;
  };
  const due: Customer[] = [];
  for (const c of ledger.customers) {
    const flagged = c.flags.includes('deceased');
    if (!flagged && c.deceasedOn === undefined) continue;
    if (purgedBefore.has(c.customerId)) {
      result.alreadyPurged.push(c.customerId);
    } else if (!flagged) {
      result.skipped.push({
        customerId: c.customerId,
        rule: 'retention/no-deceased-flag',
        reason: `Deceased On is ${c.deceasedOn} but the deceased flag is not set: set the flag (contact must stop) or clear the date`,
      });
    } else if (c.deceasedOn === undefined) {
      result.skipped.push({
        customerId: c.customerId,
        rule: 'retention/no-deceased-date',
        reason: 'flagged deceased with no Deceased On date: enter the day the office learned of the death',
      });
    } else if (c.flags.includes('placed') && openMinorOf(book, c.customerId) > 0) {
      result.skipped.push({
        customerId: c.customerId,
        rule: 'retention/open-placement',
        reason: `the account is placed with ${c.placedWith ?? 'an agency or attorney'} and still has a balance: never purged while the placement is open`,
      });
    } else if (longerHold(c) !== undefined) {
      const hold = longerHold(c)!;
      result.skipped.push({
        customerId: c.customerId,
        rule: hold.rule,
        reason: hold.reason,
        purgeOn: hold.until,
      });
    } else if (toDay(c.deceasedOn) + retentionDays > asOfDay) {
      const purgeOn = addDays(c.deceasedOn, retentionDays);
      result.skipped.push({
        customerId: c.customerId,
        rule: 'retention/within-retention',
        reason: `kept until ${purgeOn} (${retentionDays} days after ${c.deceasedOn})`,
        purgeOn,
      });
    } else {
      due.push(c);
    }
  }
  const ids = new Set(due.map((c) => c.customerId));
  for (const c of due) {
    updated.customers!.push({
      ...c,
      name: purgedName(c.customerId),
      email: undefined,
      phone: undefined,
      address: undefined,
    });
  }
  for (const cc of ledger.contactChanges) {
    if (!ids.has(cc.customerId) || (cc.oldValue ?? cc.newValue ?? cc.note) === undefined) continue;
    updated.contactChanges!.push({ ...cc, oldValue: undefined, newValue: undefined, note: undefined });
  }
  const withoutNote = <T extends { customerId: string; note?: string }>(rows: readonly T[]): T[] =>
    rows.filter((r) => ids.has(r.customerId) && r.note !== undefined).map((r) => ({ ...r, note: undefined }));
  updated.activity!.push(...withoutNote(ledger.activity));
  updated.promises!.push(...withoutNote(ledger.promises));
  updated.plans!.push(...withoutNote(ledger.plans));
  for (const inv of ledger.invoices) {
    if (ids.has(inv.customerId) && inv.description !== undefined)
      updated.invoices!.push({ ...inv, description: undefined });
  }
  for (const c of due) {
    const explanation =
      `Personal data purged on ${asOf} under ${rule}: the office learned of the death on ${c.deceasedOn}, ` +
      `${asOfDay - toDay(c.deceasedOn!)} days ago, and keeps personal data ${retentionDays} days. ` +
      'Name, email, phone, address, contact-change values, notes and invoice descriptions cleared; ' +
      'amounts, dates, ids and statuses kept.';
    const activityId = nextId('PURGE', asOf, takenIds);
    takenIds.push(activityId);
    const row: Activity = {
      row: 0,
      activityId,
      customerId: c.customerId,
      date: asOf,
      type: 'note',
      direction: 'outbound',
      outcome: PURGE_OUTCOME,
      note: explanation,
      ...(options.by ? { by: options.by } : {}),
    };
    added.activity!.push(row);
    result.purged.push({ customerId: c.customerId, deceasedOn: c.deceasedOn!, explanation });
  }
  return result;
}

/** What a customer still owes across currencies (minor units, summed only to test for zero). */
function openMinorOf(book: Book, customerId: string): number {
  let open = 0;
  for (const a of book.byCustomer.get(customerId) ?? []) open += Math.max(0, a.balanceMinor);
  return open;
}
