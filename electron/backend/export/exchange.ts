import crypto from 'node:crypto';
import { dateToIso, todayIso } from '../../../shared/dates';
import { schemaVersion } from '../db/open';
import type { Cell, SheetData } from '../import/read';
import type { Ctx } from '../services/context';
import { nowLocal } from '../services/context';
import { getSettings } from '../services/settings';
import { getOverview } from '../services/overview';
import { personsSheet } from './persons';
import { postLibrarySheet, postsRosterSheet } from './posts';
import { employmentsSheet, workshopsSheet } from './workshops';
import { loansSheet } from './loans';
import { SUMMARY_COLUMNS, summaryRows } from './report';
import { readBack, withFullIdNotice, writeWorkbook, type TableSheet } from './workbook';

/**
 * The county exchange package: one .xlsx per township with every module's sheet in the county's
 * own layout (the sheet builder each module's own export uses), a 汇总 sheet,
 * and a hidden 交换包信息 sheet for the county's merge: township code and name, export time, schema
 * version (PRAGMA user_version), each sheet's kind, header row, row count and SHA-256, and one
 * content hash over them all. The hashes are over a canonical serialization of what a reader gets
 * back from row 3 down (header, data, 合计, signature line), so any hand edit of a cell shows.
 */

export const META_SHEET = '交换包信息';
export const PACKAGE_FORMAT = 'township-ledger-exchange/1';
export const FULL_ID_MARK = '含完整身份证号，注意保密';

export type SheetKind = 'summary' | 'persons' | 'posts' | 'postLibrary' | 'workshops' | 'employments' | 'loans';
export const KIND_LABEL: Record<SheetKind, string> = {
  summary: '汇总', persons: '人员名单', posts: '公益岗位花名册', postLibrary: '岗位库', workshops: '帮扶车间', employments: '务工台账', loans: '小额信贷',
};

/** The module sheets of a package, in order: each module's own sheet builder, called directly. */
const PARTS: { kind: Exclude<SheetKind, 'summary'>; sheet: (ctx: Ctx) => TableSheet; ids: boolean }[] = [
  { kind: 'persons', sheet: personsSheet, ids: true },
  { kind: 'posts', sheet: postsRosterSheet, ids: true },
  { kind: 'postLibrary', sheet: postLibrarySheet, ids: false },
  { kind: 'workshops', sheet: workshopsSheet, ids: false },
  { kind: 'employments', sheet: (ctx) => { const { one: _one, ...sheet } = employmentsSheet(ctx); return sheet; }, ids: true },
  { kind: 'loans', sheet: loansSheet, ids: true },
];

// ───────────────────────────── reading a county-layout sheet ─────────────────────────────

const str = (v: Cell | undefined): string => (v == null ? '' : v instanceof Date ? dateToIso(v) ?? '' : String(v)).trim();
const isEmptyRow = (r: Cell[] | undefined) => !r || r.every((v) => v == null || str(v) === '');

export interface ParsedSheet {
  title: string;
  note: string;
  /** 0-based index of the (lower) header row. */
  headerRow: number;
  twoRow: boolean;
  headers: string[];
  groups: (string | undefined)[];
  data: Cell[][];
  total: Cell[] | null;
  footer: string | null;
}

/**
 * Our own county layout read back: title (row 1), note (row 2), header on row 3 (or rows 3–4 when
 * merged), data rows until the 合计 row or a blank row, then the signature line.
 */
export function parseLayout(sd: SheetData, headerRowHint?: number): ParsedSheet {
  const rows = sd.rows;
  const vertical = sd.merges.some((m) => m.top === 2 && m.bottom === 3);
  const across = sd.merges.some((m) => m.top === 2 && m.bottom === 2 && m.right > m.left);
  const twoRow = headerRowHint != null ? headerRowHint === 3 : vertical || across;
  const headerRow = twoRow ? 3 : 2;
  const width = Math.max(rows[2]?.length ?? 0, rows[headerRow]?.length ?? 0);
  const headers: string[] = [], groups: (string | undefined)[] = [];
  for (let c = 0; c < width; c++) {
    const merged = twoRow && sd.merges.some((m) => m.top === 2 && m.bottom === 3 && m.left <= c && m.right >= c);
    // A header merged down rows 3–4 keeps its text in row 3 only.
    headers.push(str(rows[headerRow]?.[c]) || (merged ? str(rows[2]?.[c]) : ''));
    if (!twoRow || merged) { groups.push(undefined); continue; }
    const m = sd.merges.find((x) => x.top === 2 && x.bottom === 2 && x.left <= c && x.right >= c);
    groups.push(str(rows[2]?.[m ? m.left : c]) || undefined);
  }
  const data: Cell[][] = [];
  let total: Cell[] | null = null, footer: string | null = null;
  let i = headerRow + 1;
  for (; i < rows.length; i++) {
    const r = rows[i];
    if (isEmptyRow(r)) break;
    if (str(r[0]) === '合计') { total = r; i++; break; }
    data.push(r);
  }
  for (; i < rows.length; i++) if (!isEmptyRow(rows[i])) { footer = str(rows[i][0]); break; }
  return { title: str(rows[0]?.[0]), note: str(rows[1]?.[0]), headerRow, twoRow, headers, groups, data, total, footer };
}

const TEXT_HEADER = /身份证|证件号码|户编号|电话|卡号|账号|协议编号|合同编号|信用代码/;
/**
 * A module's sheet as the package carries it: under the package's sheet name, a sheet with IDs saying
 * in its title and note that it goes to the county with whole ID numbers, and code-like columns
 * (IDs, 户编号, phones, accounts) as text whatever the module wrote.
 */
export function forPackage(sheet: TableSheet, name: string, marked: boolean): TableSheet {
  return {
    ...sheet,
    name, title: marked ? withFullIdNotice(sheet.title, true) : sheet.title,
    note: marked ? `${FULL_ID_MARK}。${sheet.note ?? ''}` : sheet.note ?? '',
    columns: sheet.columns.map((c) => (TEXT_HEADER.test(c.header) && c.type !== 'text' ? { ...c, type: 'text' } : c)),
  };
}

// ───────────────────────────── hashing ─────────────────────────────

function canon(v: Cell | undefined): string | number | boolean | null {
  if (v == null) return null;
  if (v instanceof Date) return `D:${v.toISOString()}`;
  if (typeof v === 'string') return v === '' ? null : v;
  return v;
}

/**
 * SHA-256 of a sheet's rows from row 3 down, trailing blanks trimmed: what a cell edit changes, and
 * nothing else. The bytes hashed are JSON.stringify([name, rows]) (the format packages have carried
 * from the start), fed row by row so a 100k-row sheet is never one big string.
 */
export function sheetHash(sd: Pick<SheetData, 'name' | 'rows'>): string {
  const h = crypto.createHash('sha256').update(`[${JSON.stringify(sd.name)},[`);
  let first = true, blanks = 0;
  for (let i = 2; i < sd.rows.length; i++) {
    const c = (sd.rows[i] ?? []).map(canon);
    while (c.length && c[c.length - 1] == null) c.pop();
    if (!c.length) { blanks++; continue; } // written only when a filled row follows: trailing blank rows do not count
    for (; blanks > 0; blanks--) { h.update(first ? '[]' : ',[]'); first = false; }
    h.update(first ? JSON.stringify(c) : `,${JSON.stringify(c)}`);
    first = false;
  }
  return h.update(']]').digest('hex');
}

export function contentHash(sheets: { name: string; kind: string; hash: string }[]): string {
  return crypto.createHash('sha256').update(JSON.stringify(sheets.map((s) => [s.name, s.kind, s.hash]))).digest('hex');
}

// ───────────────────────────── the package ─────────────────────────────

export interface PackageMeta {
  format: string;
  code: string;
  township: string;
  county: string;
  exportedAt: string;
  schemaVersion: number | null;
  appVersion: string;
  contentHash: string;
  sheets: { name: string; kind: string; headerRow: number; rows: number; hash: string }[];
}

const META_KEYS: [keyof Omit<PackageMeta, 'sheets'>, string][] = [
  ['format', '格式'], ['code', '乡镇代码'], ['township', '乡镇名称'], ['county', '县（市、区）'], ['exportedAt', '导出时间'],
  ['schemaVersion', '数据库版本'], ['appVersion', '程序版本'], ['contentHash', '内容校验值'],
];
const SHEET_ROW = '工作表';

function metaSheet(m: PackageMeta): TableSheet {
  return {
    name: META_SHEET, state: 'hidden',
    title: '交换包信息（县级合并时核对，请勿修改）',
    note: '修改任何工作表的内容都会使校验值不符，县里合并时会提示“导出后被修改”。',
    columns: [{ header: '项目', width: 14 }, { header: '内容', width: 30, type: 'text' }, { header: '类型', width: 12 }, { header: '表头行', width: 8 },
      { header: '数据行数', width: 10 }, { header: 'SHA-256', width: 66, type: 'text' }],
    rows: [
      ...META_KEYS.map(([k, label]) => [label, m[k] == null ? null : String(m[k]), null, null, null, null]),
      ...m.sheets.map((s) => [SHEET_ROW, s.name, s.kind, s.headerRow + 1, s.rows, s.hash]),
    ],
  };
}

/** Reads the hidden 交换包信息 back; null when the sheet is not there (not one of our packages). */
export function readMeta(sd: SheetData): PackageMeta | null {
  const m: Record<string, unknown> = { sheets: [] };
  let any = false;
  for (const r of sd.rows.slice(3)) {
    const key = str(r?.[0]);
    if (key === SHEET_ROW) {
      (m.sheets as PackageMeta['sheets']).push({ name: str(r[1]), kind: str(r[2]), headerRow: Number(r[3]) - 1, rows: Number(r[4]), hash: str(r[5]) });
      continue;
    }
    const k = META_KEYS.find(([, label]) => label === key)?.[0];
    if (k) { m[k] = str(r[1]); any = true; }
  }
  if (!any) return null;
  const v = Number(m.schemaVersion);
  return {
    format: String(m.format ?? ''), code: String(m.code ?? ''), township: String(m.township ?? ''), county: String(m.county ?? ''),
    exportedAt: String(m.exportedAt ?? ''), schemaVersion: m.schemaVersion === '' || m.schemaVersion == null || Number.isNaN(v) ? null : v,
    appVersion: String(m.appVersion ?? ''), contentHash: String(m.contentHash ?? ''), sheets: m.sheets as PackageMeta['sheets'],
  };
}

/** Where a package export is: a stage the clerk can read (in Chinese) and the percentage done. */
export interface ExportProgress { stage: string; percent: number }

/**
 * The package, written once: the module sheets from their builders, the hashes from what the
 * reader will get back of those very rows (workbook.ts readBack), then one write of everything with
 * the meta sheet. Reading the data takes about a third of the time and writing the rest, which is
 * how the percentage is split.
 */
export async function exportExchangePackage(ctx: Ctx, onProgress?: (p: ExportProgress) => void): Promise<{ fileName: string; buffer: Buffer; meta: PackageMeta }> {
  const report = async (stage: string, percent: number) => {
    if (!onProgress) return;
    onProgress({ stage, percent: Math.round(percent) });
    await new Promise<void>((r) => setImmediate(r)); // let a status request through between stages
  };
  await report('正在统计汇总数字', 0);
  const s = getSettings(ctx);
  const exportedAt = nowLocal(ctx.now());
  const ov = getOverview(ctx);
  const sheets: { sheet: TableSheet; kind: SheetKind }[] = [{
    kind: 'summary',
    sheet: {
      name: KIND_LABEL.summary, title: `${s.county}${s.township}交换包汇总`,
      note: `乡镇代码：${s.regionCode || '（未设置）'}    导出时间：${exportedAt}    统计截止：${ov.asOf}`,
      columns: SUMMARY_COLUMNS, rows: summaryRows(ov), landscape: false,
    },
  }];
  for (const [i, part] of PARTS.entries()) {
    await report(`正在整理${KIND_LABEL[part.kind]}`, 2 + (i / PARTS.length) * 23);
    sheets.push({ kind: part.kind, sheet: forPackage(part.sheet(ctx), KIND_LABEL[part.kind], part.ids) });
  }
  await report('正在计算校验值', 25);
  const list = sheets.map((x) => {
    const sd = readBack(x.sheet);
    const p = parseLayout(sd); // the row count the county will read (it stops at a blank row, as the merge does)
    return { name: sd.name, kind: x.kind, headerRow: p.headerRow, rows: p.data.length, hash: sheetHash(sd) };
  });
  const meta: PackageMeta = {
    format: PACKAGE_FORMAT, code: s.regionCode, township: s.township, county: s.county, exportedAt,
    schemaVersion: schemaVersion(ctx.db), appVersion: ctx.version, contentHash: contentHash(list), sheets: list,
  };
  await report('正在写入文件', 32);
  const buffer = await writeWorkbook([...sheets.map((x) => x.sheet), metaSheet(meta)], {
    created: ctx.now(),
    onProgress: onProgress && ((done, total) => onProgress({ stage: `正在写入文件（${done} / ${total} 行）`, percent: Math.round(32 + (done / Math.max(1, total)) * 66) })),
  });
  await report('已完成', 100);
  return { fileName: `${s.township || '乡镇'}交换包-${todayIso(ctx.now())}.xlsx`, buffer, meta };
}
