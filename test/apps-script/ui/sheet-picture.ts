// Renders a FakeSheet as Sheets would show it (cell values under their number formats, bold,
// backgrounds, column widths, links, and its native charts drawn as SVG from their data ranges), so
// a tab the add-on writes can be looked at as a picture in Chromium.
import type { FakeChart, FakeSheet } from '../fake-gas.js';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const ROW_PX = 21;

/** A cell's text under a Sheets number format (the patterns the add-on writes), in en-US. */
export function formatCell(value: unknown, format: string | undefined, timeZone: string): string {
  if (value === '' || value === null || value === undefined) return '';
  if (value instanceof Date) {
    const parts = (o: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat('en-US', { timeZone, ...o }).format(value);
    if (format === 'mmm yyyy') return parts({ month: 'short', year: 'numeric' });
    if (format === 'd mmm yyyy')
      return `${parts({ day: 'numeric' })} ${parts({ month: 'short' })} ${parts({ year: 'numeric' })}`;
    return parts({ month: 'short', day: 'numeric', year: 'numeric' });
  }
  if (typeof value === 'number') {
    const pct = format?.endsWith('%');
    const decimals = /\.(0+)/.exec(format ?? '')?.[1]?.length ?? 0;
    const grouping = format?.includes('#,##') ?? false;
    const n = pct ? value * 100 : value;
    const text = n.toLocaleString('en-US', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: format && format !== 'General' ? decimals : 10,
      useGrouping: grouping,
    });
    return pct ? `${text}%` : text;
  }
  return String(value);
}

function chartSvg(sheet: FakeSheet, chart: FakeChart): string {
  const r = chart.ranges[0]!;
  const grid: unknown[][] = [];
  for (let i = 0; i < r.numRows; i++) {
    const line: unknown[] = [];
    for (let j = 0; j < r.numColumns; j++) line.push(sheet.get(r.row + i, r.column + j));
    grid.push(line);
  }
  const w = Number(chart.options.width ?? 560);
  const h = Number(chart.options.height ?? 360);
  const title = String(chart.options.title ?? '');
  const colours = (chart.options.colors as string[] | undefined) ?? [
    '#1a73e8',
    '#e8710a',
    '#188038',
    '#d93025',
  ];
  const series = grid[0]!.slice(1).map(String);
  const rows = grid.slice(1);
  const left = 90;
  const top = 40;
  const plotW = w - left - 20;
  const plotH = h - top - 60;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" style="background:#fff;border:1px solid #dadce0">`,
    `<text x="${w / 2}" y="22" text-anchor="middle" font-size="14" font-family="Arial">${esc(title)}</text>`,
  ];
  if (chart.type === 'BAR') {
    const band = plotH / Math.max(rows.length, 1);
    rows.forEach((row, i) => {
      const vals = row.slice(1).map((v) => (typeof v === 'number' ? v : 0));
      const total = vals.reduce((a, b) => a + b, 0) || 1;
      let x = left;
      out.push(
        `<text x="${left - 6}" y="${top + band * i + band / 2 + 4}" text-anchor="end" font-size="12" font-family="Arial">${esc(String(row[0]))}</text>`,
      );
      vals.forEach((v, j) => {
        const bw = (v / total) * plotW;
        out.push(
          `<rect x="${x}" y="${top + band * i + band * 0.15}" width="${bw}" height="${band * 0.7}" fill="${colours[j % colours.length]}"/>`,
        );
        x += bw;
      });
    });
  } else {
    const values = rows.flatMap((row) => row.slice(1).filter((v): v is number => typeof v === 'number'));
    const max = Math.max(...values, 0) || 1;
    series.forEach((_, j) => {
      const pts = rows
        .map((row, i) => {
          const v = row[j + 1];
          if (typeof v !== 'number') return '';
          return `${left + (plotW * i) / Math.max(rows.length - 1, 1)},${top + plotH - (v / max) * plotH}`;
        })
        .filter(Boolean)
        .join(' ');
      out.push(
        `<polyline points="${pts}" fill="none" stroke="${colours[j % colours.length]}" stroke-width="2"/>`,
      );
    });
    out.push(
      `<text x="${left - 6}" y="${top + 4}" text-anchor="end" font-size="11" font-family="Arial">${esc(formatCell(max, '0.0', 'UTC'))}</text>`,
      `<text x="${left - 6}" y="${top + plotH}" text-anchor="end" font-size="11" font-family="Arial">0</text>`,
    );
  }
  out.push(`<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#999"/>`);
  series.forEach((name, j) => {
    const x = left + j * 90;
    out.push(
      `<rect x="${x}" y="${h - 28}" width="10" height="10" fill="${colours[j % colours.length]}"/>`,
      `<text x="${x + 14}" y="${h - 19}" font-size="11" font-family="Arial">${esc(name)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('');
}

/** The whole tab as one HTML document: the grid at its column widths, charts at their anchors. */
export function sheetHtml(sheet: FakeSheet, timeZone: string): string {
  const rows = sheet.lastRow();
  const cols = Math.max(sheet.lastColumn(), ...sheet.charts.map((c) => c.position?.column ?? 0));
  const widths = Array.from({ length: cols }, (_, c) => sheet.columnWidths.get(c + 1) ?? 100);
  const x = (col: number) => widths.slice(0, col - 1).reduce((a, b) => a + b, 40);
  const cells: string[] = [];
  for (let r = 1; r <= rows; r++) {
    const tds = [`<td class="h">${r}</td>`];
    for (let c = 1; c <= cols; c++) {
      const v = sheet.get(r, c);
      const fmt = sheet.cellFormats.get(`${r}:${c}`);
      const text = esc(formatCell(v, fmt, timeZone));
      const link = sheet.links.get(`${r}:${c}`);
      const style = [
        sheet.fontWeights.get(`${r}:${c}`) === 'bold' ? 'font-weight:bold' : '',
        sheet.backgrounds.get(`${r}:${c}`) ? `background:${sheet.backgrounds.get(`${r}:${c}`)}` : '',
        typeof v === 'number' || v instanceof Date ? 'text-align:right' : '',
        // Sheets lets text run on into an empty cell on its right, and cuts it at a filled one.
        c < cols && sheet.get(r, c + 1) !== '' ? 'overflow:hidden;max-width:0' : '',
      ]
        .filter(Boolean)
        .join(';');
      tds.push(`<td style="${style}">${link ? `<a href="${esc(link)}">${text}</a>` : text}</td>`);
    }
    cells.push(`<tr>${tds.join('')}</tr>`);
  }
  const charts = sheet.charts.map((chart) => {
    const p = chart.position ?? { row: 1, column: 1, offsetX: 0, offsetY: 0 };
    return `<div style="position:absolute;left:${x(p.column) + p.offsetX}px;top:${ROW_PX * (p.row - 1) + 22 + p.offsetY}px">${chartSvg(sheet, chart)}</div>`;
  });
  const colgroup = `<colgroup><col style="width:40px">${widths.map((w) => `<col style="width:${w}px">`).join('')}</colgroup>`;
  const tableWidth = widths.reduce((a, b) => a + b, 40);
  return `<!doctype html><html><head><meta charset="utf-8"><style>
body{margin:0;font:13px Arial,sans-serif;position:relative}
table{border-collapse:collapse;table-layout:fixed;width:${tableWidth}px}
td{border:1px solid #e2e3e3;height:${ROW_PX - 1}px;padding:0 3px;white-space:nowrap;overflow:visible}
td.h{background:#f8f9fa;color:#666;text-align:center}
a{color:#1155cc}
</style></head><body><table>${colgroup}${cells.join('')}</table>${charts.join('')}</body></html>`;
}
