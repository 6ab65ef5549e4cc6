// Plain-text tables for the CLI: columns aligned by display width, numbers right-aligned.

export interface TableColumn {
  header: string;
  align?: 'left' | 'right';
}

// East Asian wide and fullwidth characters take two terminal cells.
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** A terminal colour sequence (SGR): `\x1b[36m` ... `\x1b[0m`. */
const ESC = String.fromCharCode(27);
const SGR = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');

/**
 * Whether output may be coloured: stdout is a terminal, `NO_COLOR` is not set and `TERM` is not
 * `dumb`; `FORCE_COLOR` forces it (`0` turns it off), as other tools read it.
 */
export function colourWanted(
  env: NodeJS.ProcessEnv = process.env,
  isTty = process.stdout.isTTY === true,
): boolean {
  if (env.FORCE_COLOR === '0') return false;
  if (env.FORCE_COLOR !== undefined) return true;
  return isTty && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

/** Colours for a table's cells, or none: `paint.stage('reminder-60')`. */
export function painter(enabled: boolean) {
  const wrap = (code: string) => (text: string) =>
    enabled && text ? `${ESC}[${code}m${text}${ESC}[0m` : text;
  return { stage: wrap('36'), blocked: wrap('31'), internal: wrap('35') };
}

/** Text in which every UTF-16 unit is one cell: printable ASCII and Latin-1 (no marks, no wide). */
const ONE_CELL_EACH = /^[\x20-\x7e\xa0-\xac\xae-\u02ff]*$/;

/** Number of terminal cells a string takes (combining marks 0, wide characters 2, others 1). */
export function displayWidth(text: string): number {
  // Nearly every cell of a ledger is plain text: one test instead of two regexes per character.
  if (ONE_CELL_EACH.test(text)) return text.length;
  let width = 0;
  // Colour codes (a terminal's SGR sequences) take no cell.
  for (const ch of text.includes(ESC) ? text.replace(SGR, '') : text) {
    if (/\p{Mn}|\p{Me}|\p{Cf}/u.test(ch)) continue;
    width += WIDE.test(ch) ? 2 : 1;
  }
  return width;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Options for {@link renderTable}. */
export interface TableOptions {
  /**
   * Widest line allowed (terminal cells). When a row would be wider and the last column is free
   * text (left-aligned), that column leaves the table and is printed under each row, indented and
   * wrapped to this width. Default: no limit.
   */
  width?: number;
}

/** Wraps text at spaces to lines of at most `width` cells (a longer word stays whole). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  // Widths add up character by character, so the line's width is kept, not measured again per word.
  let lineWidth = 0;
  // Plain text (nearly all of it) is one cell per character: measured once, not word by word.
  const plain = ONE_CELL_EACH.test(text);
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    const wordWidth = plain ? word.length : displayWidth(word);
    if (line === '') {
      line = word;
      lineWidth = wordWidth;
    } else if (lineWidth + 1 + wordWidth <= width) {
      line += ` ${word}`;
      lineWidth += 1 + wordWidth;
    } else {
      lines.push(line);
      line = word;
      lineWidth = wordWidth;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Renders rows under a header and a rule, two spaces between columns. The last column is not padded
 * on the right, so long free text (an explanation) does not leave trailing blanks. With a `width`,
 * a last free-text column that does not fit goes under its row, wrapped.
 *
 * @example renderTable([{ header: 'Id' }, { header: 'Amount', align: 'right' }], [['A-1', '10.00']])
 */
export function renderTable(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  options: TableOptions = {},
): string {
  return `${tableLines(columns, rows, options).join('\n')}\n`;
}

/** `renderTable`'s lines, without the final line break. */
function tableLines(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  options: TableOptions,
): string[] {
  // A loop, not Math.max(...rows): spreading a few hundred thousand rows overflows the call stack.
  const widths = columns.map((c) => displayWidth(c.header));
  for (const r of rows) {
    for (let i = 0; i < widths.length; i++) {
      const w = displayWidth(r[i] ?? '');
      if (w > widths[i]!) widths[i] = w;
    }
  }
  const limit = options.width ?? Number.POSITIVE_INFINITY;
  const total = widths.reduce((s, w) => s + w, 0) + 2 * (widths.length - 1);
  const lastColumn = columns[columns.length - 1];
  if (total > limit && columns.length > 1 && (lastColumn?.align ?? 'left') === 'left') {
    const indent = '    ';
    const head = columns.slice(0, -1);
    const body = tableLines(
      head,
      rows.map((r) => r.slice(0, -1)),
      {},
    );
    const out = [body[0]!, body[1]!];
    rows.forEach((r, k) => {
      out.push(body[k + 2]!);
      const text = r[columns.length - 1] ?? '';
      if (text !== '') {
        for (const l of wrapWords(`${lastColumn!.header}: ${text}`, Math.max(20, limit - indent.length)))
          out.push(indent + l);
      }
    });
    return out;
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
  return out;
}

/**
 * The width a human-readable table should fit: the terminal's columns when stdout is one (at
 * least 60), else 100; `wide` lifts the limit.
 */
export function outputWidth(
  wide: boolean,
  columns = process.stdout.isTTY ? process.stdout.columns : undefined,
): number {
  if (wide) return Number.POSITIVE_INFINITY;
  return columns && columns > 0 ? Math.max(60, columns) : 100;
}
