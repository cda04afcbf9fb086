import type { Ctx } from '../services/context';
import { getSettings } from '../services/settings';
import { PERSON_FIELDS } from '../../../shared/importColumns';
import { writeWorkbook, type Column, type TableSheet } from './workbook';
import { todayIso } from '../../../shared/dates';

const TEXT_KEYS = new Set(['idNo', 'householdNo', 'phone']);


/** The county's 脱贫人口信息 layout: title, export-time note, header on row 3, IDs as text. The 交换包 takes this sheet too. */
export function personsSheet(ctx: Ctx): TableSheet {
  const s = getSettings(ctx);
  const rows = ctx.db.prepare(`SELECT p.id_no, p.name, p.sex, v.name AS village, h.hh_no, h.hh_type, h.monitor_category, h.risk_eliminated, h.exit_year,
    h.size, p.relation, p.labor_skill, p.phone
    FROM persons p LEFT JOIN villages v ON v.id = p.village_id LEFT JOIN households h ON h.id = p.household_id
    WHERE p.deleted_at IS NULL ORDER BY v.code IS NULL, v.code, v.name, h.hh_no, p.id`).raw().all() as (string | number | null)[][];
  const columns: Column[] = PERSON_FIELDS.map((f) => ({ header: f.label, type: TEXT_KEYS.has(f.key) ? 'text' : undefined, width: f.key === 'idNo' ? 21 : f.key === 'householdNo' ? 18 : undefined }));
  const stamp = todayIso(ctx.now());
  const data = rows.map(([idNo, name, sex, village, hhNo, hhType, mon, risk, exitYear, size, rel, skill, phone], i) => [
    i + 1, s.county || null, s.township || null, village, hhNo, name, idNo, sex, rel, hhType, mon,
    risk == null ? null : risk ? '是' : '否', exitYear, skill, phone, size,
  ]);
  return {
    name: '脱贫人口信息',
    title: `${s.county}${s.township}脱贫人口（含监测对象）信息表`,
    note: `导出时间：${stamp}    数据来源：乡镇帮扶台账    共 ${rows.length} 人`,
    columns, rows: data,
  };
}

export async function exportPersons(ctx: Ctx): Promise<{ fileName: string; buffer: Buffer }> {
  const buffer = await writeWorkbook([personsSheet(ctx)], { created: ctx.now() });
  return { fileName: `${getSettings(ctx).township || '乡镇'}人员名单-${todayIso(ctx.now())}.xlsx`, buffer };
}
