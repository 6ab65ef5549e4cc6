// Keeps docs/compliance.md in step with core's compliance rule table.
import { describe, expect, it } from 'vitest';
import { restartRules, restartsSearched } from '../../core/compliance/limitation-restarts.js';
import { COMPLIANCE_RULES } from '../../core/compliance/rule-table.js';
import { complianceDoc, complianceDocIsCurrent } from '../../scripts/compliance-doc.js';

describe('compliance-doc', () => {
  describe('complianceDocIsCurrent', () => {
    it('returns true: docs/compliance.md matches the rule table (run `npx tsx scripts/compliance-doc.ts` if not)', () => {
      expect(complianceDocIsCurrent()).toBe(true);
    });
  });

  describe('complianceDoc', () => {
    it('returns one row per rule with its id and citation', () => {
      const doc = complianceDoc();
      for (const r of COMPLIANCE_RULES) {
        expect(doc).toContain(`| \`${r.id}\` | ${r.citation.replace(/\|/g, '\\|')} |`);
        expect(r.citation.length).toBeGreaterThan(0);
      }
    });

    it('returns every limitation restart rule with its section, and every state searched without one', () => {
      const doc = complianceDoc();
      for (const r of restartRules())
        expect(doc).toContain(`| ${r.state} | ${r.writtenAcknowledgment ? 'restarts' : 'no'} |`);
      for (const r of restartRules()) expect(doc).toContain(r.source);
      for (const state of Object.keys(restartsSearched())) expect(doc).toContain(`- ${state}: `);
    });
  });
});
