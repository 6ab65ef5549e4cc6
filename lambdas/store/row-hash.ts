// The content hash a stored row carries: unchanged rows are never rewritten.
import { createHash } from 'node:crypto';
import type { RowFields } from '../../core/ledger/schema-rows.js';

/** Stable hash of a row's content (not its sheet row number): unchanged rows are never rewritten. */
export function rowHash(fields: RowFields): string {
  const { row: _row, ...content } = fields;
  const stable = JSON.stringify(content, Object.keys(content).sort());
  return createHash('sha256').update(stable).digest('base64url').slice(0, 22);
}
