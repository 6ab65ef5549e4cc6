// Tests for core/collections/stage-names.ts: the names a clerk reads for the ladder's stage ids.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../core/collections/dunning-policy.js';
import { stageName } from '../../core/collections/stage-names.js';

describe('core/stage-names', () => {
  describe('stageName', () => {
    it.each([
      ['reminder-60', '60-day reminder'],
      ['reminder-1', '1-day reminder'],
      ['validation-notice', 'Validation notice'],
      ['reminder-45', '45-day reminder'],
      ['second-letter', 'Second letter'],
      ['Final call', 'Final call'],
    ])('returns %s as "%s"', (id, name) => {
      expect(stageName(id)).toBe(name);
    });

    it('returns every default stage by its label, never by its id', () => {
      for (const ladder of Object.values(DEFAULT_POLICY.ladders))
        for (const s of ladder.stages) {
          expect(stageName(s.id).toLowerCase()).toBe(s.label.toLowerCase());
          if (s.id !== s.label) expect(stageName(s.id)).not.toBe(s.id);
        }
    });
  });
});
