// Tests for the time-barred wording by place: a Canadian debtor gets the province's Act and its own disclosure, never Reg F's; a US debtor's stays as it was.
import { describe, expect, it } from 'vitest';
import { planCollections } from '../../../core/collections/collection-plan.js';
import { DEFAULT_POLICY } from '../../../core/collections/dunning-policy.js';
import { DISCLOSURES, renderReminder } from '../../../core/collections/templates.js';
import { limitationFor } from '../../../core/compliance/limitations.js';
import {
  canadianTimeBarredDisclosure,
  timeBarredWording,
} from '../../../core/compliance/time-barred-wording.js';
import { buildBook } from '../../../core/ledger/book.js';
import type { Customer, Ledger } from '../../../core/ledger/ledger.js';
import { placementRefusals } from '../../../core/lifecycle/handover.js';
import { customer, invoice, ledgerOf } from '../../support/ledger-builders.js';

const asOf = '2026-11-23';
const nineToronto = Date.parse('2026-11-23T14:00:00Z');

const debtor = (address: string, timeZone: string): Customer =>
  customer('C1', {
    name: 'Dana Debtor',
    email: 'dana@example.com',
    phone: '416-555-0100',
    address,
    timeZone,
    debtType: 'open-account',
    contactPreset: 'federal',
  });

const plan = (parts: Partial<Ledger>, mode: 'catch-up' | 'sequential') => {
  const ledger = ledgerOf(parts);
  return planCollections({
    ledger,
    book: buildBook(ledger, asOf),
    policy: { ...DEFAULT_POLICY, mode },
    asOf,
    now: nineToronto,
    defaultTimeZone: 'America/Toronto',
  });
};

const toronto = () => debtor('100 King St W, Toronto, ON M5X 1A9', 'America/Toronto');
const montreal = () => debtor('1000 rue Sherbrooke O, Montréal, QC H3A 3G4', 'America/Toronto');
const chicago = () => debtor('1 N State St, Chicago, IL 60602', 'America/Chicago');

describe('core/compliance/time-barred-wording', () => {
  describe('timeBarredWording', () => {
    it('returns the Canadian disclosure and the province Act for a province, Reg F for a US state', () => {
      const on = timeBarredWording(limitationFor('CA-ON', 'open-account')!);
      const il = timeBarredWording(limitationFor('IL', 'open-account')!);
      expect(on.disclosure).toBe('time-barred-canada');
      expect(on.noThreat).toMatch(/Limitations Act, 2002/);
      expect(on.noThreat).not.toMatch(/CFR/);
      expect(on.handover).not.toMatch(/CFR/);
      expect(il.disclosure).toBe('time-barred');
      expect(il.noThreat).toMatch(/12 CFR 1006\.26\(b\)/);
    });
  });

  describe('CANADIAN_TIME_BARRED_DISCLOSURE', () => {
    it('returns a wording without the US credit-report promise, citing every province read and no US rule', () => {
      expect(DISCLOSURES['time-barred-canada']).toBe(canadianTimeBarredDisclosure());
      expect(canadianTimeBarredDisclosure().text).not.toMatch(/credit reporting/);
      expect(canadianTimeBarredDisclosure().citation).not.toMatch(/CFR|RCNY|CMR/);
      for (const act of ['Limitations Act, 2002', 'S.B.C. 2012', 'art. 2925'])
        expect(canadianTimeBarredDisclosure().citation).toContain(act);
    });
  });

  describe('planCollections (a debt barred since 2020)', () => {
    const old = () => invoice('I-2018', 'C1', '2018-06-01', 98_000);

    it.each([
      ['Toronto', toronto, /Limitations Act, 2002/],
      ['Montréal', montreal, /art\. 2925/],
    ] as const)(
      'returns for a %s debtor no final demand, blocked with the province law and no US citation',
      (_city, who, act) => {
        const p = plan({ customers: [who()], invoices: [old()] }, 'catch-up');
        const blocked = p.blocked.filter((b) => b.rule === 'time-barred/no-threat');
        expect(p.actions.filter((a) => a.kind === 'final-demand' || a.kind === 'handover')).toEqual([]);
        expect(blocked.length).toBeGreaterThan(0);
        const why = JSON.stringify(blocked[0]!.explanation);
        expect(why).toMatch(act);
        expect(why).not.toMatch(/1006\.26/);
      },
    );

    it('returns the Canadian disclosure on the reminders a Toronto debtor may still get, and it renders', () => {
      const p = plan({ customers: [toronto()], invoices: [old()] }, 'sequential');
      expect(p.actions.length).toBeGreaterThan(0);
      for (const a of p.actions) expect(a.disclosures).toEqual(['time-barred-canada']);
    });

    it('returns a Chicago debtor unchanged: the US disclosure and 12 CFR 1006.26(b)', () => {
      const seq = plan({ customers: [chicago()], invoices: [old()] }, 'sequential');
      const catchUp = plan({ customers: [chicago()], invoices: [old()] }, 'catch-up');
      for (const a of seq.actions) expect(a.disclosures).toEqual(['time-barred']);
      expect(seq.actions.length).toBeGreaterThan(0);
      const blocked = catchUp.blocked.find((b) => b.rule === 'time-barred/no-threat');
      expect(JSON.stringify(blocked?.explanation)).toMatch(/12 CFR 1006\.26\(b\)/);
    });

    it('returns nothing time-barred for the same Toronto debt due within two years', () => {
      const p = plan(
        { customers: [toronto()], invoices: [invoice('I1', 'C1', '2025-01-10', 98_000)] },
        'sequential',
      );
      for (const a of p.actions) expect(a.disclosures ?? []).not.toContain('time-barred-canada');
    });
  });

  describe('placementRefusals', () => {
    it('returns the Toronto refusal citing the Act, the Chicago one citing Reg F', () => {
      const reason = (c: Customer) => {
        const ledger = ledgerOf({
          customers: [c],
          invoices: [invoice('I-2018', 'C1', '2018-06-01', 98_000)],
        });
        return placementRefusals(ledger, ledger.customers[0]!, { asOf }).find(
          (r) => r.rule === 'handover/time-barred',
        )?.reason;
      };
      expect(reason(toronto())).toMatch(/Limitations Act, 2002/);
      expect(reason(toronto())).not.toMatch(/CFR/);
      expect(reason(chicago())).toMatch(/12 CFR 1006\.26\(b\)/);
    });
  });

  describe('renderReminder', () => {
    it('returns the Canadian wording in the rendered message, not the US credit-report promise', () => {
      const m = renderReminder(
        { kind: 'reminder' },
        {
          office: { name: 'Harbor Dental Group Ltd', address: '1 Front St W\nToronto, ON M5J 2X6' },
          customerName: 'Dana Debtor',
          amounts: [{ currency: 'CAD', amountMinor: 98_000 }],
          openInvoices: [{ invoiceId: 'I-2018', dueDate: '2018-06-01', currency: 'CAD', openMinor: 98_000 }],
          payBy: '2026-12-03',
          disclosures: ['time-barred-canada'],
        },
      );
      expect(m.text).toContain('The law of your province limits how long a creditor can go to court');
      expect(m.text).not.toContain('credit reporting agency');
    });
  });
});
