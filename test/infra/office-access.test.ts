// The office stores (issue #17) stay within the api function's granted DynamoDB actions: every
// command they send is covered, and none deletes an item or uses a condition check.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/duebook-function.js';
import { LEDGER_ACCESS } from '../../infra/constructs/ledger-access.js';

const ACTION_OF: Record<string, string[]> = {
  GetCommand: ['dynamodb:GetItem'],
  PutCommand: ['dynamodb:PutItem'],
  UpdateCommand: ['dynamodb:UpdateItem'],
  QueryCommand: ['dynamodb:Query'],
  // Authorized per item: these stores' transactions hold Puts and Updates only (checked below).
  TransactWriteCommand: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
};

describe('office stores', () => {
  describe.each([
    ['member-store.ts', ['api']],
    ['quota-store.ts', ['api', 'sender']],
  ] as const)('%s', (file, handlers) => {
    const source = readFileSync(join(REPO_ROOT, 'lambdas', 'store', file), 'utf8');

    it('sends only commands whose actions the handlers using it are granted', () => {
      const imported = /import \{([^}]*)\} from '@aws-sdk\/lib-dynamodb'/.exec(source)![1]!;
      const commands = imported
        .split(',')
        .map((name) => name.trim().replace(/^type /, ''))
        .filter((name) => name.endsWith('Command'));
      expect(commands.length).toBeGreaterThan(0);
      for (const h of handlers) {
        const granted = new Set<string>([...LEDGER_ACCESS[h].items, 'dynamodb:Query']);
        for (const c of commands) {
          expect(ACTION_OF, `${c} has no known IAM action`).toHaveProperty(c);
          for (const a of ACTION_OF[c]!) expect(granted, `${h}: ${c} needs ${a}`).toContain(a);
        }
      }
    });

    it('deletes nothing and checks no condition apart from a write', () => {
      expect(source).not.toMatch(/\bDelete\s*:\s*\{|ConditionCheck\s*:|DeleteCommand|BatchWriteCommand/);
    });
  });
});
