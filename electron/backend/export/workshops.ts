import { todayIso } from '../../../shared/dates';
import type { Ctx } from '../services/context';
import { getSettings } from '../services/settings';
import { allWorkshops } from '../services/workshops';
import { writeWorkbook, type Column, type TableSheet } from './workbook';

const fenToYuan = (fen: number | null) => (fen == null ? null : fen / 100);
const cutoff = (iso: string) => `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

export const LEDGER_COLUMNS: Column[] = [
  { header: '序号', width: 6 }, { header: '行政村', width: 10 }, { header: '车间名称', width: 26 }, { header: '经营主体', width: 26 },
  { header: '统一社会信用代码', type: 'text', width: 22 }, { header: '负责人', width: 9 }, { header: '联系电话', type: 'text', width: 14 },
  { header: '行业类别', width: 12 }, { header: '认定时间', type: 'text', width: 12 }, { header: '运营状态', width: 10 },
  { header: '吸纳就业人数', type: 'number', width: 8 }, { header: '其中脱贫劳动力', type: 'number', width: 8 }, { header: '其中监测对象', type: 'number', width: 8 },
  { header: '人均月工资（元）', type: 'money', width: 12 },
];

/**
 * The county's 就业帮扶车间信息台账 (the layout of ../shared/samples/workshops-ledger.xlsx): one row
 * per workshop, figures from the 务工台账 where there is one and otherwise as last reported, 合计 row.
 * The 交换包 takes this sheet too.
 */
export function workshopsSheet(ctx: Ctx): TableSheet {
  const s = getSettings(ctx);
  const today = todayIso(ctx.now());
  // Every workshop, as of today: the county file lists the ledger, not a count at a date.
  const list = allWorkshops(ctx);
  const rows = list.map((w, i) => {
    const fromLedger = w.source === 'employments';
    const n = (derived: number, reported: number | null) => (fromLedger ? derived : reported);
    return [
      i + 1, w.villageName, w.name, w.entity, w.creditCode, w.leader, w.phone, w.industry, w.recognizedDate, w.status,
      n(w.employed, w.reportedEmployed), n(w.poor, w.reportedPoor), n(w.monitored, w.reportedMonitored),
      fenToYuan(fromLedger ? w.avgWageFen : w.reportedAvgWageFen),
    ];
  });
  const sum = (col: number) => rows.reduce((a, r) => a + (typeof r[col] === 'number' ? (r[col] as number) : 0), 0);
  return {
    name: '帮扶车间',
    title: `${s.township}就业帮扶车间信息台账`,
    note: `统计截止：${cutoff(today)}`,
    columns: LEDGER_COLUMNS,
    rows,
    total: ['合计', null, `${list.length}个车间`, null, null, null, null, null, null, null, sum(10), sum(11), sum(12), null],
    footer: '审核人：　　　　　　填表人：　　　　　　联系电话：',
  };
}

export async function exportWorkshops(ctx: Ctx): Promise<{ fileName: string; buffer: Buffer }> {
  const buffer = await writeWorkbook([workshopsSheet(ctx)], { created: ctx.now() });
  return { fileName: `${getSettings(ctx).township || '乡镇'}帮扶车间台账-${todayIso(ctx.now()).replace(/-/g, '')}.xlsx`, buffer };
}

export const EMPLOYMENT_COLUMNS: Column[] = [
  // 统一社会信用代码 tells two workshops of the same name apart when the file comes back.
  { header: '序号', width: 6 }, { header: '车间名称', width: 24 }, { header: '统一社会信用代码', type: 'text', width: 21 },
  { header: '姓名', width: 9 }, { header: '性别', width: 6 },
  { header: '身份证号', type: 'text', width: 21 }, { header: '户籍村', width: 10 }, { header: '人员类别', width: 10 },
  { header: '入职日期', type: 'text', width: 12 }, { header: '离职日期', type: 'text', width: 12 }, { header: '合同期限（月）', type: 'number', width: 9 },
  { header: '月工资（元）', type: 'money', width: 11 }, { header: '就业渠道', width: 12 }, { header: '备注', width: 20 },
];

/** The per-person 务工台账: every worker of every workshop (or one workshop), in and out; `one` names the workshop asked for. */
export function employmentsSheet(ctx: Ctx, workshopId?: number): TableSheet & { one: string } {
  const s = getSettings(ctx);
  const today = todayIso(ctx.now());
  const rows = ctx.db.prepare(`SELECT w.name AS workshop, w.credit_code AS code, p.name, p.sex, p.id_no, v.name AS village, coalesce(h.hh_type, '一般户') AS hh_type,
    e.start_date, e.end_date, e.contract_months, e.monthly_wage_fen, e.channel, e.note
    FROM employments e JOIN workshops w ON w.id = e.workshop_id JOIN persons p ON p.id = e.person_id
    LEFT JOIN households h ON h.id = p.household_id LEFT JOIN villages v ON v.id = p.village_id
    WHERE w.deleted_at IS NULL ${workshopId != null ? 'AND w.id = ?' : ''}
    ORDER BY w.id, e.start_date, e.id`).all(...(workshopId != null ? [workshopId] : [])) as {
    workshop: string; code: string | null; name: string; sex: string | null; id_no: string; village: string | null; hh_type: string; start_date: string; end_date: string | null;
    contract_months: number | null; monthly_wage_fen: number | null; channel: string | null; note: string | null;
  }[];
  const one = workshopId != null ? rows[0]?.workshop ?? '' : '';
  const data = rows.map((r, i) => [
    i + 1, r.workshop, r.code, r.name, r.sex, r.id_no, r.village, r.hh_type === '一般户' ? '其他' : r.hh_type === '脱贫户' ? '脱贫劳动力' : '监测对象',
    r.start_date, r.end_date, r.contract_months, fenToYuan(r.monthly_wage_fen), r.channel, r.note,
  ]);
  const inPost = rows.filter((r) => r.start_date <= today && (!r.end_date || r.end_date >= today)).length;
  return {
    one,
    name: '务工台账',
    title: `${s.township}${one || '就业帮扶车间'}务工人员台账`,
    note: `统计截止：${cutoff(today)}    共 ${rows.length} 条记录，目前在岗 ${inPost} 人`,
    columns: EMPLOYMENT_COLUMNS,
    rows: data,
    footer: '审核人：　　　　　　填表人：　　　　　　联系电话：',
  };
}

export async function exportEmployments(ctx: Ctx, workshopId?: number): Promise<{ fileName: string; buffer: Buffer }> {
  const { one, ...sheet } = employmentsSheet(ctx, workshopId);
  const buffer = await writeWorkbook([sheet], { created: ctx.now() });
  return { fileName: `${getSettings(ctx).township || '乡镇'}${one || '帮扶车间'}务工台账-${todayIso(ctx.now()).replace(/-/g, '')}.xlsx`, buffer };
}
