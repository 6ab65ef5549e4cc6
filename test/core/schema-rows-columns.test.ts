// The one tab validator read as columns (parseTabColumns) against the row validator it replaced
// (kept as the bench's baseline): the same records and the same problems, naming the same tab, row
// and column, for every tab, whether the cells come as rows, as a sync chunk's column arrays or as
// a CSV file's offsets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkRowsBefore, parseTabRowsBefore } from '../../bench/sync-rows-baseline.js';
import { parseCsv, parseCsvColumns } from '../../cli/read-ledger.js';
import { cellToIsoDate } from '../../core/ledger/dates.js';
import { type ColumnDef, SCHEMA, type TabName, tabDef } from '../../core/ledger/schema.js';
import { parseCell, UnreadableCell } from '../../core/ledger/schema-cells.js';
import { parseTabColumns, parseTabRows } from '../../core/ledger/schema-rows.js';
import { chunkColumns } from '../../lambdas/services/sync-chunk.js';

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);

/** Texts a clerk types in a column of this type: valid, padded, malformed and blank. */
function texts(col: ColumnDef): string[] {
  const values = col.values ?? [];
  switch (col.type) {
    case 'id':
      return ['A-1', 'A-2', ' A-1 ', 'bad id!', 'C1', ''];
    case 'text':
      return ['x', ' padded ', 'Say "hi", twice', ''];
    case 'date':
      return ['2026-11-01', '2026-02-30', '11/01/2026', '0026-01-01', ' 2026-10-10 ', ''];
    case 'money':
      return ['100.00', '12.5', '1,500', '-5.00', 'abc', '0.00', '999999999999.99', ''];
    case 'currency':
      return ['USD', 'usd', ' EUR ', 'XXX', 'JPY', ''];
    case 'email':
      return ['a@example.com', 'nope', ''];
    case 'timezone':
      return ['America/Chicago', 'Mars/Base', ''];
    case 'enum':
      return [values[0] ?? 'x', (values[1] ?? 'y').toUpperCase(), 'nope', ''];
    case 'list':
      return [values[0] ?? 'a', `${values[0] ?? 'a'}; ${values[1] ?? 'b'}`, 'nope', ''];
    case 'integer':
      return ['3', '-1', '2.5', '130', ''];
    case 'boolean':
      return ['yes', 'No', 'maybe', ''];
  }
}

/** Values a sheet or an .xlsx gives that are not text. */
const TYPED: unknown[] = [null, 250, 0, true, false, new Date(Date.UTC(2026, 0, 2))];
/** Values no cell holds (a sync body may still carry them; a file reader may mark a cell unreadable). */
const ODD: unknown[] = [new UnreadableCell('is a merged cell'), 'z'.repeat(50_001)];

/** A tab: a header of some of its columns (sometimes one renamed or missing) and rows of cells for it. */
function tabOf(name: TabName, typed: boolean) {
  const def = tabDef(name);
  const cols = def.columns.filter((c) => !c.computed);
  return fc
    .record({
      keep: fc.array(fc.boolean(), { minLength: cols.length, maxLength: cols.length }),
      dropRequired: fc.boolean(),
      extra: fc.boolean(),
      rows: fc.array(
        fc.tuple(
          ...cols.map((c) =>
            typed
              ? fc.oneof(
                  { weight: 8, arbitrary: pick(...texts(c)) },
                  { weight: 2, arbitrary: pick(...TYPED) },
                  { weight: 1, arbitrary: pick(...ODD) },
                )
              : pick(...texts(c)),
          ),
          pick('', '', 'stray'),
        ),
        { maxLength: 14 },
      ),
    })
    .map(({ keep, dropRequired, extra, rows }) => {
      // Required columns stay (else the tab is refused whole), one of them dropped now and then.
      const kept = cols
        .map((c, i) => ({ c, i }))
        .filter(({ c, i }) => (c.required ? !(dropRequired && c === cols[0]) : keep[i]));
      const header: string[] = kept.map(({ c }) => c.header);
      if (extra) header.push('Notes to self');
      const body = rows.map(([...cells]) => {
        const stray = cells.pop();
        const row: unknown[] = kept.map(({ i }) => cells[i]);
        if (extra) row.push(stray);
        return row;
      });
      return [header, ...body] as unknown[][];
    });
}

const tabNames = SCHEMA.map((d) => d.name);

describe('core/ledger/schema-rows', () => {
  describe('parseTabColumns', () => {
    it('gives the records and problems of the row validator for a sync chunk of any tab', () => {
      fc.assert(
        fc.property(
          pick(...tabNames).chain((name) =>
            fc.tuple(fc.constant(name), tabOf(name, true), fc.integer({ min: 2, max: 40 })),
          ),
          ([name, rows, gap]) => {
            // Prepare: the chunk as the API receives it, its rows numbered with gaps (changed rows only).
            const header = rows[0] as string[];
            const body = rows.slice(1);
            const chunk = {
              tab: name,
              header,
              columns: header.map((_, c) => body.map((r) => r[c] ?? null)),
              rowNumbers: body.map((_, r) => 2 + r * gap),
            };
            // Act
            const got = parseTabColumns(name, chunkColumns(chunk), {}, { rowNumbers: chunk.rowNumbers });
            // Assess
            const before = parseTabRowsBefore(name, chunkRowsBefore(chunk), 1, chunk.rowNumbers);
            expect(got).toEqual(before);
          },
        ),
        { numRuns: 400 },
      );
    });

    it('gives the records and problems of the row validator for a CSV file read as offsets', () => {
      fc.assert(
        fc.property(
          pick(...tabNames).chain((name) => fc.tuple(fc.constant(name), tabOf(name, false))),
          ([name, rows]) => {
            // Prepare: a CSV text whose records are as wide as the header (a wider one is read as rows).
            const width = (rows[0] as string[]).length;
            const field = (f: unknown) => {
              const s = String(f ?? '');
              return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
            };
            const text = `${rows.map((r) => r.slice(0, width).map(field).join(',')).join('\r\n')}\r\n`;
            // Act
            const got = parseTabColumns(name, parseCsvColumns(text), { numberFormat: '1,234.56' });
            // Assess
            expect(got).toEqual(
              parseTabRowsBefore(name, parseCsv(text), 1, undefined, { numberFormat: '1,234.56' }),
            );
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  describe('parseTabRows', () => {
    it('gives what it gave before it read its rows through parseTabColumns, cells right of the header included', () => {
      fc.assert(
        fc.property(
          pick(...tabNames).chain((name) =>
            fc.tuple(fc.constant(name), tabOf(name, true), fc.integer({ min: 1, max: 5 })),
          ),
          ([name, rows, firstRow]) => {
            // Act
            const got = parseTabRows(name, rows, firstRow);
            // Assess
            expect(got).toEqual(parseTabRowsBefore(name, rows, firstRow));
          },
        ),
        { numRuns: 400 },
      );
    });

    it('names a row whose only cell is right of the header as missing its required cells', () => {
      // Prepare
      const rows = [
        ['Customer ID', 'Name'],
        ['C-1', 'Ann'],
        ['', '', 'a note'],
      ];
      // Act
      const { records, problems } = parseTabRows('Customers', rows);
      // Assess
      expect(records.map((r) => r.customerId)).toEqual(['C-1']);
      expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
        [3, 'Customer ID', 'SCHEMA.REQUIRED'],
        [3, 'Name', 'SCHEMA.REQUIRED'],
      ]);
    });
  });

  describe('parseCell', () => {
    it('reads a date typed as YYYY-MM-DD as cellToIsoDate does, whatever its digits', () => {
      const dateColumn = tabDef('Invoices').columns.find((c) => c.type === 'date')!;
      const digits = (n: number) =>
        fc.array(pick(...'0123456789'), { minLength: n, maxLength: n }).map((d) => d.join(''));
      fc.assert(
        fc.property(
          fc.tuple(
            fc.oneof(digits(4), fc.integer({ min: 1890, max: 2210 }).map(String)),
            fc.oneof(
              digits(2),
              fc.integer({ min: 1, max: 12 }).map((n) => String(n).padStart(2, '0')),
            ),
            fc.oneof(
              digits(2),
              fc.integer({ min: 1, max: 31 }).map((n) => String(n).padStart(2, '0')),
            ),
            pick('', '', ' ', 'T10:00:00Z', 'x'),
          ),
          ([y, m, d, tail]) => {
            // Prepare
            const text = `${y}-${m}-${d}${tail}`;
            // Act
            const got = parseCell(dateColumn, text, undefined);
            // Assess
            const iso = cellToIsoDate(text);
            expect(got.ok ? got.value : undefined).toBe(iso);
          },
        ),
        { numRuns: 3000 },
      );
    });
  });
});
