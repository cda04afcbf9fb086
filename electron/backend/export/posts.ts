import { amountInWords } from '../../../shared/money';
import { todayIso } from '../../../shared/dates';
import type { Ctx } from '../services/context';
import { getSettings } from '../services/settings';
import { runChecks } from '../checks';
import { ruleTitle, SEVERITY_LABELS } from '../../../shared/rules';
import { crossFindingsSheet } from '../services/county';
import { writeWorkbook, type Column, type TableSheet } from './workbook';
import { monthRange } from '../../../shared/status';
import { COVERS_MONTH, expiredLeftOut } from '../services/posts';
import { NOT_ENTERED } from '../import/kinds/post-wages';

const yuan = (fen: number | null) => (fen == null ? null : fen / 100);

/** 公益岗位人员花名册 in the county's two-row layout (岗位信息 / 人员信息 / 聘用信息); imports back unchanged. The 交换包 takes this sheet too. */
export function postsRosterSheet(ctx: Ctx): TableSheet {
  const s = getSettings(ctx);
  const rows = ctx.db.prepare(`SELECT v.name AS village, po.name AS post, po.category, po.fund_source AS fund, pe.name, pe.sex, pe.id_no AS idNo,
      h.hh_type AS hhType, pe.phone, a.agreement_no AS agreementNo, a.start_date AS startDate, a.term_months AS term, a.end_date AS endDate,
      a.wage_fen AS wage, a.bank_account AS account, a.bank_name AS bank, a.status, a.remark
    FROM appointments a JOIN posts po ON po.id = a.post_id JOIN persons pe ON pe.id = a.person_id
    LEFT JOIN villages v ON v.id = po.village_id LEFT JOIN households h ON h.id = pe.household_id
    WHERE a.status <> '离岗' ORDER BY v.name, po.name, a.id`).all() as Record<string, string | number | null>[];
  const G1 = '岗位信息', G2 = '人员信息', G3 = '聘用信息';
  const columns: Column[] = [
    { header: '序号', width: 6 },
    { header: '行政村', group: G1, width: 10 }, { header: '岗位名称', group: G1, width: 12 }, { header: '岗位类别', group: G1, width: 12 }, { header: '资金来源', group: G1, width: 22 },
    { header: '姓名', group: G2, width: 8 }, { header: '性别', group: G2, width: 5 }, { header: '身份证号码', group: G2, width: 21, type: 'text' },
    { header: '人员类别', group: G2, width: 8 }, { header: '联系电话', group: G2, width: 13, type: 'text' },
    { header: '协议编号', group: G3, width: 12, type: 'text' }, { header: '聘用开始时间', group: G3, width: 12 }, { header: '聘用期限（月）', group: G3, width: 8 },
    { header: '聘用结束时间', group: G3, width: 12 }, { header: '月补贴标准（元）', group: G3, width: 10, type: 'money' },
    { header: '银行卡号', group: G3, width: 22, type: 'text' }, { header: '开户银行', group: G3, width: 10 }, { header: '在岗状态', group: G3, width: 8 },
    { header: '备注', width: 12 },
  ];
  const total = rows.reduce((n, r) => n + Number(r.wage ?? 0), 0);
  const year = todayIso(ctx.now()).slice(0, 4);
  return {
    name: '公益岗位花名册',
    title: `${s.township}${year}年度乡村公益性岗位人员花名册`,
    note: `填报单位（盖章）：${s.township || '　　　　'}人民政府          填报时间：${todayIso(ctx.now())}`,
    columns,
    rows: rows.map((r, i) => [i + 1, r.village, r.post, r.category, r.fund, r.name, r.sex, r.idNo, r.hhType, r.phone, r.agreementNo, r.startDate, r.term, r.endDate,
      yuan(r.wage as number), r.account, r.bank, r.status, r.remark]),
    total: ['合计', null, null, null, null, `${rows.length}人`, null, null, null, null, null, null, null, null, yuan(total), null, null, null, null],
    footer: '审核人：                    填表人：                    联系电话：',
  };
}

export async function exportPostsRoster(ctx: Ctx) {
  const buffer = await writeWorkbook([postsRosterSheet(ctx)], { created: ctx.now() });
  return { fileName: `${getSettings(ctx).township || '乡镇'}公益岗位花名册-${todayIso(ctx.now())}.xlsx`, buffer };
}

/** 岗位库: every post with its 在岗 count. */
export function postLibrarySheet(ctx: Ctx): TableSheet {
  const s = getSettings(ctx);
  const rows = ctx.db.prepare(`SELECT v.name AS village, p.name, p.category, p.fund_source AS fund, p.headcount,
      (SELECT count(*) FROM appointments a WHERE a.post_id = p.id AND a.status = '在岗') AS active, p.duties, p.work_time AS workTime,
      p.wage_fen AS wage, p.council_date AS councilDate, p.council_record AS councilRecord, p.status, p.status_date AS statusDate
    FROM posts p LEFT JOIN villages v ON v.id = p.village_id ORDER BY v.name, p.name`).raw().all() as (string | number | null)[][];
  return {
    name: '岗位库', title: `${s.township}公益岗位岗位库`, note: `导出时间：${todayIso(ctx.now())}`,
    columns: [{ header: '序号', width: 6 }, { header: '行政村' }, { header: '岗位名称', width: 12 }, { header: '岗位类别', width: 12 }, { header: '资金来源', width: 22 },
      { header: '人员数量' }, { header: '在岗人数' }, { header: '工作职责', width: 30 }, { header: '工作时间', width: 14 }, { header: '月补贴标准（元）', type: 'money' },
      { header: '村委会研究日期', width: 12 }, { header: '村委会研究记录', width: 30 }, { header: '状态' }, { header: '状态日期', width: 12 }],
    rows: rows.map((r, i) => [i + 1, ...r.slice(0, 8), yuan(r[8] as number), ...r.slice(9)]),
  };
}

export async function exportPostLibrary(ctx: Ctx) {
  const buffer = await writeWorkbook([postLibrarySheet(ctx)], { created: ctx.now() });
  return { fileName: `${getSettings(ctx).township || '乡镇'}公益岗位岗位库-${todayIso(ctx.now())}.xlsx`, buffer };
}

/**
 * 月度工资发放表: every appointment whose agreement covers some day of the month (attendance entered
 * or not: a holder without attendance is listed with 备注 未登记考勤 and nothing to pay), 应发/实发,
 * 合计 with 大写, a column to sign, and a note of the 期满未续 left out.
 */
export async function exportWages(ctx: Ctx, month: string, villageId?: number) {
  const s = getSettings(ctx);
  const { first, last } = monthRange(month);
  const rows = ctx.db.prepare(`SELECT v.name AS village, po.name AS post, pe.name, pe.id_no AS idNo, a.bank_account AS account, a.bank_name AS bank,
      t.due_days AS due, t.present_days AS present, t.assessment, a.wage_fen AS wage, t.payable_fen AS payable, t.paid_fen AS paid,
      CASE WHEN t.appointment_id IS NULL THEN '${NOT_ENTERED}' ELSE t.paid_reason END AS reason
    FROM appointments a JOIN posts po ON po.id = a.post_id JOIN persons pe ON pe.id = a.person_id
    LEFT JOIN attendance t ON t.appointment_id = a.id AND t.month = @month
    LEFT JOIN villages v ON v.id = po.village_id WHERE ${COVERS_MONTH} AND (@v IS NULL OR po.village_id = @v) ORDER BY v.name, po.name, pe.name_initials, a.id`)
    .all({ month, first, last, v: villageId ?? null }) as Record<string, string | number | null>[];
  const notEntered = rows.filter((r) => r.reason === NOT_ENTERED).length;
  const left = expiredLeftOut(ctx, month, villageId);
  const payable = rows.reduce((n, r) => n + Number(r.payable ?? 0), 0);
  const paid = rows.reduce((n, r) => n + Number(r.paid ?? 0), 0);
  const [y, m] = month.split('-');
  const buffer = await writeWorkbook([{
    name: `${month}工资发放表`,
    title: `${s.township}${y}年${Number(m)}月公益岗位工资发放表`,
    note: [`单位：元    发放月份：${month}    共 ${rows.length} 人`, notEntered ? `其中 ${notEntered} 人未登记考勤` : '', left.note ?? ''].filter(Boolean).join('    '),
    columns: [{ header: '序号', width: 6 }, { header: '行政村' }, { header: '岗位名称', width: 12 }, { header: '姓名' }, { header: '身份证号码', width: 21, type: 'text' },
      { header: '银行卡号', width: 22, type: 'text' }, { header: '开户银行' }, { header: '应出勤天数' }, { header: '实出勤天数' }, { header: '考核结果' },
      { header: '月补贴标准', type: 'money' }, { header: '应发金额', type: 'money' }, { header: '实发金额', type: 'money' }, { header: '备注', width: 16 }, { header: '本人签字', width: 12 }],
    rows: rows.map((r, i) => [i + 1, r.village, r.post, r.name, r.idNo, r.account, r.bank, r.due, r.present, r.assessment, yuan(r.wage as number),
      yuan(r.payable as number), yuan(r.paid as number), r.reason, null]),
    total: ['合计', null, null, `${rows.length}人`, null, null, null, null, null, null, null, yuan(payable), yuan(paid), null, null],
    footer: `实发合计（大写）：${amountInWords(paid)}        审核人：              制表人：              日期：`,
  }], { created: ctx.now() });
  return { fileName: `${s.township || '乡镇'}${month}公益岗位工资发放表.xlsx`, buffer };
}

/** 问题清单 judged at asOf (default today): the same data and date give the same list. */
export async function exportFindings(ctx: Ctx, asOf = todayIso(ctx.now())) {
  const findings = runChecks(ctx, { asOf });
  const buffer = await writeWorkbook([{
    name: '问题清单', title: `${getSettings(ctx).township}问题清单`, note: `统计日期：${asOf}    导出时间：${todayIso(ctx.now())}    共 ${findings.length} 条`,
    columns: [{ header: '序号', width: 6 }, { header: '规则', width: 6 }, { header: '问题', width: 14 }, { header: '严重程度', width: 8 }, { header: '村' },
      { header: '姓名' }, { header: '身份证号/编号', width: 21, type: 'text' }, { header: '说明', width: 60 }],
    rows: findings.map((x, i) => [i + 1, x.rule, ruleTitle(x.rule), SEVERITY_LABELS[x.severity], x.village, x.name, x.id, x.message]),
  }, ...[crossFindingsSheet(ctx)].filter((x) => x !== null)], { created: ctx.now() }); // 跨乡镇问题 only where a county workspace holds packages
  return { fileName: `问题清单-${asOf}.xlsx`, buffer };
}
