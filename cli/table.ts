// Plain-text tables for the CLI: columns aligned by display width, numbers right-aligned.

export interface TableColumn {
  header: string;
  align?: 'left' | 'right';
}

// East Asian wide and fullwidth characters take two terminal cells.
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** Text in which every UTF-16 unit is one cell: printable ASCII and Latin-1 (no marks, no wide). */
const ONE_CELL_EACH = /^[\x20-\x7e\xa0-\xac\xae-\u02ff]*$/;

/** Number of terminal cells a string takes (combining marks 0, wide characters 2, others 1). */
export function displayWidth(text: string): number {
  // Nearly every cell of a ledger is plain text: one test instead of two regexes per character.
  if (ONE_CELL_EACH.test(text)) return text.length;
  let width = 0;
  for (const ch of text) {
    if (/\p{Mn}|\p{Me}|\p{Cf}/u.test(ch)) continue;
    width += WIDE.test(ch) ? 2 : 1;
  }
  return width;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/**
 * Renders rows under a header and a rule, two spaces between columns. The last column is not padded
 * on the right, so long free text (an explanation) does not leave trailing blanks.
 *
 * @example renderTable([{ header: 'Id' }, { header: 'Amount', align: 'right' }], [['A-1', '10.00']])
 */
export function renderTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): string {
  // A loop, not Math.max(...rows): spreading a few hundred thousand rows overflows the call stack.
  const widths = columns.map((c) => displayWidth(c.header));
  for (const r of rows) {
    for (let i = 0; i < widths.length; i++) {
      const w = displayWidth(r[i] ?? '');
      if (w > widths[i]!) widths[i] = w;
    }
  }
  const line = (cells: readonly string[]) =>
    columns
      .map((c, i) => {
        const align = c.align ?? 'left';
        const last = i === columns.length - 1;
        const cell = cells[i] ?? '';
        return last && align === 'left' ? cell : pad(cell, widths[i]!, align);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out: string[] = [line(columns.map((c) => c.header)), rule];
  for (const r of rows) out.push(line(r));
  return `${out.join('\n')}\n`;
}
