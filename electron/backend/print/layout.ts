/**
 * The one print layout. Every printed sheet — 公示, 花名册, 工资发放表, and the workshop and loan
 * lists — is a PrintDoc turned into one self-contained HTML page here: A4 (landscape, or portrait
 * when the table is narrow), the title, the table with its header repeated on every page and no
 * row split across pages, 第X页 共Y页 at the foot of every page (@page margin boxes, Chromium ≥ 131),
 * the 合计 row with the amount in words, and the closing block (公示期, 监督电话, 单位（盖章）, date).
 *
 * No scripts, no remote fonts or images: the page prints the same in Electron, in any browser,
 * and in headless Chromium for the CLI.
 */
import { amountInWords, formatYuan } from '../../../shared/money';
import { addDays } from '../../../shared/dates';

/** 宋体 first (what official paper uses on Windows), then the Linux CJK fonts; never a remote font. */
export const FONT_STACK = '"SimSun", "宋体", "SimSun-ExtB", "Microsoft YaHei", "微软雅黑", "Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", serif';

export type Cell = string | number | null | undefined | { text: string; colSpan?: number; cls?: string };

export interface PrintColumn {
  header: string;
  /** Width in CJK character widths (one digit is about half). */
  width: number;
  align?: 'left' | 'center' | 'right';
  /** Keep on one line (IDs, dates, amounts). */
  nowrap?: boolean;
}

export interface GongshiPeriod { start: string; end: string; days: number }

export interface Closing {
  /** 公示期: printed as “公示期：2024年7月1日至2024年7月5日（共5天）”. */
  gongshi?: GongshiPeriod;
  /** The objection sentence before the phone, e.g. 如有异议，请在公示期内向XX镇人民政府反映。 */
  objection?: string;
  /** 监督电话; printed (blank line when empty) whenever `gongshi` is set or this is given. */
  supervisionPhone?: string;
  /** Sign-off names left to right, e.g. ['审核人', '填表人', '联系电话']. */
  signers?: string[];
  /** 单位 lines, each followed by （盖章）, e.g. ['东关村村民委员会']. */
  units: string[];
  /** ISO date printed under the seal line. */
  date: string;
}

export interface PrintDoc {
  /** Main title, e.g. 关于东关村2024年乡村公益性岗位拟聘用人员的公示. */
  title: string;
  orientation?: 'landscape' | 'portrait' | 'auto';
  /** One line under the title: left and right halves (填报单位 / 填报日期 / 单位：元). */
  meta?: { left?: string; right?: string };
  /** Paragraphs before the table (the 公示 text). */
  preamble?: string[];
  columns: PrintColumn[];
  rows: Cell[][];
  /** Shown as the only row when `rows` is empty. */
  emptyText?: string;
  /** The 合计 row, one cell per column (use colSpan objects to merge). */
  total?: Cell[];
  /** 合计 in words, printed as a full-width row under the 合计 row. */
  amountInWords?: { label: string; fen: number };
  /** Paragraphs after the table, before the closing block. */
  notes?: string[];
  closing?: Closing;
}

/** Landscape when the table is wider than A4 portrait can hold at 10pt (about 48 CJK characters). */
export const PORTRAIT_MAX_WIDTH = 48;

export function orientationOf(doc: Pick<PrintDoc, 'orientation' | 'columns'>): 'landscape' | 'portrait' {
  if (doc.orientation && doc.orientation !== 'auto') return doc.orientation;
  const w = doc.columns.reduce((n, c) => n + c.width, 0);
  return w > PORTRAIT_MAX_WIDTH ? 'landscape' : 'portrait';
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** 2024-07-01 → 2024年7月1日 (the form official paper uses). */
export function cnDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

/** 2024-07 → 2024年7月. */
export function cnMonth(month: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(month);
  return m ? `${m[1]}年${Number(m[2])}月` : month;
}

/** 公示期 of `days` calendar days starting on `start`, both ends included: 7月1日至7月5日 is 5 days. */
export function gongshiPeriod(start: string, days: number): GongshiPeriod {
  return { start, end: addDays(start, days - 1), days };
}

export const yuanText = (fen: number | null | undefined) => (fen == null ? '' : formatYuan(fen));

function cellHtml(c: Cell, col: PrintColumn | undefined, tag: 'td' | 'th' = 'td'): string {
  if (c != null && typeof c === 'object') {
    const cls = [c.cls, col?.align && col.align !== 'left' ? `a-${col.align}` : ''].filter(Boolean).join(' ');
    return `<${tag}${c.colSpan && c.colSpan > 1 ? ` colspan="${c.colSpan}"` : ''}${cls ? ` class="${cls}"` : ''}>${escapeHtml(c.text)}</${tag}>`;
  }
  const cls = [col?.align && col.align !== 'left' ? `a-${col.align}` : '', col?.nowrap ? 'nw' : ''].filter(Boolean).join(' ');
  return `<${tag}${cls ? ` class="${cls}"` : ''}>${c == null ? '' : escapeHtml(String(c))}</${tag}>`;
}

/** Cells of a row laid against the columns, honouring colSpan. */
function rowHtml(cells: Cell[], columns: PrintColumn[], cls?: string): string {
  let i = 0;
  const parts: string[] = [];
  for (const c of cells) {
    if (i >= columns.length) break;
    parts.push(cellHtml(c, columns[i]));
    i += c != null && typeof c === 'object' && c.colSpan ? c.colSpan : 1;
  }
  return `<tr${cls ? ` class="${cls}"` : ''}>${parts.join('')}</tr>`;
}

function css(orientation: 'landscape' | 'portrait'): string {
  return `
@page {
  size: A4 ${orientation};
  margin: 14mm 12mm 16mm 12mm;
  @bottom-center { content: "第" counter(page) "页 共" counter(pages) "页"; font-family: ${FONT_STACK}; font-size: 9pt; color: #000; }
}
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${FONT_STACK}; font-size: 10.5pt; color: #000; line-height: 1.5; }
.sheet { width: 100%; }
h1 { font-size: 18pt; font-weight: bold; text-align: center; margin: 0 0 3mm; letter-spacing: 0.05em; line-height: 1.35; }
.meta { display: flex; justify-content: space-between; gap: 8mm; font-size: 10pt; margin: 0 0 2mm; }
.preamble p, .notes p { margin: 0 0 1.5mm; text-indent: 2em; }
table.grid { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 1mm 0 3mm; }
table.grid thead { display: table-header-group; }
table.grid tfoot { display: table-row-group; }
table.grid tr { break-inside: avoid; page-break-inside: avoid; }
table.grid th, table.grid td { border: 0.6pt solid #000; padding: 1mm 1.2mm; font-size: 10pt; line-height: 1.35; vertical-align: middle; overflow-wrap: anywhere; }
table.grid th { font-weight: bold; text-align: center; background: #f0f0f0; }
table.grid td.a-center { text-align: center; }
table.grid td.a-right { text-align: right; font-variant-numeric: tabular-nums; }
table.grid td.nw { white-space: nowrap; overflow-wrap: normal; }
table.grid tr.total td { font-weight: bold; }
table.grid tr.words td { font-weight: bold; text-align: left; }
table.grid tr.empty td { text-align: center; color: #444; padding: 4mm; }
table.grid tr.total, table.grid tr.words, table.grid tr.closing-row { break-before: avoid; page-break-before: avoid; }
table.grid tr.closing-row > td { border: none; padding: 0; font-size: 10.5pt; line-height: 1.5; }
table.grid.sign tbody tr:not(.total):not(.words):not(.closing-row) td { height: 9mm; }
.closing { break-inside: avoid; page-break-inside: avoid; margin-top: 3mm; }
.closing p { margin: 0 0 1.5mm; }
.closing .signers { display: flex; gap: 20mm; margin: 3mm 0 2mm; }
.closing .seal { margin-left: auto; width: max-content; min-width: 70mm; text-align: center; margin-top: 6mm; }
.closing .seal div { margin-bottom: 1.5mm; }
@media screen {
  html { background: #e9e9e9; }
  body { padding: 12px 0; }
  .sheet { box-sizing: border-box; width: ${orientation === 'landscape' ? '297mm' : '210mm'}; margin: 0 auto; padding: 14mm 12mm 16mm; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.25); }
}`;
}

function closingHtml(c: Closing): string {
  const parts: string[] = [];
  if (c.gongshi) {
    parts.push(`<p class="period">公示期：${cnDate(c.gongshi.start)}至${cnDate(c.gongshi.end)}（共${c.gongshi.days}天）</p>`);
  }
  if (c.gongshi || c.supervisionPhone !== undefined || c.objection) {
    const phone = c.supervisionPhone?.trim() ? escapeHtml(c.supervisionPhone.trim()) : '　　　　　　　　';
    parts.push(`<p class="phone">${c.objection ? escapeHtml(c.objection) : ''}监督电话：${phone}</p>`);
  }
  if (c.signers?.length) {
    parts.push(`<div class="signers">${c.signers.map((s) => `<span>${escapeHtml(s)}：</span>`).join('')}</div>`);
  }
  parts.push(`<div class="seal">${c.units.map((u) => `<div>${escapeHtml(u)}（盖章）</div>`).join('')}<div class="date">${cnDate(c.date)}</div></div>`);
  return `<section class="closing">${parts.join('')}</section>`;
}

/** The whole page for one PrintDoc. */
export function renderPrintDocument(doc: PrintDoc): string {
  const orientation = orientationOf(doc);
  const totalW = doc.columns.reduce((n, c) => n + c.width, 0) || 1;
  const cols = doc.columns.map((c) => `<col style="width:${((c.width / totalW) * 100).toFixed(2)}%">`).join('');
  const head = `<tr>${doc.columns.map((c) => `<th>${escapeHtml(c.header)}</th>`).join('')}</tr>`;
  const body: string[] = doc.rows.length
    ? doc.rows.map((r) => rowHtml(r, doc.columns))
    : [`<tr class="empty"><td colspan="${doc.columns.length}">${escapeHtml(doc.emptyText ?? '（无）')}</td></tr>`];
  if (doc.total) body.push(rowHtml(doc.total, doc.columns, 'total'));
  if (doc.amountInWords) {
    const w = doc.amountInWords;
    body.push(`<tr class="words"><td colspan="${doc.columns.length}">${escapeHtml(`${w.label}：人民币${amountInWords(w.fen)}（¥${formatYuan(w.fen)}）`)}</td></tr>`);
  }
  const meta = doc.meta && (doc.meta.left || doc.meta.right)
    ? `<div class="meta"><span>${escapeHtml(doc.meta.left ?? '')}</span><span>${escapeHtml(doc.meta.right ?? '')}</span></div>` : '';
  const para = (list: string[] | undefined, cls: string) => (list?.length ? `<div class="${cls}">${list.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}</div>` : '');
  // Notes and the seal block are the table's last row, kept with the 合计 and the rows above it:
  // a seal never lands alone on a page, and a page that has it also has the repeated header.
  const tail = para(doc.notes, 'notes') + (doc.closing ? closingHtml(doc.closing) : '');
  if (tail) body.push(`<tr class="closing-row"><td colspan="${doc.columns.length}">${tail}</td></tr>`);
  const signSheet = doc.columns.some((c) => c.header.includes('签字'));
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(doc.title)}</title>
<style>${css(orientation)}</style></head>
<body class="${orientation}"><div class="sheet">
<h1>${escapeHtml(doc.title)}</h1>
${meta}${para(doc.preamble, 'preamble')}
<table class="grid${signSheet ? ' sign' : ''}"><colgroup>${cols}</colgroup>
<thead>${head}</thead>
<tbody>
${body.join('\n')}
</tbody></table>
</div></body></html>
`;
}
