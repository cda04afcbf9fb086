import type { Settings } from '../../../shared/api/contract';
import { todayIso } from '../../../shared/dates';
import { QUALIFICATION_LABELS } from '../../../shared/workshops';
import type { Ctx } from '../services/context';
import { allWorkshops } from '../services/workshops';
import { listView, printId, printPhone, printYuan } from './list';
import type { View, ViewParams } from './posts';

const villageName = (ctx: Ctx, id: number | undefined) =>
  id == null ? null : (ctx.db.prepare('SELECT name FROM villages WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? null;

/**
 * 帮扶车间名单 (print kind 'workshops'): one row per workshop with its figures (from the 务工台账,
 * or as last reported) and the 认定 result; 合计 of the counts. --village prints one village.
 */
export function workshopsView(ctx: Ctx, s: Settings, p: ViewParams): View {
  const date = p.startDate ?? todayIso(ctx.now());
  const list = allWorkshops(ctx, { date }).filter((w) => p.villageId == null || w.villageId === p.villageId);
  const village = villageName(ctx, p.villageId);
  const sum = (f: 'employed' | 'poor' | 'monitored') => String(list.reduce((a, w) => a + w[f], 0));
  const view = listView(s, {
    subject: '就业帮扶车间名单',
    villageName: village,
    date,
    meta: { left: `填报单位：${s.township || '＿＿乡（镇）'}人民政府（盖章）`, right: `统计截止：${date}` },
    columns: [
      { header: '序号', width: 2.5, align: 'center' },
      { header: '行政村', width: 4, align: 'center' },
      { header: '车间名称', width: 10 },
      { header: '经营主体', width: 10 },
      { header: '统一社会信用代码', width: 9.5, nowrap: true },
      { header: '负责人', width: 3.5, align: 'center' },
      { header: '联系电话', width: 6, nowrap: true },
      { header: '运营状态', width: 4, align: 'center' },
      { header: '吸纳就业人数', width: 3.5, align: 'center' },
      { header: '其中脱贫劳动力', width: 3.5, align: 'center' },
      { header: '其中监测对象', width: 3.5, align: 'center' },
      { header: '人均月工资（元）', width: 5, align: 'right', nowrap: true },
      { header: '认定情况', width: 5, align: 'center' },
    ],
    rows: list.map((w, i) => [
      i + 1, w.villageName, w.name, w.entity, w.creditCode, w.leader, printPhone(w.phone), w.status,
      w.employed, w.poor, w.monitored, w.avgWageFen == null ? '' : printYuan(w.avgWageFen), QUALIFICATION_LABELS[w.qualification.state],
    ]),
    nameColumn: '负责人',
    count: { column: '车间名称', unit: '个' },
    notes: [`吸纳就业人数、其中脱贫劳动力（含监测对象）：有务工台账的按务工台账统计到 ${date}，其余按导入的车间台账上报数。`],
  }, village ?? '全乡镇');
  // The 合计 row carries the head counts too.
  const total = view.doc.total;
  if (total) { total[8] = sum('employed'); total[9] = sum('poor'); total[10] = sum('monitored'); }
  return view;
}

/** 务工人员台账 (print kind 'employments'): everyone in post on the date, by workshop; IDs masked per the setting. */
export function employmentsView(ctx: Ctx, s: Settings, p: ViewParams): View {
  const date = p.startDate ?? todayIso(ctx.now());
  const rows = ctx.db.prepare(`SELECT w.name AS workshop, p.name, p.sex, p.id_no AS idNo, v.name AS village, coalesce(h.hh_type, '一般户') AS hhType,
      e.start_date AS startDate, e.contract_months AS months, e.monthly_wage_fen AS wageFen, e.channel
    FROM employments e JOIN workshops w ON w.id = e.workshop_id JOIN persons p ON p.id = e.person_id
    LEFT JOIN households h ON h.id = p.household_id LEFT JOIN villages v ON v.id = p.village_id
    WHERE w.deleted_at IS NULL AND e.start_date <= ? AND (e.end_date IS NULL OR e.end_date >= ?) ${p.villageId != null ? 'AND w.village_id = ?' : ''}
    ORDER BY w.id, e.start_date, e.id`).all(date, date, ...(p.villageId != null ? [p.villageId] : [])) as {
    workshop: string; name: string; sex: string | null; idNo: string; village: string | null; hhType: string; startDate: string;
    months: number | null; wageFen: number | null; channel: string | null;
  }[];
  const village = villageName(ctx, p.villageId);
  return listView(s, {
    subject: '就业帮扶车间务工人员台账',
    villageName: village,
    date,
    meta: { left: `填报单位：${s.township || '＿＿乡（镇）'}人民政府（盖章）`, right: `在岗人员，统计截止：${date}` },
    columns: [
      { header: '序号', width: 2.5, align: 'center' },
      { header: '车间名称', width: 10 },
      { header: '姓名', width: 4, align: 'center' },
      { header: '性别', width: 2.5, align: 'center' },
      { header: '身份证号', width: 9.5, nowrap: true },
      { header: '户籍村', width: 4, align: 'center' },
      { header: '人员类别', width: 4.5, align: 'center' },
      { header: '入职日期', width: 5.5, align: 'center', nowrap: true },
      { header: '合同期限（月）', width: 3.5, align: 'center' },
      { header: '月工资（元）', width: 5, align: 'right', nowrap: true },
      { header: '就业渠道', width: 5, align: 'center' },
    ],
    rows: rows.map((r, i) => [
      i + 1, r.workshop, r.name, r.sex, printId(s, r.idNo), r.village, r.hhType === '一般户' ? '其他' : r.hhType === '脱贫户' ? '脱贫劳动力' : '监测对象',
      r.startDate, r.months, r.wageFen == null ? '' : printYuan(r.wageFen), r.channel,
    ]),
    nameColumn: '姓名',
    count: { column: '姓名', unit: '人' },
  }, village ?? '全乡镇');
}
