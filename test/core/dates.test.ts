// Tests for ISO day arithmetic and wall-clock time in IANA zones.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  cellToIsoDate,
  daysBetween,
  daysInMonth,
  fromDay,
  isValidTimeZone,
  localTime,
  parseIsoDay,
  zonedInstant,
} from '../../core/ledger/dates.js';

describe('dates', () => {
  describe('parseIsoDay', () => {
    it.each(['2026-02-29', '2026-13-01', '2026-00-10', '26-01-01', '2026-1-1', '2026-04-31'])(
      'rejects %s',
      (text) => {
        expect(parseIsoDay(text)).toBeUndefined();
      },
    );

    it('round-trips every day (property)', () => {
      fc.assert(
        fc.property(fc.integer({ min: -20000, max: 80000 }), (day) => {
          expect(parseIsoDay(fromDay(day))).toBe(day);
        }),
      );
    });
  });

  describe('daysInMonth', () => {
    it('returns the Gregorian month lengths of any year, the years 0-99 included', () => {
      expect([0, 4, 100, 1900, 2000, 2024, 2026, 2100, 2400].map((y) => daysInMonth(y, 2))).toEqual([
        29, 29, 28, 28, 29, 29, 28, 28, 29,
      ]);
      // Against the calendar the Date object keeps, where it reads the year as given.
      for (let y = 1900; y <= 2199; y++)
        for (let m = 1; m <= 12; m++)
          expect(daysInMonth(y, m)).toBe(new Date(Date.UTC(y, m, 0)).getUTCDate());
    });
  });

  describe('addMonths', () => {
    it.each([
      ['2026-01-31', 1, '2026-02-28'],
      ['2028-01-31', 1, '2028-02-29'],
      ['2026-01-31', 3, '2026-04-30'],
      ['2026-11-15', 2, '2027-01-15'],
      ['2026-03-31', -1, '2026-02-28'],
    ])('returns %s + %i months = %s', (date, months, expected) => {
      expect(addMonths(date, months)).toBe(expected);
    });
  });

  describe('addDays and daysBetween', () => {
    it('crosses a leap day', () => {
      expect(addDays('2028-02-28', 2)).toBe('2028-03-01');
      expect(daysBetween('2026-11-01', '2026-11-23')).toBe(22);
    });
  });

  describe('cellToIsoDate', () => {
    it.each([
      ['2026-11-23', '2026-11-23'],
      [' 2026-11-23 ', '2026-11-23'],
      ['2026-11-23T00:00:00.000Z', '2026-11-23'],
      [new Date(Date.UTC(2026, 10, 23)), '2026-11-23'],
      [46349, '2026-11-23'],
      ['11/23/2026', undefined],
      ['2026-02-30', undefined],
      [true, undefined],
    ])('reads %s as %s', (cell, expected) => {
      expect(cellToIsoDate(cell)).toBe(expected);
    });
  });

  describe('zonedInstant', () => {
    it.each([
      ['2026-11-23', 8, 'America/New_York', '2026-11-23T13:00:00.000Z'],
      ['2026-07-01', 8, 'America/New_York', '2026-07-01T12:00:00.000Z'],
      ['2026-11-23', 8, 'Asia/Tokyo', '2026-11-22T23:00:00.000Z'],
      ['2026-11-23', 21, 'Europe/London', '2026-11-23T21:00:00.000Z'],
      // 2026-03-08 02:00 does not exist in New York: the next existing instant is 03:00 EDT.
      ['2026-03-08', 2, 'America/New_York', '2026-03-08T07:00:00.000Z'],
      ['2026-11-01', 8, 'America/Chicago', '2026-11-01T14:00:00.000Z'],
    ])('returns %s %i:00 in %s as %s', (date, hour, zone, iso) => {
      expect(new Date(zonedInstant(date, hour, zone)).toISOString()).toBe(iso);
    });

    it('shows the asked wall-clock hour back (property)', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 19000, max: 22000 }),
          fc.integer({ min: 8, max: 20 }),
          fc.constantFrom(
            'America/New_York',
            'America/Los_Angeles',
            'Europe/London',
            'Australia/Sydney',
            'Asia/Kolkata',
          ),
          (day, hour, zone) => {
            const t = localTime(zonedInstant(fromDay(day), hour, zone), zone);
            expect(t).toMatchObject({ date: fromDay(day), hour, minute: 0 });
          },
        ),
      );
    });
  });

  describe('isValidTimeZone', () => {
    it('accepts IANA names and rejects others', () => {
      expect(isValidTimeZone('America/Chicago')).toBe(true);
      expect(isValidTimeZone('Mars/Olympus')).toBe(false);
      expect(isValidTimeZone('')).toBe(false);
    });
  });
});
