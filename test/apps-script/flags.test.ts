// Tests for the sidebar's setFlag (apps-script/src/sidebar.ts) against the strict fake: the attorney
// flag is written with the attorney's name and contact, never without them.
/// <reference types="google-apps-script" />
import { describe, expect, it } from 'vitest';
import type { AddonError } from '../../apps-script/src/errors.js';
import type { Gas } from '../../apps-script/src/gas.js';
import { setFlag } from '../../apps-script/src/sidebar.js';
import { FakeGas } from './fake-gas.js';

const HEADER = ['Customer ID', 'Name', 'Email', 'Flags'];

function sheet(header: string[]): { gas: Gas; fake: FakeGas } {
  const fake = new FakeGas({ backend: () => ({ status: 200, body: JSON.stringify({ results: [] }) }) });
  fake.identityToken = 'a-google-id-token';
  fake.addSheet('Customers', [header, header.map((_, i) => ['C-1', 'Ana Ruiz', 'ana@example.com'][i] ?? '')]);
  fake.documentProperties.set('duebook.settings', JSON.stringify({ backendUrl: 'https://api.example.test' }));
  const gas = fake.services(Date.parse('2026-11-23T15:00:00Z'));
  return { gas, fake };
}

const errorOf = (f: () => unknown): AddonError => {
  try {
    f();
  } catch (e) {
    return e as AddonError;
  }
  throw new Error('no error thrown');
};

describe('apps-script/sidebar', () => {
  describe('setFlag', () => {
    it("writes the attorney flag with the attorney's name and contact", () => {
      // Prepare
      const { gas, fake } = sheet([...HEADER, 'Attorney Name', 'Attorney Contact']);
      // Act
      setFlag(gas, {
        customerId: 'C-1',
        flag: 'attorney',
        on: true,
        attorneyName: 'Dana Whitfield',
        attorneyContact: '+1 617 555 0199',
      });
      // Assess
      const customers = fake.sheet('Customers')!;
      expect([customers.get(2, 4), customers.get(2, 5), customers.get(2, 6)]).toEqual([
        'attorney',
        'Dana Whitfield',
        '+1 617 555 0199',
      ]);
    });

    it('returns an error naming both fields, and writes nothing, when the attorney is not named', () => {
      // Prepare
      const { gas, fake } = sheet([...HEADER, 'Attorney Name', 'Attorney Contact']);
      // Act
      const error = errorOf(() =>
        setFlag(gas, { customerId: 'C-1', flag: 'attorney', on: true, attorneyName: ' ' }),
      );
      // Assess
      expect(error.code).toBe('FLAG.ATTORNEY');
      expect(error.fields?.map((f) => f.field)).toEqual(['attorneyName', 'attorneyContact']);
      expect(fake.sheet('Customers')!.get(2, 4)).toBe('');
    });

    it('returns an error pointing to Set up ledger when the Customers tab lacks the attorney columns', () => {
      // Prepare
      const { gas, fake } = sheet(HEADER);
      // Act
      const error = errorOf(() =>
        setFlag(gas, {
          customerId: 'C-1',
          flag: 'attorney',
          on: true,
          attorneyName: 'D',
          attorneyContact: 'E',
        }),
      );
      // Assess
      expect(error.code).toBe('SHEET.COLUMN_MISSING');
      expect(error.message).toContain('Set up ledger');
      expect(fake.sheet('Customers')!.get(2, 4)).toBe('');
    });

    it('clears the attorney flag without asking for anything', () => {
      // Prepare
      const { gas, fake } = sheet([...HEADER, 'Attorney Name', 'Attorney Contact']);
      fake.sheet('Customers')!.set(2, 4, 'attorney');
      // Act
      setFlag(gas, { customerId: 'C-1', flag: 'attorney', on: false });
      // Assess
      expect(fake.sheet('Customers')!.get(2, 4)).toBe('');
    });
  });
});
