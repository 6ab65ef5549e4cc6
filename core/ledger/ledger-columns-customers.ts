// The Customers tab of a columnar ledger checked on its offsets when every row is plain, giving
// only what aging needs (the customer ids): no record object and no string per text cell.
import { idAt, oneItemAt, solid, type TabColumns } from './ledger-cells.js';
import { tabDef } from './schema.js';
import {
  MAX_CELL_CHARS,
  matchHeaders,
  type ParseOptions,
  parseCellOnce,
  readColumns,
  requiredMissing,
} from './schema-cells.js';
import { ROW_RULES } from './schema-rows.js';

/** Characters the schema's email pattern refuses in either part: whitespace, @ < > ( ) [ ] , ; : " */
const NOT_IN_EMAIL = new Uint8Array(128);
for (const ch of ' \t\n\v\f\r@<>()[],;:"') NOT_IN_EMAIL[ch.charCodeAt(0)] = 1;

const isLetter = (ch: number) => (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122);

/**
 * True when the ASCII text at `text[s..e)` (needing no trim) matches the schema's email pattern
 * (`^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[A-Za-z]{2,}$`); `undefined` when it holds a character
 * outside ASCII (the caller then asks the pattern itself).
 */
export function emailAt(text: string, s: number, e: number): boolean | undefined {
  let at = -1;
  let lastDot = -1;
  for (let i = s; i < e; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 128) return undefined;
    if (ch === 64 && at < 0) at = i;
    else if (NOT_IN_EMAIL[ch]) return false;
    else if (ch === 46 && at >= 0) lastDot = i;
  }
  // One character before the @, one between it and the last dot, two letters after that dot.
  if (at <= s || lastDot <= at + 1 || e - lastDot - 1 < 2) return false;
  for (let i = lastDot + 1; i < e; i++) if (!isLetter(text.charCodeAt(i))) return false;
  return true;
}

/**
 * The customer ids of a Customers tab whose cells lie in one text and whose every row is plain (ids,
 * texts needing no trim, one-item lists, other cells the schema's cell parser accepts), each as
 * `tabRecordsOfColumns` would read them; `undefined` at the first row it does not read (a blank or
 * odd cell, a problem): `tabRecordsOfColumns` then reads the tab and decides.
 */
export function plainCustomerIds(tab: TabColumns, options: ParseOptions): string[] | undefined {
  const { text, starts, ends } = tab;
  if (text === undefined || starts === undefined || ends === undefined) return undefined;
  if (ROW_RULES.Customers.length > 0) return undefined;
  const def = tabDef('Customers');
  const index = matchHeaders(def, tab.header);
  const idCol = index.get('customerId') ?? -1;
  if (idCol < 0) return undefined;
  if (requiredMissing(def, index)) return undefined;
  const columns = readColumns(def, index, true);
  const ids: string[] = [];
  for (let k = 0; k < tab.count; k++) {
    for (const { col, at, memo } of columns) {
      const s = starts[at]![k]!;
      const e = ends[at]![k]!;
      if (s < 0) return undefined;
      if (s === e) {
        if (col.required) return undefined;
        continue;
      }
      // A cell with spaces around it: the record reader trims it.
      if (!solid(text.charCodeAt(s)) || !solid(text.charCodeAt(e - 1))) return undefined;
      switch (col.type) {
        case 'id':
          if (!idAt(text, s, e)) return undefined;
          if (at === idCol) ids.push(text.slice(s, e));
          continue;
        case 'text':
          if (e - s > MAX_CELL_CHARS) return undefined;
          continue;
        case 'list':
          if (!oneItemAt(text, s, e)) return undefined;
          if (col.values && !col.values.includes(text.slice(s, e).toLowerCase())) return undefined;
          continue;
        case 'email': {
          const ok = emailAt(text, s, e);
          if (ok === false) return undefined;
          if (ok === true) continue;
          break;
        }
      }
      if (!parseCellOnce(col, text.slice(s, e), undefined, options, memo).ok) return undefined;
    }
  }
  return ids;
}
