// The rules of an office's standing as a sender: rates over the window, SES's lines, the From it sends under.
import { describe, expect, it } from 'vitest';
import {
  displayName,
  MIN_SENDS_FOR_ACTION,
  mailWindow,
  ratesOf,
  senderFor,
  verdictOf,
} from '../../../lambdas/services/mail-standing.js';
import { dkimRecords, normalizeDomain, statusOf } from '../../../lambdas/services/sending-identity.js';

const day = (date: string, sends: number, bounces = 0, complaints = 0) => ({
  date,
  sends,
  bounces,
  complaints,
});

describe('mail-standing', () => {
  describe('ratesOf', () => {
    it('sums the days inside the window only', () => {
      const rates = ratesOf(
        [day('2026-10-01', 1000, 500, 50), day('2026-11-01', 300, 3, 1), day('2026-11-20', 100)],
        '2026-10-27',
      );
      expect(rates).toMatchObject({
        sends: 400,
        bounces: 3,
        complaints: 1,
        bounceRate: 0.0075,
        complaintRate: 0.0025,
      });
    });
  });

  describe('mailWindow', () => {
    it.each([
      // instant, zone, the office's today, first day of its 30
      ['2026-11-02T03:30:00Z', 'America/New_York', '2026-11-01', '2026-10-03'],
      ['2026-11-02T05:00:00Z', 'America/New_York', '2026-11-02', '2026-10-04'],
      ['2026-03-29T00:30:00Z', 'Pacific/Auckland', '2026-03-29', '2026-02-28'],
      ['2026-11-02T03:30:00Z', 'Not/A_Zone', '2026-11-02', '2026-10-04'],
    ])('at %s in %s: today %s, window from %s', (at, zone, today, windowFrom) => {
      expect(mailWindow(new Date(at), zone)).toEqual({ today, windowFrom });
    });
  });

  describe('verdictOf', () => {
    it.each([
      // sends, bounces, complaints, rule a clerk would expect
      [1000, 0, 0, undefined],
      [1000, 0, 1, 'mail/complaint-rate-warning'],
      [1000, 0, 5, 'mail/complaint-rate-pause'],
      [1000, 49, 0, undefined],
      [1000, 50, 0, 'mail/bounce-rate-warning'],
      [1000, 100, 0, 'mail/bounce-rate-pause'],
      [1000, 60, 5, 'mail/complaint-rate-pause'],
      [MIN_SENDS_FOR_ACTION - 1, 50, 5, undefined],
    ])('%i sends, %i bounces, %i complaints: %s', (sends, bounces, complaints, rule) => {
      expect(verdictOf(ratesOf([day('2026-11-01', sends, bounces, complaints)], '2026-11-01'))?.rule).toBe(
        rule,
      );
    });
  });

  describe('senderFor', () => {
    const office = { officeName: 'Lakeside Dental LLC', officeEmail: 'ar@lakeside.example' };
    const identity = (status: 'pending' | 'verified' | 'failed') => ({
      identity: {
        domain: 'lakeside.example',
        fromAddress: 'billing@lakeside.example',
        status,
        sesStatus: '',
        records: [],
        startedAt: '',
        checkedAt: '',
      },
    });

    it("sends from the service's address under the office's name until the domain is verified", () => {
      for (const standing of [{}, identity('pending'), identity('failed')])
        expect(senderFor('Duebook <mail@duebook.example>', office, standing)).toEqual({
          from: '"Lakeside Dental LLC" <mail@duebook.example>',
          replyTo: 'ar@lakeside.example',
          via: 'service-domain',
        });
    });

    it("sends from the office's address once verified, under its neutral name when it has one", () => {
      expect(
        senderFor('mail@duebook.example', { ...office, neutralName: 'LDC' }, identity('verified')),
      ).toEqual({
        from: '"LDC" <billing@lakeside.example>',
        replyTo: 'ar@lakeside.example',
        via: 'office-domain',
      });
    });
  });

  describe('displayName', () => {
    it('quotes ASCII names without their quotes and encodes the others (RFC 2047)', () => {
      expect(displayName('Smith "&" Sons\r\n')).toBe('"Smith & Sons"');
      expect(displayName('Nguyễn Văn')).toBe(`=?UTF-8?B?${Buffer.from('Nguyễn Văn').toString('base64')}?=`);
    });
  });
});

describe('sending-identity', () => {
  describe('normalizeDomain', () => {
    it('lower-cases a domain and refuses what is not one', () => {
      expect(normalizeDomain(' Lakeside-Dental.Example. ')).toBe('lakeside-dental.example');
      for (const bad of ['localhost', 'a b.com', '-x.com', 'x-.com', 'billing@x.com', ''])
        expect(() => normalizeDomain(bad)).toThrow(/^domain: /);
    });
  });

  describe('statusOf', () => {
    it.each([
      ['SUCCESS', false, 'verified'],
      ['PENDING', true, 'verified'],
      ['PENDING', false, 'pending'],
      ['TEMPORARY_FAILURE', false, 'pending'],
      ['NOT_STARTED', undefined, 'pending'],
      ['FAILED', false, 'failed'],
    ] as const)('%s (verified for sending %s) is %s', (dkim, verified, status) => {
      expect(statusOf(dkim, verified)).toBe(status);
    });
  });

  describe('dkimRecords', () => {
    it('names each token under _domainkey, pointing at amazonses.com', () => {
      expect(dkimRecords('x.example', ['abc'])).toEqual([
        { type: 'CNAME', name: 'abc._domainkey.x.example', value: 'abc.dkim.amazonses.com' },
      ]);
    });
  });
});
