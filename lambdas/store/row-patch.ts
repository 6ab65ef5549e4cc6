// Cells the backend itself changed on a stored Customers row (a placement approved in the review
// queue) that the sheet does not show yet. The sheet is the source of truth, so a sync of the
// unchanged sheet row must not undo them: until the sheet shows the values, every sync re-applies
// the patch; once a synced row shows them, the patch is dropped and the sheet rules again (a clerk
// who later clears the flag recalls the account).
import type { RowFields } from '../../core/ledger/schema-rows.js';

export interface RowPatch {
  /** Flags added to the row's `flags` list. */
  addFlags: string[];
  /** Fields set (by key), e.g. `placedWith`, `placedOn`. */
  set: Record<string, string>;
  /** Why, for the log and the clerk: e.g. `placed with Acme Recovery (approved by jo@…)`. */
  reason: string;
  at: string;
}

/** Sheet headers of the Customers fields a patch may set (core/ledger/schema.ts). */
const HEADERS: Record<string, string> = { flags: 'Flags', placedWith: 'Placed With', placedOn: 'Placed On' };

const flagsOf = (fields: RowFields): string[] =>
  Array.isArray(fields.flags) ? (fields.flags as string[]) : [];

/** True when `fields` already carry every value of the patch (the sheet has been written back). */
export function patchSatisfied(fields: RowFields, patch: RowPatch): boolean {
  const flags = flagsOf(fields);
  return (
    patch.addFlags.every((f) => flags.includes(f)) &&
    Object.entries(patch.set).every(([k, v]) => fields[k] === v)
  );
}

/** `fields` with the patch applied. */
export function applyPatch(fields: RowFields, patch: RowPatch): RowFields {
  const flags = flagsOf(fields);
  // Rows of tabs without flags (an invoice disputed, a payment returned) only take `set`.
  if (patch.addFlags.length === 0 && fields.flags === undefined) return { ...fields, ...patch.set };
  return {
    ...fields,
    flags: [...flags, ...patch.addFlags.filter((f) => !flags.includes(f))],
    ...patch.set,
  };
}

/**
 * What the add-on writes into the Customers row, by sheet header, so the sheet shows the patch:
 * the whole Flags cell (the row's flags with the patch's), and each field set.
 */
export function patchCells(fields: RowFields, patch: RowPatch): Record<string, string> {
  const patched = applyPatch(fields, patch);
  const cells: Record<string, string> = { [HEADERS.flags!]: flagsOf(patched).join(', ') };
  for (const [k, v] of Object.entries(patch.set)) cells[HEADERS[k] ?? k] = v;
  return cells;
}
