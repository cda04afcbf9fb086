import { natureOf, measureTypeOf, parseYyyymm, type MeasureType } from '../../../../shared/monitoring';
import { formatYuan } from '../../../../shared/money';
import { updatePerson } from '../../db/repo/persons';
import { insertMonitorHousehold, insertMonitorIncome, insertMonitorMeasure, updateMonitorHousehold, updateMonitorIncome } from '../../db/repo/monitoring';
import type { FieldSpec } from '../header';
import { rowReader, stagingToday } from './fields';
import { PERSON_FIELDS } from '../../../../shared/importColumns';
import { parsePersonRow, personsKind, type PersonRecord } from './persons';
import { changeIf, personDownload, type DatedFile } from './monitoring-common';
import type { Change, Existing, KindDef, ParsedRow, RowAccess, RowProblem, StagedRow } from './types';

/** A download measure column and the type it stands for. */
const MEASURE_COLUMNS: { key: string; label: string; type: MeasureType; synonyms: string[] }[] = [
  { key: 'mIndustry', label: '产业帮扶', type: '产业', synonyms: ['产业帮扶', '产业帮扶措施', '产业'] },
  { key: 'mJob', label: '就业帮扶', type: '就业', synonyms: ['就业帮扶', '就业帮扶措施', '就业'] },
  { key: 'mPost', label: '公益性岗位帮扶', type: '公益岗位', synonyms: ['公益性岗位帮扶', '公益性岗位', '公益岗位帮扶', '公益岗位'] },
  { key: 'mLoan', label: '金融帮扶', type: '小额信贷', synonyms: ['金融帮扶', '小额信贷', '小额信贷帮扶'] },
  { key: 'mHealth', label: '健康帮扶', type: '健康', synonyms: ['健康帮扶', '医疗保障', '健康帮扶措施'] },
  { key: 'mEducation', label: '教育帮扶', type: '教育', synonyms: ['教育帮扶', '义务教育保障', '教育帮扶措施'] },
  { key: 'mHousing', label: '住房安全保障', type: '住房', synonyms: ['住房安全保障', '住房保障', '危房改造'] },
  { key: 'mWater', label: '饮水安全保障', type: '饮水', synonyms: ['饮水安全保障', '饮水保障'] },
  { key: 'mWelfare', label: '综合保障', type: '兜底', synonyms: ['综合保障', '兜底保障', '社会保障兜底'] },
  { key: 'mSocial', label: '社会帮扶', type: '社会帮扶', synonyms: ['社会帮扶', '社会帮扶措施'] },
];

const PERSON_KEYS = new Set(['county', 'township', 'village', 'householdNo', 'name', 'idNo', 'relation', 'householdType', 'monitorCategory', 'riskEliminated', 'laborSkill', 'phone']);
/** Our own 监测对象帮扶台账 names the 户主 (one row per household): it reads back through the same columns. */
const HEAD_SYNONYMS: Record<string, string[]> = { name: ['户主姓名'], idNo: ['户主身份证号', '户主证件号码'] };
export const MONITORING_FIELDS: FieldSpec[] = [
  ...PERSON_FIELDS.filter((f) => PERSON_KEYS.has(f.key)).map((f) => ({ ...f, synonyms: [...f.synonyms, ...(HEAD_SYNONYMS[f.key] ?? [])] })),
  { key: 'personNo', label: '人编号', synonyms: ['人编号', '人员编号', '成员编号'] },
  { key: 'identifiedMonth', label: '识别监测时间', synonyms: ['识别监测时间', '纳入监测时间', '识别时间', '风险识别时间', '监测识别时间'] },
  { key: 'eliminatedMonth', label: '消除监测时间', synonyms: ['消除监测时间', '风险消除时间', '消除时间', '解除监测时间'] },
  { key: 'eliminationMethod', label: '风险消除方式', synonyms: ['风险消除方式', '消除方式', '风险消除类型'] },
  ...[1, 2, 3, 4, 5].map((n) => ({ key: `risk${n}`, label: `致贫返贫风险${n}`, synonyms: [`致贫返贫风险${n}`, `致贫/返贫风险${n}`, `返贫致贫风险${n}`, `风险类型${n}`, `致贫风险${n}`, `主要风险${n}`] })),
  { key: 'income', label: '人均纯收入（元）', synonyms: ['人均纯收入', '家庭人均纯收入', '人均收入', '年人均纯收入'] },
  { key: 'devStatus', label: '实施开发式帮扶措施情况', synonyms: ['实施开发式帮扶措施情况', '开发式帮扶措施落实情况', '开发式帮扶情况'] },
  ...MEASURE_COLUMNS.map(({ key, label, synonyms }) => ({ key, label, synonyms })),
];
const LABEL = Object.fromEntries(MONITORING_FIELDS.map((f) => [f.key, f.label]));
const NOTHING = /^(否|无|没有|\/|-|—|未享受|未落实|0)$/;

export interface DownloadMeasure { type: MeasureType; content: string }
export interface MonitoringRecord {
  person: PersonRecord;
  personNo?: string | null;
  identifiedMonth?: string | null;
  eliminatedMonth?: string | null;
  eliminationMethod?: string | null;
  risks?: string | null;
  incomeFen?: number | null;
  /** The year the 人均纯收入 belongs to: the year the download was exported (导出时间), else this year. */
  incomeYear: number;
  devStatus?: string | null;
  measures: DownloadMeasure[];
}

export function parseMonitoringRow(row: RowAccess, idOverride?: string): ParsedRow<MonitoringRecord> {
  const base = parsePersonRow(row, idOverride);
  const problems: RowProblem[] = [...base.problems];
  const r = rowReader(row, LABEL, problems);
  const month = (f: 'identifiedMonth' | 'eliminatedMonth') => {
    if (!row.has(f)) return undefined;
    const v = row.get(f) ?? null;
    if (v == null || v === '') return null;
    const m = parseYyyymm(v instanceof Date ? v.toISOString().slice(0, 7) : v);
    if (!m) problems.push({ field: f, message: `${LABEL[f]}“${String(v).slice(0, 20)}”应为年月，写成 202306 这样的六位数字（年+月）` });
    return m;
  };
  const identifiedMonth = month('identifiedMonth');
  const eliminatedMonth = month('eliminatedMonth');
  if (identifiedMonth && eliminatedMonth && eliminatedMonth < identifiedMonth) {
    problems.push({ field: 'eliminatedMonth', message: `消除监测时间 ${eliminatedMonth} 早于识别监测时间 ${identifiedMonth}，请核对` });
  }
  const risks: string[] = [];
  let anyRisk = false;
  for (const n of [1, 2, 3, 4, 5]) {
    if (!row.has(`risk${n}`)) continue;
    anyRisk = true;
    const t = r.text(`risk${n}`, 30);
    if (t && !NOTHING.test(t) && !risks.includes(t)) risks.push(t);
  }
  const income = r.amount('income');
  if (income != null && (income < 0 || income > 100_000_000)) problems.push({ field: 'income', message: `人均纯收入 ${formatYuan(income)} 元不合理，请核对` });
  const measures: DownloadMeasure[] = [];
  for (const c of MEASURE_COLUMNS) {
    if (!row.has(c.key)) continue;
    const t = r.text(c.key, 100);
    if (!t || NOTHING.test(t)) continue;
    const content = /^(是|有|已享受|已落实|√)$/.test(t) ? c.label : t;
    const type = measureTypeOf(content, c.type);
    if (!measures.some((m) => m.type === type && m.content === content)) measures.push({ type, content });
  }
  const person = base.record;
  // The download lists monitored persons only: a row without 户类型 still belongs to a 监测户.
  if (person && !person.householdType && (person.monitorCategory || row.has('identifiedMonth'))) person.householdType = '监测户';
  const rec: MonitoringRecord | null = person && !problems.length ? {
    person, personNo: r.digits('personNo'), identifiedMonth, eliminatedMonth, eliminationMethod: r.text('eliminationMethod', 20),
    risks: anyRisk ? (risks.join('、') || null) : undefined, incomeFen: income,
    incomeYear: Number(((row.file as DatedFile | undefined)?.reportDate ?? stagingToday(row)).slice(0, 4)), devStatus: r.text('devStatus', 40), measures,
  } : null;
  return { record: rec, problems, damagedId: base.damagedId };
}

interface HhSnapshot {
  id: number; household_id: number; identified_month: string | null; eliminated_month: string | null; elimination_method: string | null;
  risks: string | null; dev_status: string | null;
}

function reader(ctx: { db: import('../../db/open').DB }) {
  const db = ctx.db;
  const person = db.prepare('SELECT id, household_id AS householdId, person_no AS personNo FROM persons WHERE id_no = ?');
  const hhByNo = db.prepare('SELECT id FROM households WHERE hh_no = ?');
  const mh = db.prepare('SELECT * FROM monitor_households WHERE household_id = ?');
  const income = db.prepare('SELECT id, per_capita_fen AS fen FROM monitor_incomes WHERE household_id = ? AND year = ?');
  const measures = db.prepare("SELECT type, content FROM monitor_measures WHERE household_id = ? AND source = '下载'");
  return {
    person: (idNo: string) => person.get(idNo) as { id: number; householdId: number | null; personNo: string | null } | undefined,
    householdId(r: MonitoringRecord): number | null {
      const p = this.person(r.person.idNo);
      if (r.person.householdNo) { const h = hhByNo.get(r.person.householdNo) as { id: number } | undefined; if (h) return h.id; }
      return p?.householdId ?? null;
    },
    mh: (hh: number) => mh.get(hh) as HhSnapshot | undefined,
    income: (hh: number, year: number) => income.get(hh, year) as { id: number; fen: number } | undefined,
    measures: (hh: number) => measures.all(hh) as DownloadMeasure[],
  };
}

function householdChanges(r: MonitoringRecord, s: HhSnapshot | undefined, income: number | null, measures: DownloadMeasure[], year: number): Change[] {
  const out: Change[] = [];
  changeIf(out, '识别监测时间', r.identifiedMonth, s?.identified_month);
  changeIf(out, '消除监测时间', r.eliminatedMonth, s?.eliminated_month, true);
  changeIf(out, '风险消除方式', r.eliminationMethod, s?.elimination_method, true);
  changeIf(out, '致贫返贫风险', r.risks, s?.risks);
  changeIf(out, '实施开发式帮扶措施情况', r.devStatus, s?.dev_status);
  changeIf(out, `${year}年人均纯收入（元）`, r.incomeFen, income, false, (v) => (v == null ? '' : formatYuan(v as number)));
  for (const m of r.measures) {
    if (!measures.some((x) => x.type === m.type && x.content === m.content)) out.push({ field: `帮扶措施（${m.type}）`, before: '', after: m.content });
  }
  return out;
}

export const monitoringKind: KindDef<MonitoringRecord> = {
  ...personDownload('monitoring', '监测对象信息', MONITORING_FIELDS),
  parseRow: parseMonitoringRow,
  key: (r) => r.person.idNo,
  label_: (r) => `${r.person.name} ${r.person.idNo}`,
  display: (r) => {
    const out: Record<string, string> = { 姓名: r.person.name, 证件号码: r.person.idNo };
    if (r.person.village) out['行政村'] = r.person.village;
    if (r.person.householdNo) out['户编号'] = r.person.householdNo;
    if (r.personNo) out['人编号'] = r.personNo;
    if (r.person.monitorCategory) out['监测对象类别'] = r.person.monitorCategory;
    if (r.identifiedMonth) out['识别监测时间'] = r.identifiedMonth;
    if (r.person.riskEliminated != null) out['风险是否已消除'] = r.person.riskEliminated ? '是' : '否';
    if (r.eliminatedMonth) out['消除监测时间'] = r.eliminatedMonth;
    if (r.incomeFen != null) out['人均纯收入（元）'] = formatYuan(r.incomeFen);
    if (r.measures.length) out['帮扶措施'] = r.measures.map((m) => `${m.type}：${m.content}`).join('；');
    return out;
  },
  duplicateMessage: (rows) => personsKind.duplicateMessage!(rows.map((x) => ({ row: x.row, record: x.record.person }))),
  compare(ctx, records) {
    const persons = personsKind.compare(ctx, records.map((r) => r.person));
    const rd = reader(ctx);
    return (r) => {
      const ex = persons(r.person);
      if (!ex) return null;
      const changes = [...ex.changes];
      const p = rd.person(r.person.idNo);
      changeIf(changes, '人编号', r.personNo, p?.personNo);
      const hh = rd.householdId(r);
      const y = r.incomeYear;
      if (hh != null) changes.push(...householdChanges(r, rd.mh(hh), rd.income(hh, y)?.fen ?? null, rd.measures(hh), y));
      else changes.push(...householdChanges(r, undefined, null, [], y));
      return { id: ex.id, changes } satisfies Existing;
    };
  },
  commit(ctx, rows, batchId) {
    // The person and household part is the persons import's own (same columns, same rules, same undo).
    const personCmp = personsKind.compare(ctx, rows.map((s) => s.record!.person));
    const personRows: StagedRow<PersonRecord>[] = [];
    for (const s of rows) {
      const ex = personCmp(s.record!.person);
      if (!ex) personRows.push({ ...s, record: s.record!.person, category: 'new', existingId: null });
      else if (ex.changes.length) personRows.push({ ...s, record: s.record!.person, category: 'changed', existingId: ex.id, changes: ex.changes });
    }
    if (personRows.length) personsKind.commit(ctx, personRows, batchId);

    const rd = reader(ctx);
    const seen = new Set<number>();
    let inserted = 0, updated = 0;
    for (const s of rows) {
      const r = s.record!;
      if (s.category === 'new') inserted++; else updated++;
      const p = rd.person(r.person.idNo);
      if (!p) continue;
      if (r.personNo && r.personNo !== p.personNo) {
        updatePerson(ctx, p.id, { person_no: r.personNo }, batchId);
      }
      const hh = p.householdId;
      if (hh == null) continue;
      // Household facts repeat on every member's row: the first row of the household in the file wins.
      const firstOfHousehold = !seen.has(hh);
      seen.add(hh);
      if (firstOfHousehold) {
        const old = rd.mh(hh);
        const pick = <T>(v: T | null | undefined, o: T | null | undefined, erase = false) => (v === undefined || (v === null && !erase) ? o ?? null : v);
        const next = {
          identified_month: pick(r.identifiedMonth, old?.identified_month), eliminated_month: pick(r.eliminatedMonth, old?.eliminated_month, true),
          elimination_method: pick(r.eliminationMethod, old?.elimination_method, true), risks: pick(r.risks, old?.risks), dev_status: pick(r.devStatus, old?.dev_status),
        };
        if (!old) insertMonitorHousehold(ctx, { household_id: hh, ...next }, batchId);
        else updateMonitorHousehold(ctx, old.id, next, batchId);
        if (r.incomeFen != null) {
          const y = r.incomeYear;
          const inc = rd.income(hh, y);
          if (!inc) insertMonitorIncome(ctx, { household_id: hh, year: y, per_capita_fen: r.incomeFen }, batchId);
          else updateMonitorIncome(ctx, inc.id, { per_capita_fen: r.incomeFen }, batchId);
        }
      }
      const have = rd.measures(hh);
      for (const m of r.measures) {
        if (have.some((x) => x.type === m.type && x.content === m.content)) continue;
        insertMonitorMeasure(ctx, { household_id: hh, type: m.type, nature: natureOf(m.type), content: m.content, source: '下载' }, batchId);
      }
    }
    return { inserted, updated };
  },
  suggest: (ctx, damaged) => personsKind.suggest!(ctx, damaged),
  // The persons part may have filled in the township and county: that goes back with the batch too.
  undo: (ctx, batchId) => personsKind.undo!(ctx, batchId),
};
