import { formatYuan } from '../../../../shared/money';
import { nowLocal } from '../../services/context';
import { insertMigrantWork, updateMigrantWork } from '../../db/repo/migrantWork';
import type { FieldSpec } from '../header';
import { duplicateMessages, rowReader } from './fields';
import { changeIf, personDownload, type DatedFile } from './monitoring-common';
import { personsKind } from './persons';
import type { Change, KindDef, ParsedRow, RowAccess, RowProblem } from './types';

export const MIGRANT_FIELDS: FieldSpec[] = [
  { key: 'seq', label: '序号', synonyms: ['序号', '编号'] },
  { key: 'county', label: '县', synonyms: ['县', '县(市、区、旗)', '县(市、区)', '县区', '所属县'], fillDown: true },
  { key: 'township', label: '乡', synonyms: ['乡', '乡(镇)', '乡镇'], fillDown: true },
  { key: 'village', label: '村', synonyms: ['村', '行政村', '村名'], fillDown: true },
  { key: 'householdNo', label: '户编号', synonyms: ['户编号', '户号'] },
  { key: 'personNo', label: '人编号', synonyms: ['人编号', '人员编号'] },
  { key: 'name', label: '姓名', synonyms: ['姓名', '务工人员姓名', '人员姓名'] },
  { key: 'idNo', label: '证件号码', synonyms: ['证件号码', '身份证号', '身份证号码', '公民身份号码'], required: true },
  { key: 'working', label: '是否已务工', synonyms: ['是否已务工', '是否务工', '是否外出务工'] },
  { key: 'channel', label: '就业渠道', synonyms: ['就业渠道', '务工渠道', '就业方式', '就业形式'] },
  { key: 'province', label: '务工所在省', synonyms: ['务工所在省', '务工省份', '务工地省份', '务工所在省份'] },
  { key: 'workCounty', label: '务工所在县', synonyms: ['务工所在县', '务工所在县(市、区)', '务工地县', '务工所在市县', '务工地点', '务工地'] },
  { key: 'employer', label: '务工企业名称', synonyms: ['务工企业名称', '务工企业', '就业单位', '务工单位', '用工单位'] },
  { key: 'months', label: '务工时间（月）', synonyms: ['务工时间', '务工时长', '务工月数', '外出务工时间'] },
  { key: 'income', label: '月均收入（元）', synonyms: ['月均收入', '月收入', '务工月收入', '月均工资', '务工收入'] },
];
const LABEL = Object.fromEntries(MIGRANT_FIELDS.map((f) => [f.key, f.label]));

export interface MigrantRecord {
  idNo: string; name: string; homeCounty?: string | null; working?: boolean | null; channel?: string | null; province?: string | null;
  county?: string | null; employer?: string | null; months?: number | null; incomeFen?: number | null; reportedOn: string | null;
}

export function parseMigrantRow(row: RowAccess, idOverride?: string): ParsedRow<MigrantRecord> {
  const problems: RowProblem[] = [];
  const r = rowReader(row, LABEL, problems);
  const name = r.text('name', 30) ?? null;
  const { idNo, damagedId } = r.id(name, idOverride);
  const months = r.int('months');
  if (months != null && (months < 0 || months > 12)) problems.push({ field: 'months', message: `务工时间 ${months} 个月不合理，应在 0–12 之间（一年内的月数）` });
  const incomeFen = r.amount('income');
  if (incomeFen != null && (incomeFen < 0 || incomeFen > 10_000_000)) problems.push({ field: 'income', message: `月均收入 ${formatYuan(incomeFen)} 元不合理，请核对单位` });
  const rec: MigrantRecord = {
    idNo, name: name ?? '', homeCounty: r.text('county', 30), working: r.bool('working'), channel: r.text('channel', 30), province: r.text('province', 30),
    county: r.text('workCounty', 40), employer: r.text('employer', 60), months, incomeFen, reportedOn: (row.file as DatedFile | undefined)?.reportDate ?? null,
  };
  return { record: problems.length ? null : rec, problems, damagedId };
}

const COLS = [['homeCounty', 'home_county', '县'], ['working', 'working', '是否已务工'], ['channel', 'channel', '就业渠道'], ['province', 'province', '务工所在省'],
  ['county', 'county', '务工所在县'], ['employer', 'employer', '务工企业名称'], ['months', 'months', '务工时间（月）'], ['incomeFen', 'monthly_income_fen', '月均收入（元）'],
  ['reportedOn', 'reported_on', '数据日期']] as const;
const dbValue = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

export const migrantWorkKind: KindDef<MigrantRecord> = {
  ...personDownload('migrant-work', '已外出务工信息', MIGRANT_FIELDS),
  parseRow: parseMigrantRow,
  key: (r) => r.idNo,
  label_: (r) => `${r.name} ${r.idNo}`,
  display: (r) => {
    const out: Record<string, string> = { 姓名: r.name, 证件号码: r.idNo };
    if (r.channel) out['就业渠道'] = r.channel;
    if (r.province || r.county) out['务工地'] = `${r.province ?? ''}${r.county ?? ''}`;
    if (r.employer) out['务工企业名称'] = r.employer;
    if (r.months != null) out['务工时间（月）'] = String(r.months);
    if (r.incomeFen != null) out['月均收入（元）'] = formatYuan(r.incomeFen);
    return out;
  },
  duplicateMessage: (rows) => duplicateMessages(rows,
    (x, others) => `证件号码 ${x.record.idNo} 与${others}相同，但内容不同。每人只记一条外出务工信息，请核对后只保留正确的一行`, (r) => r.name),
  compare(ctx) {
    const person = ctx.db.prepare('SELECT id FROM persons WHERE id_no = ?');
    const existing = ctx.db.prepare('SELECT * FROM migrant_work WHERE person_id = ?');
    return (r) => {
      const p = person.get(r.idNo) as { id: number } | undefined;
      if (!p) return { id: 0, changes: [], problem: { field: 'idNo', message: `${r.name}（${r.idNo}）不在人员名单中，请先导入人员名单或监测对象信息，再导入外出务工信息` } };
      const s = existing.get(p.id) as Record<string, unknown> & { id: number } | undefined;
      if (!s) return null;
      const changes: Change[] = [];
      for (const [k, col, label] of COLS) changeIf(changes, label, dbValue(r[k]), s[col], false, (v) => (v == null ? '' : k === 'incomeFen' ? formatYuan(v as number) : k === 'working' ? (v ? '是' : '否') : String(v)));
      return { id: s.id, changes };
    };
  },
  commit(ctx, rows, batchId) {
    const db = ctx.db;
    const person = db.prepare('SELECT id FROM persons WHERE id_no = ?');
    const now = nowLocal(ctx.now());
    let inserted = 0, updated = 0;
    for (const s of rows) {
      const r = s.record!;
      if (s.category === 'new') {
        const p = person.get(r.idNo) as { id: number };
        insertMigrantWork(ctx, { person_id: p.id, working: dbValue(r.working ?? null) as number | null, channel: r.channel ?? null, province: r.province ?? null,
          county: r.county ?? null, employer: r.employer ?? null, months: r.months ?? null, monthly_income_fen: r.incomeFen ?? null,
          home_county: r.homeCounty ?? null, reported_on: r.reportedOn }, batchId, now);
        inserted++;
      } else {
        // An empty cell never erases what the ledger has.
        const set = COLS.filter(([k]) => r[k] != null);
        updateMigrantWork(ctx, s.existingId!, Object.fromEntries(set.map(([k, col]) => [col, dbValue(r[k])])), batchId, now);
        updated++;
      }
    }
    return { inserted, updated };
  },
  suggest: (ctx, damaged) => personsKind.suggest!(ctx, damaged),
};
