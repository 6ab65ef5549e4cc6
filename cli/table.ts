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
  const plainAscii = wrapAsciiWords(text, width);
  if (plainAscii) return plainAscii;
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
 * `wrapWords` for printable ASCII text (its only white space is the space, every character one
 * cell), in one pass without a regex or a word array; `undefined` for any other text.
 */
function wrapAsciiWords(text: string, width: number): string[] | undefined {
  const lines: string[] = [];
  const n = text.length;
  // The line so far is text[from..to) while its words are one space apart; `line` holds it otherwise.
  let from = -1;
  let to = -1;
  let line: string | undefined;
  let lineWidth = 0;
  const close = () => {
    if (line !== undefined) lines.push(line);
    else if (from >= 0) lines.push(text.slice(from, to));
    line = undefined;
    from = -1;
  };
  let i = 0;
  while (i < n) {
    if (text.charCodeAt(i) === 32) {
      i++;
      continue;
    }
    let j = i;
    for (; j < n; j++) {
      const ch = text.charCodeAt(j);
      if (ch === 32) break;
      if (ch < 0x21 || ch > 0x7e) return undefined;
    }
    const wordWidth = j - i;
    if (from < 0 && line === undefined) {
      from = i;
      to = j;
      lineWidth = wordWidth;
    } else if (lineWidth + 1 + wordWidth <= width) {
      if (line === undefined && i === to + 1) to = j;
      else {
        line = `${line ?? text.slice(from, to)} ${text.slice(i, j)}`;
      }
      lineWidth += 1 + wordWidth;
    } else {
      close();
      from = i;
      to = j;
      lineWidth = wordWidth;
    }
    i = j;
  }
  close();
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
  const pieces: string[] = [];
  writeTable(columns, rows, options, (text) => pieces.push(text));
  return pieces.join('');
}

/** Pieces are handed on once they reach this many characters. */
const PIECE = 1 << 20;

/**
 * Writes `renderTable(columns, rows, options)` through `out` in pieces of about a MB, so a table of
 * a million rows is never one string.
 */
export function writeTable(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  options: TableOptions,
  out: (text: string) => void,
): void {
  // Lines gathered and joined once a piece is full: one flat string per piece, not a chain of joins.
  let lines: string[] = [];
  let size = 0;
  tableLines(columns, rows, options, (line) => {
    lines.push(line);
    size += line.length + 1;
    if (size >= PIECE) {
      out(`${lines.join('\n')}\n`);
      lines = [];
      size = 0;
    }
  });
  if (lines.length > 0) out(`${lines.join('\n')}\n`);
}

/** `renderTable`'s lines, each without its line break, in order through `emit`. */
function tableLines(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  options: TableOptions,
  emit: (line: string) => void,
): void {
  const ncols = columns.length;
  // Each cell measured once (a flat array, row by row), then padded from its width.
  const cellWidths = new Int32Array(rows.length * ncols);
  // A loop, not Math.max(...rows): spreading a few hundred thousand rows overflows the call stack.
  const widths = columns.map((c) => displayWidth(c.header));
  const limit = options.width ?? Number.POSITIVE_INFINITY;
  const lastColumn = columns[ncols - 1];
  const lastFree = ncols > 1 && (lastColumn?.align ?? 'left') === 'left';
  // A last free-text column is measured only until the table is known too wide for it (then it
  // goes under each row and its width is never used).
  const measured = lastFree && Number.isFinite(limit) ? ncols - 1 : ncols;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    for (let i = 0; i < measured; i++) {
      const w = displayWidth(r[i] ?? '');
      cellWidths[k * ncols + i] = w;
      if (w > widths[i]!) widths[i] = w;
    }
  }
  const widthOfAll = () => widths.reduce((s, w) => s + w, 0) + 2 * (widths.length - 1);
  let total = widthOfAll();
  if (measured < ncols) {
    const last = ncols - 1;
    for (let k = 0; k < rows.length && total <= limit; k++) {
      const w = displayWidth(rows[k]![last] ?? '');
      cellWidths[k * ncols + last] = w;
      if (w > widths[last]!) {
        widths[last] = w;
        total = widthOfAll();
      }
    }
  }
  // Too wide: the last column leaves the table and goes under each row, wrapped.
  const under = total > limit && lastFree;
  if (under && rows.some((r) => r.length < ncols)) {
    // A short row loses its own last cell from the table (as tables always printed it): measured again.
    const body: string[] = [];
    tableLines(
      columns.slice(0, -1),
      rows.map((r) => r.slice(0, -1)),
      {},
      (l) => body.push(l),
    );
    emit(body[0]!);
    emit(body[1]!);
    rows.forEach((r, k) => {
      emit(body[k + 2]!);
      const text = r[ncols - 1] ?? '';
      if (text !== '')
        for (const l of wrapWords(`${lastColumn!.header}: ${text}`, Math.max(20, limit - 4)))
          emit(`    ${l}`);
    });
    return;
  }
  const shown = under ? ncols - 1 : ncols;
  const indent = '    ';
  const line = (cells: readonly string[], k: number) => {
    let text = '';
    for (let i = 0; i < shown; i++) {
      const cell = cells[i] ?? '';
      if (i > 0) text += '  ';
      const align = columns[i]!.align ?? 'left';
      if (i === shown - 1 && align === 'left') {
        text += cell;
        continue;
      }
      const fill = widths[i]! - (k < 0 ? displayWidth(cell) : cellWidths[k * ncols + i]!);
      text += fill <= 0 ? cell : align === 'right' ? ' '.repeat(fill) + cell : cell + ' '.repeat(fill);
    }
    return text.trimEnd();
  };
  emit(
    line(
      columns.map((c) => c.header),
      -1,
    ),
  );
  let rule = '';
  for (let i = 0; i < shown; i++) rule += (i > 0 ? '  ' : '') + '-'.repeat(widths[i]!);
  emit(rule);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    emit(line(r, k));
    if (!under) continue;
    const text = r[ncols - 1] ?? '';
    if (text !== '') {
      for (const l of wrapWords(`${lastColumn!.header}: ${text}`, Math.max(20, limit - indent.length)))
        emit(indent + l);
    }
  }
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

/** `text` cut to `max` characters, the last one an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  // No more UTF-16 units than `max`: no more characters either (most names).
  if (text.length <= max) return text;
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
