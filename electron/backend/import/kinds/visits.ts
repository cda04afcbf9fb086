import { insertMonitorVisit, updateMonitorVisit } from '../../db/repo/monitoring';
import type { FieldSpec } from '../header';
import { duplicateMessages, missingColumnsMessage, rowReader, stagingToday } from './fields';
import { changeIf, householdFinder } from './monitoring-common';
import { personsKind } from './persons';
import type { Change, KindDef, ParsedRow, RowAccess, RowProblem } from './types';

export const VISIT_FIELDS: FieldSpec[] = [
  { key: 'seq', label: '序号', synonyms: ['序号', '编号'] },
  { key: 'village', label: '行政村', synonyms: ['行政村', '村', '村名', '所在村', '所属村'], fillDown: true },
  { key: 'householdNo', label: '户编号', synonyms: ['户编号', '户号', '户码'] },
  { key: 'name', label: '户主姓名', synonyms: ['户主姓名', '户主', '姓名', '被走访人', '监测对象姓名'] },
  { key: 'idNo', label: '户主身份证号', synonyms: ['户主身份证号', '户主身份证号码', '户主证件号码', '身份证号', '身份证号码', '证件号码', '公民身份号码'], required: true },
  { key: 'date', label: '走访日期', synonyms: ['走访日期', '走访时间', '入户日期', '日期', '帮扶日期', '走访帮扶日期'], required: true },
  { key: 'visitor', label: '走访人', synonyms: ['走访人', '走访干部', '帮扶责任人', '帮扶人', '走访人员'] },
  { key: 'method', label: '走访方式', synonyms: ['走访方式', '方式', '走访形式', '联系方式'] },
  { key: 'incomeChange', label: '家庭收支变化', synonyms: ['家庭收支变化', '收支变化', '收支变化情况', '家庭收支情况'] },
  { key: 'riskChange', label: '风险变化情况', synonyms: ['风险变化情况', '风险变化', '风险情况', '风险状况'] },
  { key: 'content', label: '走访内容', synonyms: ['走访内容', '内容', '走访情况', '帮扶内容', '走访记录', '备注'] },
];
const LABEL = Object.fromEntries(VISIT_FIELDS.map((f) => [f.key, f.label]));

export interface VisitRecord {
  idNo: string; name: string; householdNo: string | null; date: string; visitor: string;
  method?: '入户' | '电话' | null; incomeChange?: string | null; riskChange?: string | null; content?: string | null;
}

export function parseVisitRow(row: RowAccess, idOverride?: string): ParsedRow<VisitRecord> {
  const problems: RowProblem[] = [];
  const r = rowReader(row, LABEL, problems);
  const name = r.text('name', 30) ?? null;
  const { idNo, damagedId } = r.id(name, idOverride, '缺少户主身份证号');
  const date = r.date('date') ?? null;
  if (!date && !problems.some((p) => p.field === 'date')) problems.push({ field: 'date', message: '缺少走访日期' });
  if (date && date > stagingToday(row)) problems.push({ field: 'date', message: `走访日期 ${date} 晚于今天，走访记录只能记已经发生的走访，请核对` });
  const m = r.text('method', 20);
  let method: VisitRecord['method'] = m === undefined ? undefined : null;
  if (m) {
    if (/入户|上门|实地|现场/.test(m)) method = '入户';
    else if (/电话|微信|视频/.test(m)) method = '电话';
    else problems.push({ field: 'method', message: `走访方式“${m}”应为 入户 或 电话` });
  }
  const rec: VisitRecord = {
    idNo, name: name ?? '', householdNo: r.householdNo() ?? null, date: date ?? '', visitor: r.text('visitor', 30) ?? '',
    method, incomeChange: r.text('incomeChange', 60), riskChange: r.text('riskChange', 60), content: r.text('content', 500),
  };
  return { record: problems.length ? null : rec, problems, damagedId };
}

const COLS = [['method', 'method', '走访方式'], ['incomeChange', 'income_change', '家庭收支变化'], ['riskChange', 'risk_change', '风险变化情况'], ['content', 'content', '走访内容']] as const;

export const visitsKind: KindDef<VisitRecord> = {
  kind: 'visits',
  label: '监测户走访记录',
  unit: '次走访',
  fields: VISIT_FIELDS,
  missingMessage: (missing, found) => missingColumnsMessage('监测户走访记录', missing, found),
  parseRow: parseVisitRow,
  key: (r) => `${r.householdNo || r.idNo}@${r.date}@${r.visitor}`,
  label_: (r) => `${r.name} ${r.date} ${r.visitor}`,
  display: (r) => {
    const out: Record<string, string> = { 户主姓名: r.name, 户主身份证号: r.idNo, 走访日期: r.date, 走访人: r.visitor };
    if (r.method) out['走访方式'] = r.method;
    if (r.riskChange) out['风险变化情况'] = r.riskChange;
    return out;
  },
  duplicateMessage: (rows) => duplicateMessages(rows,
    (x, others) => `${x.record.name} ${x.record.date} ${x.record.visitor} 的走访与${others}重复，但内容不同，请核对后只保留正确的一行`, (r) => r.name),
  compare(ctx) {
    const find = householdFinder(ctx.db);
    const existing = ctx.db.prepare('SELECT * FROM monitor_visits WHERE household_id = ? AND visit_date = ? AND visitor = ?');
    return (r) => {
      const hh = find(r.householdNo, r.idNo);
      if (!hh) return { id: 0, changes: [], problem: { field: 'idNo', message: `户主 ${r.name}（${r.idNo}）不在台账中，请先导入人员名单或监测对象信息，再导入走访记录` } };
      const s = existing.get(hh.householdId, r.date, r.visitor) as Record<string, unknown> & { id: number } | undefined;
      if (!s) return null;
      const changes: Change[] = [];
      for (const [k, col, label] of COLS) changeIf(changes, label, r[k], s[col]);
      return { id: s.id, changes };
    };
  },
  commit(ctx, rows, batchId) {
    const find = householdFinder(ctx.db);
    let inserted = 0, updated = 0;
    for (const s of rows) {
      const r = s.record!;
      if (s.category === 'new') {
        const hh = find(r.householdNo, r.idNo)!;
        insertMonitorVisit(ctx, { household_id: hh.householdId, visit_date: r.date, visitor: r.visitor, method: r.method ?? null, income_change: r.incomeChange ?? null,
          risk_change: r.riskChange ?? null, content: r.content ?? null }, batchId);
        inserted++;
      } else {
        // An empty cell never erases what the ledger already has.
        updateMonitorVisit(ctx, s.existingId!, Object.fromEntries(COLS.filter(([k]) => r[k] != null).map(([k, col]) => [col, r[k]])), batchId);
        updated++;
      }
    }
    return { inserted, updated };
  },
  suggest: (ctx, damaged) => personsKind.suggest!(ctx, damaged),
};
