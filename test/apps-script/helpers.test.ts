// The add-on's pure helpers: the formula-injection guard, the row hash, runs of rows, and how a
// failed google.script.run call is explained.
import { describe, expect, it } from 'vitest';
import { contiguousRuns } from '../../apps-script/src/blocks.js';
import { cellForApi, safeCell } from '../../apps-script/src/cells.js';
import { classifyRunFailure, MULTIPLE_ACCOUNTS_MESSAGE } from '../../apps-script/src/errors.js';
import { hashText, rowHash } from '../../apps-script/src/row-hash.js';

describe('cells', () => {
  describe('safeCell', () => {
    it.each([
      ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
      ['+1 555 0100', "'+1 555 0100"],
      ['-5', "'-5"],
      ['@home', "'@home"],
      ['\tTabbed', "'\tTabbed"],
      ['\rReturn', "'\rReturn"],
      ['Plain text', 'Plain text'],
      ['a=b', 'a=b'],
      ['', ''],
    ])('returns %j as %j', (input, expected) => {
      expect(safeCell(input)).toBe(expected);
    });

    it('returns numbers, booleans and dates unchanged and blanks for null', () => {
      const d = new Date(0);
      expect([safeCell(-5), safeCell(true), safeCell(d), safeCell(null), safeCell(undefined)]).toEqual([
        -5,
        true,
        d,
        '',
        '',
      ]);
    });
  });

  describe('cellForApi', () => {
    it('returns a date cell as the ISO date in the spreadsheet zone', () => {
      // Midnight 2026-03-01 in New York is 05:00 UTC.
      expect(cellForApi(new Date('2026-03-01T05:00:00Z'), 'America/New_York')).toBe('2026-03-01');
      expect(cellForApi(new Date('2026-03-01T05:00:00Z'), 'Asia/Tokyo')).toBe('2026-03-01');
      expect(cellForApi(new Date('2026-02-28T15:00:00Z'), 'Asia/Tokyo')).toBe('2026-03-01');
    });
  });
});

describe('row-hash', () => {
  it('returns the same hash for the same cells and a different one for any change', () => {
    const base = rowHash('h', ['INV-1', 'C-1', '2026-01-01', 100]);
    expect(rowHash('h', ['INV-1', 'C-1', '2026-01-01', 100])).toBe(base);
    expect(rowHash('h', ['INV-1', 'C-1', '2026-01-01', 101])).not.toBe(base);
    expect(rowHash('h2', ['INV-1', 'C-1', '2026-01-01', 100])).not.toBe(base);
    expect(rowHash('h', ['INV-1', 'C-1', '2026-01-01', '100'])).not.toBe(base);
  });

  it('returns no collisions over 100,000 similar rows', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(hashText(`INV-${i}|C-${i % 50}|2026-01-01|${i % 997}`));
    expect(seen.size).toBe(100_000);
  });
});

describe('contiguousRuns', () => {
  it('returns [start, length] runs', () => {
    expect(contiguousRuns([1, 2, 3, 7, 9, 10])).toEqual([
      [1, 3],
      [7, 1],
      [9, 2],
    ]);
    expect(contiguousRuns([])).toEqual([]);
  });
});

describe('classifyRunFailure', () => {
  it('returns multiple-accounts for the storage PERMISSION_DENIED failure', () => {
    const e = new Error(
      "We're sorry, a server error occurred while reading from storage. Error code PERMISSION_DENIED.",
    );
    expect(classifyRunFailure(e)).toEqual({ kind: 'multiple-accounts', message: MULTIPLE_ACCOUNTS_MESSAGE });
    expect(MULTIPLE_ACCOUNTS_MESSAGE).toContain('incognito');
  });

  it('returns other with the message for anything else', () => {
    expect(classifyRunFailure(new Error('boom'))).toEqual({ kind: 'other', message: 'boom' });
  });
});
