import type { Ctx } from '../services/context';
import { nowLocal } from '../services/context';
import { getSettings } from '../services/settings';
import { writeWorkbook, type Column } from './workbook';

/** Headers whose figures are codes, not quantities: kept as text even when all digits (电话, 户编号, 年度 …). */
const CODE_HEADER = /号|码|电话|账|编号|代码|年度|年份|批次/;
/** A plain amount or count as the grid shows it: 12, 500.00, 50,000.00 (at most 12 integer digits, so never an ID). */
const FIGURE = /^-?(?:0|[1-9]\d{0,2}(?:,\d{3})*|[1-9]\d{0,11})(?:\.\d{1,2})?$/;

/** A column is a number column when every filled cell is a plain figure and its header is not a code's. */
export function gridColumnTypes(headers: string[], rows: string[][]): ('text' | 'number')[] {
  return headers.map((h, c) => {
    if (CODE_HEADER.test(h)) return 'text';
    const filled = rows.map((r) => (r[c] ?? '').trim()).filter(Boolean);
    return filled.length > 0 && filled.every((v) => FIGURE.test(v)) ? 'number' : 'text';
  });
}

/**
 * 导出当前列表: the rows a grid shows (its filter, sort and columns) through the one workbook writer, so
 * IDs and 户编号 are text (a CSV let Excel round 18 digits), amounts are numbers, and the title says what it is.
 */
export async function exportGrid(ctx: Ctx, p: { name: string; columns: string[]; rows: string[][] }): Promise<{ fileName: string; base64: string }> {
  const types = gridColumnTypes(p.columns, p.rows);
  const columns: Column[] = p.columns.map((header, c) => ({
    header, type: types[c], width: Math.min(40, Math.max(8, header.length * 2 + 2, ...p.rows.slice(0, 200).map((r) => (r[c] ?? '').length + 2))),
  }));
  const rows = p.rows.map((r) => p.columns.map((_, c) => {
    const v = r[c] ?? '';
    return types[c] === 'number' && v.trim() ? Number(v.replace(/,/g, '')) : v;
  }));
  const township = getSettings(ctx).township.trim();
  const now = nowLocal(ctx.now());
  const buffer = await writeWorkbook([{ name: p.name.slice(0, 31) || '列表', title: `${township}${p.name}`, note: `导出时间：${now}    共 ${rows.length} 条`, columns, rows }], { created: ctx.now() });
  const safe = `${township}${p.name}`.replace(/[\\/:*?"<>|\s]+/g, '') || '列表';
  return { fileName: `${safe}-${now.slice(0, 10).replace(/-/g, '')}.xlsx`, base64: buffer.toString('base64') };
}
