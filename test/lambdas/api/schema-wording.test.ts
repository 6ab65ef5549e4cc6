// Every schema's answers to bad (and good) requests are the ones recorded from the classic-zod
// schemas (schema-wording.json): the move to zod/mini changed no field, message or parsed value.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allAnswers } from './schema-wording-cases.js';

const recorded = JSON.parse(
  readFileSync(new URL('./schema-wording.json', import.meta.url), 'utf8'),
) as Record<string, unknown[]>;

describe('API schemas: the same issues and values as before zod/mini', () => {
  const answers = JSON.parse(JSON.stringify(allAnswers())) as Record<string, unknown[]>;
  it('covers every recorded schema', () => {
    expect(Object.keys(answers).sort()).toEqual(Object.keys(recorded).sort());
  });
  for (const name of Object.keys(recorded)) {
    it(name, () => {
      expect(answers[name]).toEqual(recorded[name]);
    });
  }
});
