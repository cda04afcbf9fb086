import { agreementEnd } from '../../../../shared/wages';
import { isValidPhone } from '../../../../shared/domain';
import type { Ctx } from '../../services/context';
import { nowLocal } from '../../services/context';
import { addOutsider } from '../../db/repo/persons';
import { insertPost } from '../../db/repo/posts';
import { insertAppointment, updateAppointment } from '../../db/repo/appointments';
import { getSettings } from '../../services/settings';
import { coercePeriod, sameText } from '../coerce';
import { rowReader, missingColumnsMessage } from './fields';
import type { FieldSpec } from '../header';
import { personsKind } from './persons';
import type { Existing, KindDef, ParsedRow, RowAccess, RowProblem } from './types';
import { villageResolver } from '../../services/villages';

export interface PostRowRecord {
  idNo: string; name: string; sex: string; birthDate: string;
  village: string | null; postName: string; category?: string | null; fundSource?: string | null;
  personType?: string | null; phone?: string | null;
  startDate: string; termMonths?: number | null; endDate?: string | null; wageFen?: number | null;
  bankAccount?: string | null; bankName?: string | null; agreementNo?: string | null; status?: string | null; remark?: string | null;
}

/** The county's 公益岗位人员花名册 columns (two-row header: 岗位信息 / 人员信息 / 聘用信息). */
export const POST_FIELDS: FieldSpec[] = [
  { key: 'seq', label: '序号', synonyms: ['序号'] },
  { key: 'village', label: '行政村', synonyms: ['行政村', '村', '村名', '所属村', '村委会', '所在村', '村名称', '村(社区)'], fillDown: true },
  { key: 'postName', label: '岗位名称', synonyms: ['岗位名称', '岗位', '公益岗位名称', '公益岗位'], required: true },
  { key: 'category', label: '岗位类别', synonyms: ['岗位类别', '岗位类型', '岗位性质'] },
  { key: 'fundSource', label: '资金来源', synonyms: ['资金来源', '资金渠道'] },
  { key: 'name', label: '姓名', synonyms: ['姓名', '人员姓名'], required: true },
  { key: 'sex', label: '性别', synonyms: ['性别'] },
  { key: 'idNo', label: '身份证号码', synonyms: ['身份证号码', '身份证号', '证件号码', '公民身份号码', '身份证', '证件号', '公民身份证号码'], required: true },
  { key: 'personType', label: '人员类别', synonyms: ['人员类别', '户类型', '人员属性', '人员类型'] },
  { key: 'phone', label: '联系电话', synonyms: ['联系电话', '电话', '手机号', '手机'] },
  { key: 'startDate', label: '聘用开始时间', synonyms: ['聘用开始时间', '聘用开始日期', '聘用时间', '上岗时间', '开始时间', '上岗日期', '聘用起始时间', '聘用起始日期', '聘用日期', '到岗时间'] },
  // FORMATS.md's roster keeps both dates in one cell: 2023.1.1-2023.12.31.
  { key: 'period', label: '聘用起止日期', synonyms: ['聘用起止日期', '聘用起止时间', '聘用起止', '起止日期', '起止时间'] },
  { key: 'termMonths', label: '聘用期限（月）', synonyms: ['聘用期限', '期限', '聘期'] },
  { key: 'endDate', label: '聘用结束时间', synonyms: ['聘用结束时间', '聘用结束日期', '聘用截止时间', '结束时间'] },
  { key: 'wage', label: '月补贴标准（元）', synonyms: ['月补贴标准', '月补贴', '补贴标准', '月工资', '工资标准', '月补贴金额', '补贴金额', '岗位补贴'] },
  { key: 'bankAccount', label: '银行卡号', synonyms: ['银行卡号', '卡号', '银行账号', '社保卡号', '账号', '一卡通账号', '一卡通卡号'] },
  { key: 'bankName', label: '开户银行', synonyms: ['开户银行', '开户行'] },
  { key: 'agreementNo', label: '协议编号', synonyms: ['协议编号', '聘用协议编号', '合同编号'] },
  { key: 'status', label: '在岗状态', synonyms: ['在岗状态', '状态'] },
  { key: 'remark', label: '备注', synonyms: ['备注'] },
];
const LABEL = Object.fromEntries(POST_FIELDS.map((f) => [f.key, f.label]));

export function parsePostRow(row: RowAccess, idOverride?: string): ParsedRow<PostRowRecord> {
  const problems: RowProblem[] = [];
  const r = rowReader(row, LABEL, problems);
  const name = r.text('name', 30) ?? null;
  if (!name) problems.push({ field: 'name', message: '缺少姓名' });
  const { idNo, sex, birthDate, damagedId } = r.id(name, idOverride);
  const postName = r.text('postName', 40) ?? null;
  if (!postName) problems.push({ field: 'postName', message: '缺少岗位名称' });
  let startDate = r.date('startDate');
  let periodEnd: string | null = null;
  // 聘用起止日期 in one cell; some rosters put it under 聘用期限, which otherwise holds months.
  const termRaw = row.get('termMonths');
  const periodField = row.has('period') ? 'period' : typeof termRaw === 'string' && /\d{4}\D.*\d{4}/.test(termRaw) ? 'termMonths' : null;
  const period = periodField ? coercePeriod(row.get(periodField) ?? null) : null;
  if (period && !period.ok) problems.push({ field: periodField!, message: `${LABEL[periodField!]}：${period.message}` });
  else if (period?.value) { startDate = startDate ?? period.value.start; periodEnd = period.value.end; }
  if (!startDate && !problems.some((p) => p.field === 'startDate' || p.field === periodField)) problems.push({ field: 'startDate', message: '缺少聘用开始时间' });
  const termMonths = periodField === 'termMonths' ? null : r.months('termMonths');
  if (termMonths != null && (termMonths < 1 || termMonths > 120)) problems.push({ field: 'termMonths', message: '聘用期限应为1到120之间的月数' });
  let endDate = r.date('endDate') ?? periodEnd;
  if (!endDate && startDate && termMonths) endDate = agreementEnd(startDate, termMonths);
  const wageFen = r.amount('wage');
  if (wageFen != null && wageFen < 0) problems.push({ field: 'wage', message: '月补贴标准不能为负数' });
  const bankAccount = r.digits('bankAccount');
  if (bankAccount && !/^\d{12,30}$/.test(bankAccount)) problems.push({ field: 'bankAccount', message: `银行卡号“${bankAccount}”应为12到30位数字` });
  const phone = r.phone('phone');
  if (phone && !isValidPhone(phone)) problems.push({ field: 'phone', message: `联系电话“${phone}”不是11位手机号或带区号的固定电话` });
  const status = r.text('status', 4);
  if (status && !['在岗', '待岗', '离岗'].includes(status)) problems.push({ field: 'status', message: `在岗状态“${status}”应为 在岗、待岗 或 离岗` });
  const rec: PostRowRecord = {
    idNo, name: name ?? '', sex, birthDate, village: r.text('village', 40) ?? null, postName: postName ?? '',
    category: r.text('category', 20), fundSource: r.text('fundSource'), personType: r.text('personType', 10), phone,
    startDate: startDate ?? '', termMonths, endDate, wageFen, bankAccount, bankName: r.text('bankName', 40),
    agreementNo: r.digits('agreementNo'), status, remark: r.text('remark', 500),
  };
  return { record: problems.length ? null : rec, problems, damagedId };
}

interface ApptSnapshot {
  id: number; wageFen: number; startDate: string; endDate: string | null; termMonths: number | null; bankAccount: string | null; bankName: string | null;
  agreementNo: string | null; status: string; remark: string | null; category: string; fundSource: string | null;
}

const APPT_SQL = `SELECT a.id, a.wage_fen AS wageFen, a.start_date AS startDate, a.end_date AS endDate, a.term_months AS termMonths,
  a.bank_account AS bankAccount, a.bank_name AS bankName, a.agreement_no AS agreementNo, a.status, a.remark,
  po.category, po.fund_source AS fundSource, pe.id_no AS idNo, coalesce(v.name, '') AS village, po.name AS postName
  FROM appointments a JOIN posts po ON po.id = a.post_id JOIN persons pe ON pe.id = a.person_id LEFT JOIN villages v ON v.id = po.village_id
  WHERE a.status <> '离岗'`;

/** An empty cell as "leave the column as it is" for the repository's update. */
const keep = <T>(v: T | null | undefined): T | undefined => v ?? undefined;
const fmtMoney = (f: number | null | undefined) => (f == null ? '' : (f / 100).toFixed(2));
/** Who holds which post: one person's appointments to the same post (村 + 岗位名称). */
const holding = (idNo: string, village: string | null, postName: string) => `${idNo}|${village ?? ''}|${postName}`;
/**
 * A row of the roster is one appointment: the post held and from when. Two rows of one person on the
 * same post from different days are two appointments (P01 then says one person holds two posts);
 * only the same start day again is the same row twice.
 */
const key = (r: PostRowRecord) => `${holding(r.idNo, r.village, r.postName)}|${r.startDate}`;

export const postsKind: KindDef<PostRowRecord> = {
  kind: 'posts',
  label: '公益岗位花名册',
  unit: '条聘用',
  fields: POST_FIELDS,
  missingMessage: (missing, found) => missingColumnsMessage('公益岗位花名册', missing, found),
  parseRow: parsePostRow,
  key,
  label_: (r) => `${r.name} ${r.idNo} ${r.village ?? ''}${r.postName}`,
  display: (r) => ({
    行政村: r.village ?? '', 岗位名称: r.postName, 岗位类别: r.category ?? '', 姓名: r.name, 身份证号码: r.idNo,
    人员类别: r.personType ?? '', 聘用开始时间: r.startDate, 聘用结束时间: r.endDate ?? '', '月补贴标准（元）': fmtMoney(r.wageFen),
    银行卡号: r.bankAccount ?? '', 开户银行: r.bankName ?? '',
  }),
  duplicateMessage(rows) {
    const out = new Map<number, string>();
    for (const x of rows.slice(1)) out.set(x.row, `与第${rows[0].row}行是同一人的同一岗位（${x.record.postName}），聘用开始时间也相同（${x.record.startDate}），重复行不再导入`);
    return out;
  },
  compare(ctx, records) {
    // A row is the appointment of the same person on the same post that starts the same day; failing
    // that, the one such appointment no other row of the file is (a renewal or a corrected start day),
    // the latest first when there are several.
    const byHolding = new Map<string, ApptSnapshot[]>();
    for (const s of ctx.db.prepare(APPT_SQL).iterate() as Iterable<ApptSnapshot & { idNo: string; village: string; postName: string }>) {
      const k = holding(s.idNo, s.village || null, s.postName);
      (byHolding.get(k) ?? byHolding.set(k, []).get(k)!).push(s);
    }
    const matched = new Map<PostRowRecord, ApptSnapshot>();
    const taken = new Set<number>();
    const rest: PostRowRecord[] = [];
    for (const r of records) {
      const same = byHolding.get(holding(r.idNo, r.village, r.postName))?.find((s) => s.startDate === r.startDate && !taken.has(s.id));
      if (same) { matched.set(r, same); taken.add(same.id); } else rest.push(r);
    }
    for (const r of rest) {
      const other = (byHolding.get(holding(r.idNo, r.village, r.postName)) ?? []).filter((s) => !taken.has(s.id))
        .sort((a, b) => b.startDate.localeCompare(a.startDate))[0];
      if (other) { matched.set(r, other); taken.add(other.id); }
    }
    return (r): Existing | null => {
      const s = matched.get(r);
      if (!s) return null;
      const changes: Existing['changes'] = [];
      const cmp = (field: string, after: unknown, before: unknown, show = (v: unknown) => (v == null ? '' : String(v))) => {
        if (after === undefined || after === null) return; // an empty cell never erases what we have
        if (!sameText(after, before)) changes.push({ field, before: show(before), after: show(after) });
      };
      cmp('月补贴标准（元）', r.wageFen, s.wageFen, (v) => fmtMoney(v as number));
      cmp('聘用开始时间', r.startDate, s.startDate);
      cmp('聘用结束时间', r.endDate, s.endDate);
      cmp('银行卡号', r.bankAccount, s.bankAccount);
      cmp('开户银行', r.bankName, s.bankName);
      cmp('协议编号', r.agreementNo, s.agreementNo);
      cmp('在岗状态', r.status, s.status);
      cmp('备注', r.remark, s.remark);
      return { id: s.id, changes };
    };
  },
  commit(ctx, rows, batchId) {
    const db = ctx.db;
    const now = nowLocal(ctx.now());
    const villageId = villageResolver(ctx, batchId);
    const cats = getSettings(ctx).postCategories;
    // How many holders each (村, 岗位) has in this file: a new post's 人员数量.
    const holders = new Map<string, number>();
    for (const s of rows) { const k = `${s.record!.village ?? ''}|${s.record!.postName}`; holders.set(k, (holders.get(k) ?? 0) + 1); }
    const findPost = db.prepare("SELECT id FROM posts WHERE coalesce(village_id, 0) = coalesce(?, 0) AND name = ? AND status = '设立'");
    const postIds = new Map<string, number>();
    const postId = (r: PostRowRecord, vId: number | null) => {
      const k = `${r.village ?? ''}|${r.postName}`;
      let id = postIds.get(k);
      if (id !== undefined) return id;
      const found = findPost.get(vId, r.postName) as { id: number } | undefined;
      const category = r.category && cats.includes(r.category) ? r.category : r.category ? '其他' : '乡村公益岗';
      if (found) id = found.id;
      else {
        id = insertPost(ctx, { village_id: vId, name: r.postName, category, fund_source: r.fundSource ?? null, headcount: holders.get(k) ?? 1, wage_fen: r.wageFen ?? 0 },
          batchId, now);
      }
      postIds.set(k, id);
      return id;
    };
    const findPerson = db.prepare('SELECT id FROM persons WHERE id_no = ?');
    /** A holder missing from the county roster is added, flagged in_roster = 0 (P11 reports it). */
    const personId = (r: PostRowRecord, vId: number | null) => {
      const p = findPerson.get(r.idNo) as { id: number } | undefined;
      if (p) return p.id;
      const type = r.personType && ['脱贫户', '监测户', '一般户'].includes(r.personType) ? r.personType : '一般户';
      return addOutsider(ctx, { idNo: r.idNo, name: r.name, sex: r.sex, birthDate: r.birthDate, phone: r.phone ?? null, household: { villageId: vId, type } }, batchId, now);
    };
    let inserted = 0, updated = 0;
    for (const s of rows) {
      const r = s.record!;
      if (s.category === 'new') {
        const vId = villageId(r.village);
        insertAppointment(ctx, { post_id: postId(r, vId), person_id: personId(r, vId), agreement_no: r.agreementNo ?? null, start_date: r.startDate,
          end_date: r.endDate ?? null, term_months: r.termMonths ?? null, wage_fen: r.wageFen ?? 0, bank_account: r.bankAccount ?? null,
          bank_name: r.bankName ?? null, status: (r.status ?? '在岗') as '在岗' | '待岗' | '离岗', remark: r.remark ?? null }, batchId, now);
        inserted++;
      } else if (s.category === 'changed') {
        // An empty cell never erases what the ledger has (keep: undefined = leave the column); the start date is always given.
        updateAppointment(ctx, s.existingId!, { agreement_no: keep(r.agreementNo), start_date: r.startDate, end_date: keep(r.endDate), term_months: keep(r.termMonths),
          wage_fen: keep(r.wageFen), bank_account: keep(r.bankAccount), bank_name: keep(r.bankName), status: keep(r.status) as '在岗' | '待岗' | '离岗' | undefined,
          remark: keep(r.remark) }, batchId, now);
        updated++;
      }
    }
    return { inserted, updated };
  },
  suggest: (ctx: Ctx, damaged) => personsKind.suggest!(ctx, damaged),
};
