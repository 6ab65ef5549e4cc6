// Keeps docs/ledger.md in step with core's schema.
import { describe, expect, it } from 'vitest';
import { ledgerDoc, ledgerDocIsCurrent } from '../../scripts/ledger-doc.js';

describe('ledger-doc', () => {
  describe('ledgerDocIsCurrent', () => {
    it('returns true: docs/ledger.md matches the schema (run `npx tsx scripts/ledger-doc.ts` if not)', () => {
      expect(ledgerDocIsCurrent()).toBe(true);
    });
  });

  describe('ledgerDoc', () => {
    it('returns a section per tab naming the required headers', () => {
      const doc = ledgerDoc();
      expect(doc).toContain('## Invoices');
      expect(doc).toMatch(/\| Due Date \(Due\) \| date .* \| yes \|/);
    });
  });
});
