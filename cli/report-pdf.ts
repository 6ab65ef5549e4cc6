// The Dashboard as a US Letter PDF (pdf-lib, Helvetica): headline cards, the aging as stacked bars,
// DSO and CEI as line charts, then the worklists. Amounts and dates in the reader's locale.
import type { PDFFont, PDFPage, RGB } from 'pdf-lib';
import type { Dashboard } from '../core/reports/dashboard.js';
import { toWinAnsi } from '../lambdas/documents/win-ansi.js';
import { type DashboardFormat, dashboardFormat, dashboardTables, type ReportTable } from './report-tables.js';

const W = 612;
const H = 792;
const M = 40;
const CW = W - 2 * M;
const BOTTOM = 50;

/** Aging buckets from current (green) to oldest (deep red). */
const BUCKET_COLORS = ['#43A047', '#C0CA33', '#FFB300', '#F4511E', '#B71C1C'];
/** Bucket colours light enough to need dark text. */
const LIGHT_BUCKETS = new Set(['#C0CA33', '#FFB300']);
const SERIES_COLORS = ['#1565C0', '#8E24AA', '#00897B', '#EF6C00', '#6D4C41'];

interface Ctx {
  rgb: (hex: string) => RGB;
  regular: PDFFont;
  bold: PDFFont;
  page: PDFPage;
  y: number;
  newPage: () => void;
  f: DashboardFormat;
}

/**
 * Renders the dashboard as PDF bytes. No clock is read: the document's dates are `asOf`'s.
 *
 * @example await dashboardPdf(dashboard(ledger, '2026-11-23'), { locale: 'de-DE' })
 */
export async function dashboardPdf(data: Dashboard, options: { locale: string }): Promise<Uint8Array> {
  const { PDFDocument, StandardFonts, rgb } = await import('pdf-lib');
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const created = new Date(`${data.asOf}T00:00:00Z`);
  pdf.setTitle(`Receivables dashboard as of ${data.asOf}`);
  pdf.setProducer('Duebook');
  pdf.setCreator('Duebook');
  pdf.setCreationDate(created);
  pdf.setModificationDate(created);
  const f = dashboardFormat(options.locale);
  const ctx: Ctx = {
    rgb: (hex) =>
      rgb(
        Number.parseInt(hex.slice(1, 3), 16) / 255,
        Number.parseInt(hex.slice(3, 5), 16) / 255,
        Number.parseInt(hex.slice(5, 7), 16) / 255,
      ),
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
    page: undefined as unknown as PDFPage,
    y: 0,
    f,
    newPage: () => {
      ctx.page = pdf.addPage([W, H]);
      ctx.y = H - M;
    },
  };
  ctx.newPage();

  header(ctx, data);
  if (data.currencies.length === 0) {
    text(ctx, 'Nothing is owed and nothing was collected in the last two months.', M, ctx.y - 14, 11);
    ctx.y -= 30;
  }
  for (const c of data.currencies) cards(ctx, data, c.currency);
  if (data.currencies.length > 0) aging(ctx, data);
  if (data.trend.length > 0) trends(ctx, data);
  for (const table of dashboardTables(data, f)) drawTable(ctx, table);

  const pages = pdf.getPages();
  pages.forEach((page, i) => {
    const label = toWinAnsi(
      `Duebook  ·  Dashboard as of ${f.date(data.asOf)}  ·  Page ${i + 1} of ${pages.length}`,
    );
    const size = 8;
    page.drawText(label, {
      x: W - M - ctx.regular.widthOfTextAtSize(label, size),
      y: 24,
      size,
      font: ctx.regular,
      color: ctx.rgb('#757575'),
    });
  });
  return pdf.save({ useObjectStreams: false });
}

function text(
  ctx: Ctx,
  value: string,
  x: number,
  y: number,
  size: number,
  options: { bold?: boolean; color?: string; maxWidth?: number; align?: 'left' | 'right' | 'center' } = {},
): number {
  const font = options.bold ? ctx.bold : ctx.regular;
  let s = toWinAnsi(value);
  if (options.maxWidth !== undefined) s = fitWidth(s, font, size, options.maxWidth);
  const width = font.widthOfTextAtSize(s, size);
  const left = options.align === 'right' ? x - width : options.align === 'center' ? x - width / 2 : x;
  ctx.page.drawText(s, { x: left, y, size, font, color: ctx.rgb(options.color ?? '#212121') });
  return width;
}

/** Shortens text with an ellipsis to fit a width. */
function fitWidth(s: string, font: PDFFont, size: number, maxWidth: number): string {
  if (font.widthOfTextAtSize(s, size) <= maxWidth) return s;
  let cut = s;
  while (cut.length > 0 && font.widthOfTextAtSize(`${cut}…`, size) > maxWidth) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

function ensure(ctx: Ctx, height: number): void {
  if (ctx.y - height < BOTTOM) ctx.newPage();
}

function sectionTitle(ctx: Ctx, title: string, note?: string): void {
  ensure(ctx, 40);
  ctx.y -= 18;
  const w = text(ctx, title, M, ctx.y, 12, { bold: true, color: '#263238' });
  if (note) text(ctx, note, M + w + 8, ctx.y, 8.5, { color: '#757575', maxWidth: CW - w - 8 });
  ctx.y -= 6;
  ctx.page.drawLine({
    start: { x: M, y: ctx.y },
    end: { x: W - M, y: ctx.y },
    thickness: 0.6,
    color: ctx.rgb('#CFD8DC'),
  });
  ctx.y -= 4;
}

function header(ctx: Ctx, data: Dashboard): void {
  ctx.page.drawRectangle({ x: 0, y: H - 74, width: W, height: 74, color: ctx.rgb('#263238') });
  text(ctx, 'Receivables dashboard', M, H - 44, 20, { bold: true, color: '#FFFFFF' });
  text(ctx, `As of ${ctx.f.date(data.asOf)}`, W - M, H - 44, 11, { align: 'right', color: '#ECEFF1' });
  text(ctx, 'Amounts per currency; currencies are never added together.', M, H - 62, 8.5, {
    color: '#B0BEC5',
  });
  ctx.y = H - 84;
}

function cards(ctx: Ctx, data: Dashboard, currency: string): void {
  const c = data.currencies.find((x) => x.currency === currency)!;
  const f = ctx.f;
  const share = c.receivableMinor > 0 ? `${f.percent(c.overdueMinor / c.receivableMinor)} of receivable` : '';
  const before = c.collectedLastMonthToDateMinor;
  const diff = c.collectedThisMonthMinor - before;
  const trendNote =
    before === 0
      ? 'none by this day last month'
      : `${diff >= 0 ? '+' : '-'}${f.percent(Math.abs(diff) / before)} vs this day last month`;
  const items: { label: string; value: string; note: string; accent: string }[] = [
    {
      label: 'Receivable',
      value: f.money(c.receivableMinor, currency),
      note: creditNote(c, f),
      accent: '#1565C0',
    },
    { label: 'Overdue', value: f.money(c.overdueMinor, currency), note: share, accent: '#C62828' },
    {
      label: `Collected in ${f.month(data.asOf)} so far`,
      value: f.money(c.collectedThisMonthMinor, currency),
      note: trendNote,
      accent: diff >= 0 ? '#2E7D32' : '#EF6C00',
    },
    {
      label: `Collected in ${f.month(previousMonth(data.asOf))}`,
      value: f.money(c.collectedLastMonthMinor, currency),
      note: `${f.money(c.collectedLastMonthToDateMinor, currency)} by the same day`,
      accent: '#546E7A',
    },
  ];
  ensure(ctx, 62);
  ctx.y -= 6;
  const gap = 10;
  const cw = (CW - gap * (items.length - 1)) / items.length;
  const ch = 54;
  items.forEach((it, i) => {
    const x = M + i * (cw + gap);
    const y = ctx.y - ch;
    ctx.page.drawRectangle({ x, y, width: cw, height: ch, color: ctx.rgb('#F5F7F8') });
    ctx.page.drawRectangle({ x, y, width: 3, height: ch, color: ctx.rgb(it.accent) });
    text(ctx, it.label, x + 10, y + ch - 14, 8, { color: '#607D8B', maxWidth: cw - 14 });
    text(ctx, it.value, x + 10, y + ch - 32, 13, { bold: true, maxWidth: cw - 14 });
    text(ctx, it.note, x + 10, y + 8, 7.5, { color: '#607D8B', maxWidth: cw - 14 });
  });
  ctx.y -= ch + 4;
}

function creditNote(c: Dashboard['currencies'][number], f: DashboardFormat): string {
  return c.unappliedCreditMinor > 0
    ? `${f.money(c.unappliedCreditMinor, c.currency)} unapplied credit`
    : 'gross open items';
}

function previousMonth(asOf: string): string {
  const [y, m] = asOf.split('-').map(Number) as [number, number];
  const py = m === 1 ? y - 1 : y;
  const pm = m === 1 ? 12 : m - 1;
  return `${py}-${String(pm).padStart(2, '0')}-01`;
}

function aging(ctx: Ctx, data: Dashboard): void {
  sectionTitle(ctx, 'Aging', 'share of each currency’s receivable by days past due');
  const f = ctx.f;
  const labelW = 42;
  const totalW = 96;
  const barW = CW - labelW - totalW;
  const barH = 18;
  ensure(ctx, data.currencies.length * (barH + 8) + 40);
  ctx.y -= 6;
  for (const c of data.currencies) {
    const y = ctx.y - barH;
    text(ctx, c.currency, M, y + 5, 9.5, { bold: true });
    let x = M + labelW;
    const total = c.receivableMinor;
    if (total <= 0) {
      ctx.page.drawRectangle({ x, y, width: barW, height: barH, color: ctx.rgb('#ECEFF1') });
      text(ctx, 'nothing open', x + 6, y + 5, 8, { color: '#757575' });
    } else {
      c.bucketsMinor.forEach((v, b) => {
        if (v <= 0) return;
        const w = (v / total) * barW;
        ctx.page.drawRectangle({
          x,
          y,
          width: w,
          height: barH,
          color: ctx.rgb(bucketColor(b, c.bucketsMinor.length)),
        });
        const pct = f.percent(v / total);
        if (ctx.regular.widthOfTextAtSize(pct, 7.5) + 6 < w)
          text(ctx, pct, x + w / 2, y + 5.5, 7.5, {
            align: 'center',
            color: LIGHT_BUCKETS.has(bucketColor(b, c.bucketsMinor.length)) ? '#212121' : '#FFFFFF',
          });
        x += w;
      });
    }
    text(ctx, f.money(total, c.currency), W - M, y + 5, 9.5, { align: 'right', bold: true });
    ctx.y -= barH + 8;
  }
  // Legend, with the bucket labels as the tab and the xlsx name them.
  let x = M + labelW;
  data.buckets.forEach((label, b) => {
    ctx.page.drawRectangle({
      x,
      y: ctx.y - 8,
      width: 8,
      height: 8,
      color: ctx.rgb(bucketColor(b, data.buckets.length)),
    });
    const name = b === 0 ? 'current' : `${label} days`;
    x += 12 + text(ctx, name, x + 12, ctx.y - 7.5, 8, { color: '#455A64' }) + 14;
  });
  ctx.y -= 16;
  // The amounts behind the bars.
  drawTable(ctx, {
    title: '',
    columns: [
      { header: 'Currency', width: 1 },
      ...data.buckets.map((b, i) => ({
        header: i === 0 ? 'Current' : b,
        width: 1.6,
        align: 'right' as const,
      })),
      { header: 'Overdue', width: 1.6, align: 'right' as const },
    ],
    rows: data.currencies.map((c) => [
      c.currency,
      ...c.bucketsMinor.map((v) => f.number(v, c.currency)),
      f.number(c.overdueMinor, c.currency),
    ]),
    empty: '',
  });
}

function bucketColor(b: number, n: number): string {
  if (n === BUCKET_COLORS.length) return BUCKET_COLORS[b]!;
  const at = n <= 1 ? 0 : Math.round((b * (BUCKET_COLORS.length - 1)) / (n - 1));
  return BUCKET_COLORS[at]!;
}

function trends(ctx: Ctx, data: Dashboard): void {
  const months = data.trend[0]!.points.map((p) => p.month);
  const h = 150;
  ensure(ctx, h + 64);
  sectionTitle(ctx, 'Last 12 months', 'DSO by the countback method; CEI = collected / collectible');
  const gap = 20;
  const w = (CW - gap) / 2;
  const top = ctx.y - 6;
  lineChart(
    ctx,
    M,
    top,
    w,
    h,
    'Days sales outstanding',
    months,
    data.trend.map((t) => ({
      name: t.currency,
      values: t.points.map((p) => p.dsoHundredths / 100),
    })),
    (v) => ctx.f.days(v),
  );
  lineChart(
    ctx,
    M + w + gap,
    top,
    w,
    h,
    'Collection effectiveness index',
    months,
    data.trend.map((t) => ({
      name: t.currency,
      values: t.points.map((p) => (p.ceiBasisPoints === undefined ? undefined : p.ceiBasisPoints / 10_000)),
    })),
    (v) => ctx.f.percent(v),
    1,
  );
  ctx.y = top - h - 8;
}

function lineChart(
  ctx: Ctx,
  x: number,
  top: number,
  w: number,
  h: number,
  title: string,
  months: string[],
  series: { name: string; values: (number | undefined)[] }[],
  label: (v: number) => string,
  fixedMax?: number,
): void {
  const grey = ctx.rgb('#B0BEC5');
  ctx.page.drawRectangle({ x, y: top - h, width: w, height: h, color: ctx.rgb('#FAFBFC') });
  text(ctx, title, x + 8, top - 14, 9.5, { bold: true, color: '#37474F' });
  const plot = { x: x + 40, y: top - h + 30, w: w - 52, h: h - 58 };
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== undefined));
  const max = fixedMax ?? niceMax(Math.max(1, ...all));
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    const y = plot.y + (plot.h * i) / 4;
    ctx.page.drawLine({
      start: { x: plot.x, y },
      end: { x: plot.x + plot.w, y },
      thickness: 0.4,
      color: grey,
    });
    text(ctx, label(v), plot.x - 4, y - 3, 7, { align: 'right', color: '#78909C' });
  }
  const step = months.length > 1 ? plot.w / (months.length - 1) : 0;
  months.forEach((m, i) => {
    if (months.length > 6 && (months.length - 1 - i) % 2 === 1) return;
    text(ctx, ctx.f.monthShort(m), plot.x + i * step, plot.y - 11, 6.5, {
      align: 'center',
      color: '#78909C',
    });
  });
  series.forEach((s, k) => {
    const color = ctx.rgb(SERIES_COLORS[k % SERIES_COLORS.length]!);
    let prev: { x: number; y: number } | undefined;
    s.values.forEach((v, i) => {
      if (v === undefined) {
        prev = undefined;
        return;
      }
      const pt = { x: plot.x + i * step, y: plot.y + (Math.max(0, Math.min(v, max)) / max) * plot.h };
      if (prev) ctx.page.drawLine({ start: prev, end: pt, thickness: 1.6, color });
      ctx.page.drawCircle({ x: pt.x, y: pt.y, size: 1.8, color });
      prev = pt;
    });
    const last = [...s.values].reverse().find((v) => v !== undefined);
    const slot = (w - 16) / series.length;
    const lx = x + 8 + k * slot;
    ctx.page.drawRectangle({ x: lx, y: top - h + 8, width: 8, height: 3, color });
    text(ctx, `${s.name}${last === undefined ? '' : `  ${label(last)}`}`, lx + 12, top - h + 6, 7.5, {
      color: '#455A64',
      maxWidth: slot - 14,
    });
  });
}

/** A round axis maximum at or above `v`: 1, 2, 2.5 or 5 times a power of ten. */
function niceMax(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const k of [1, 2, 2.5, 5, 10]) if (k * p >= v) return k * p;
  return 10 * p;
}

function drawTable(ctx: Ctx, table: ReportTable): void {
  if (table.title) sectionTitle(ctx, `${table.title} (${table.rows.length})`, table.note);
  const size = 8;
  const rowH = 13;
  const totalWeight = table.columns.reduce((s, c) => s + c.width, 0);
  const widths = table.columns.map((c) => (c.width / totalWeight) * CW);
  const headerRow = () => {
    ensure(ctx, rowH * 2);
    let x = M;
    ctx.y -= rowH;
    table.columns.forEach((c, i) => {
      const right = c.align === 'right';
      text(ctx, c.header, right ? x + widths[i]! - 4 : x + 4, ctx.y + 3, 7.5, {
        bold: true,
        color: '#546E7A',
        maxWidth: widths[i]! - 8,
        align: right ? 'right' : 'left',
      });
      x += widths[i]!;
    });
  };
  if (table.rows.length === 0) {
    ensure(ctx, rowH + 4);
    ctx.y -= rowH;
    text(ctx, table.empty, M + 4, ctx.y + 3, size, { color: '#78909C' });
    ctx.y -= 4;
    return;
  }
  headerRow();
  table.rows.forEach((row, r) => {
    if (ctx.y - rowH < BOTTOM) {
      ctx.newPage();
      headerRow();
    }
    ctx.y -= rowH;
    if (r % 2 === 0)
      ctx.page.drawRectangle({ x: M, y: ctx.y - 1, width: CW, height: rowH, color: ctx.rgb('#F5F7F8') });
    let x = M;
    row.forEach((cell, i) => {
      const right = table.columns[i]!.align === 'right';
      text(ctx, cell, right ? x + widths[i]! - 4 : x + 4, ctx.y + 3, size, {
        maxWidth: widths[i]! - 8,
        align: right ? 'right' : 'left',
      });
      x += widths[i]!;
    });
  });
  ctx.y -= 6;
}
