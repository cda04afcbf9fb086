import { MONITOR_CATEGORIES } from '../../../../shared/domain';
import { caseDateProblems } from '../../../../shared/monitoring';
import { insertMonitorCase, updateMonitorCase } from '../../db/repo/monitoring';
import type { FieldSpec } from '../header';
import { duplicateMessages, missingColumnsMessage, rowReader, stagingToday } from './fields';
import { changeIf, householdFinder } from './monitoring-common';
import { personsKind } from './persons';
import type { Change, KindDef, ParsedRow, RowAccess, RowProblem } from './types';

/** The dated steps of a case, in workflow order: [field, column label, db column]. */
export const CASE_STEPS = [
  ['found', '发现日期', 'found_date'],
  ['verified', '入户核实日期', 'verified_date'],
  ['villageReview', '村级评议日期', 'village_review_date'],
  ['townshipReview', '乡镇审核日期', 'township_review_date'],
  ['confirmed', '县级认定日期', 'confirmed_date'],
  ['planned', '帮扶计划制定日期', 'plan_date'],
  ['acted', '措施落实日期', 'measure_date'],
] as const;
type StepKey = (typeof CASE_STEPS)[number][0];

export const CASE_FIELDS: FieldSpec[] = [
  { key: 'seq', label: '序号', synonyms: ['序号', '编号'] },
  { key: 'village', label: '行政村', synonyms: ['行政村', '村', '村名', '所在村', '所属村'], fillDown: true },
  { key: 'householdNo', label: '户编号', synonyms: ['户编号', '户号', '户码'] },
  { key: 'name', label: '户主姓名', synonyms: ['户主姓名', '户主', '姓名', '监测对象姓名'] },
  { key: 'idNo', label: '户主身份证号', synonyms: ['户主身份证号', '户主身份证号码', '户主证件号码', '身份证号', '身份证号码', '证件号码', '公民身份号码'], required: true },
  { key: 'category', label: '监测对象类别', synonyms: ['监测对象类别', '监测类别', '监测对象类型', '类别'] },
  { key: 'risk', label: '主要风险', synonyms: ['主要风险', '风险类型', '致贫返贫风险', '主要致贫返贫风险', '风险'] },
  { key: 'channel', label: '发现途径', synonyms: ['发现途径', '识别途径', '发现方式', '预警途径', '来源'] },
  { key: 'found', label: '发现日期', synonyms: ['发现日期', '发现时间', '预警日期', '申报日期', '农户申报日期'], required: true },
  { key: 'verified', label: '入户核实日期', synonyms: ['入户核实日期', '入户核实时间', '核实日期', '核查日期'] },
  { key: 'villageReview', label: '村级评议日期', synonyms: ['村级评议日期', '村级评议时间', '民主评议日期', '村民主评议日期', '评议日期'] },
  { key: 'townshipReview', label: '乡镇审核日期', synonyms: ['乡镇审核日期', '乡镇审核时间', '乡镇审核', '审核日期'] },
  { key: 'confirmed', label: '县级认定日期', synonyms: ['县级认定日期', '县级认定时间', '认定日期', '认定时间', '县级审定日期', '确认日期'] },
  { key: 'planned', label: '帮扶计划制定日期', synonyms: ['帮扶计划制定日期', '帮扶计划日期', '计划制定日期', '制定帮扶计划日期', '帮扶计划制定时间'] },
  { key: 'measure', label: '帮扶措施', synonyms: ['帮扶措施', '落实帮扶措施', '帮扶措施内容', '主要帮扶措施', '措施'] },
  { key: 'acted', label: '措施落实日期', synonyms: ['措施落实日期', '措施落实时间', '帮扶措施落实日期', '落实日期'] },
  { key: 'helper', label: '帮扶责任人', synonyms: ['帮扶责任人', '帮扶人', '责任人', '帮扶干部'] },
  { key: 'note', label: '备注', synonyms: ['备注', '说明'] },
];
const LABEL = Object.fromEntries(CASE_FIELDS.map((f) => [f.key, f.label]));

export interface CaseRecord {
  idNo: string; name: string; householdNo: string | null;
  category?: string | null; risk?: string | null; channel?: string | null;
  found: string; verified?: string | null; villageReview?: string | null; townshipReview?: string | null;
  confirmed?: string | null; planned?: string | null; acted?: string | null;
  measure?: string | null; helper?: string | null; note?: string | null;
}

export function parseCaseRow(row: RowAccess, idOverride?: string): ParsedRow<CaseRecord> {
  const problems: RowProblem[] = [];
  const r = rowReader(row, LABEL, problems);
  const name = r.text('name', 30) ?? null;
  const { idNo, damagedId } = r.id(name, idOverride, '缺少户主身份证号');
  const dates = {} as Record<StepKey, string | null | undefined>;
  for (const [k] of CASE_STEPS) dates[k] = r.date(k);
  if (!dates.found && !problems.some((p) => p.field === 'found')) problems.push({ field: 'found', message: '缺少发现日期：每条监测对象工作台账都从发现风险的日期开始，请补填' });
  for (const p of caseDateProblems(dates, stagingToday(row))) problems.push(p);
  const measure = r.text('measure', 200);
  if (dates.acted && !measure && row.has('measure')) problems.push({ field: 'measure', message: '填了措施落实日期，但没有写帮扶措施，请补填措施内容' });
  const category = r.text('category', 20);
  if (category && !(MONITOR_CATEGORIES as readonly string[]).includes(category)) problems.push({ field: 'category', message: `监测对象类别“${category}”应为 ${MONITOR_CATEGORIES.join('、')} 之一` });
  const rec: CaseRecord = {
    idNo, name: name ?? '', householdNo: r.householdNo() ?? null, category, risk: r.text('risk', 60), channel: r.text('channel', 30),
    found: dates.found ?? '', verified: dates.verified, villageReview: dates.villageReview, townshipReview: dates.townshipReview,
    confirmed: dates.confirmed, planned: dates.planned, acted: dates.acted, measure, helper: r.text('helper', 30), note: r.text('note', 500),
  };
  return { record: problems.length ? null : rec, problems, damagedId };
}

/** [record field, db column, label]: what the ledger compares and stores besides the dates. */
const TEXT_COLS = [['category', 'category', '监测对象类别'], ['risk', 'risk', '主要风险'], ['channel', 'channel', '发现途径'], ['measure', 'measure', '帮扶措施'],
  ['helper', 'helper', '帮扶责任人'], ['note', 'note', '备注']] as const;

function diff(r: CaseRecord, s: Record<string, unknown>): Change[] {
  const out: Change[] = [];
  for (const [k, label, col] of CASE_STEPS) if (k !== 'found') changeIf(out, label, r[k], s[col]);
  for (const [k, col, label] of TEXT_COLS) changeIf(out, label, r[k], s[col]);
  return out;
}

export const monitoringCasesKind: KindDef<CaseRecord> = {
  kind: 'monitoring-cases',
  label: '新识别监测对象工作台账',
  unit: '户',
  fields: CASE_FIELDS,
  missingMessage: (missing, found) => missingColumnsMessage('新识别监测对象工作台账', missing, found),
  parseRow: parseCaseRow,
  key: (r) => `${r.householdNo || r.idNo}@${r.found}`,
  label_: (r) => `${r.name} ${r.idNo} ${r.found}发现`,
  display: (r) => {
    const out: Record<string, string> = { 户主姓名: r.name, 户主身份证号: r.idNo };
    for (const [k, label] of CASE_STEPS) if (r[k]) out[label] = r[k]!;
    if (r.measure) out['帮扶措施'] = r.measure;
    if (r.helper) out['帮扶责任人'] = r.helper;
    return out;
  },
  duplicateMessage: (rows) => duplicateMessages(rows,
    (x, others) => `户主 ${x.record.name}（${x.record.idNo}）${x.record.found} 发现的风险与${others}重复，但内容不同。同一户同一发现日期只记一条，请核对后只保留正确的一行`, (r) => r.name),
  compare(ctx) {
    const find = householdFinder(ctx.db);
    const existing = ctx.db.prepare('SELECT * FROM monitor_cases WHERE household_id = ? AND found_date = ?');
    return (r) => {
      const hh = find(r.householdNo, r.idNo);
      if (!hh) return { id: 0, changes: [], problem: { field: 'idNo', message: `户主 ${r.name}（${r.idNo}）${r.householdNo ? `和户编号 ${r.householdNo} ` : ''}不在台账中，请先导入人员名单或监测对象信息，再导入工作台账` } };
      const s = existing.get(hh.householdId, r.found) as Record<string, unknown> & { id: number } | undefined;
      if (!s) return null;
      return { id: s.id, changes: diff(r, s) };
    };
  },
  commit(ctx, rows, batchId) {
    const find = householdFinder(ctx.db);
    const headOf = ctx.db.prepare('SELECT id FROM persons WHERE id_no = ?');
    let inserted = 0, updated = 0;
    for (const s of rows) {
      const r = s.record!;
      // An empty cell never erases what the ledger already has (and a new row's empty column is NULL anyway).
      const values: Partial<Record<(typeof CASE_STEPS)[number][2] | (typeof TEXT_COLS)[number][1], string>> = {};
      for (const [k, , col] of CASE_STEPS) { const v = r[k]; if (v != null) values[col] = v; }
      for (const [k, col] of TEXT_COLS) { const v = r[k]; if (v != null) values[col] = v; }
      if (s.category === 'new') {
        const hh = find(r.householdNo, r.idNo)!;
        const head = (headOf.get(r.idNo) as { id: number } | undefined)?.id ?? hh.headPersonId;
        insertMonitorCase(ctx, { ...values, household_id: hh.householdId, head_person_id: head, found_date: r.found }, batchId);
        inserted++;
      } else {
        if (!Object.keys(values).length) continue;
        updateMonitorCase(ctx, s.existingId!, values, batchId);
        updated++;
      }
    }
    return { inserted, updated };
  },
  suggest: (ctx, damaged) => personsKind.suggest!(ctx, damaged),
};
