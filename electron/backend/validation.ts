import type { z } from 'zod';
import { FIELD_LABELS } from '../../shared/fields';

/**
 * Refused requests in the clerk's words. zod's own messages are English and name types
 * ("Expected number, received string"); the UI, the browser bridge and the CLI all show this
 * text as it is, so each problem says which field (by its Chinese name) and what to write instead.
 */

/** Request fields that are not stored columns, so the 操作日志 labels do not cover them. */
const PARAM_LABELS: Record<string, string> = {
  id: '记录编号', jobId: '导入任务编号', batchId: '导入批次编号', base64: '文件内容', files: '文件', mapping: '列对应',
  sheet: '工作表', remember: '记住列对应', acceptSuggestions: '采用建议的行', allOrNothing: '有错误行就整批不导入',
  options: '导入选项', category: '类别', offset: '起始行', limit: '每页行数', sort: '排序', field: '排序字段', dir: '排序方向',
  deleted: '回收站', q: '查询内容', asOf: '统计日期', from: '开始日期', to: '结束日期', year: '年份', module: '模块',
  rows: '考勤行', personIds: '人员', voucher: '发放凭证号', password: '密码', currentPassword: '当前密码',
  location: '备份位置', action: '操作类型', table: '对象', printKind: '打印类型', orientation: '纸张方向',
  workshopId: '车间', loanId: '贷款', appointmentId: '聘用记录', postId: '岗位', personId: '人员', villageId: '村',
  overdueEnded: '逾期结束日期', contractMonths: '合同期限（月）', monthlyWageFen: '月工资', paidDate: '发放日期',
  councilDate: '村委会研究日期', recognizedDate: '认定时间', newDueDate: '展期后到期日期', principalFen: '还款本金', interestFen: '利息',
  amountFen: '贷款金额', wageFen: '月补贴', paidFen: '实发金额', name: '名称', idNo: '身份证号',
  qualification: '认定情况', active: '是否在职', recordId: '记录编号',
  monitorDeadlineProfile: '监测时限标准', monitorLines: '监测线（按年度）', lineFen: '监测线金额',
  monitorVisitMonths: '走访间隔（月）', monitorWorkAgeMin: '劳动年龄下限', monitorWorkAgeMax: '劳动年龄上限',
  columns: '列', openOnly: '只看风险未消除', search: '查询内容', householdIds: '户', withinDays: '提前天数',
  visitor: '走访人', incomeChange: '收支变化', riskChange: '风险变化', content: '内容', nature: '措施性质',
  signer: '驻村干部', found: '发现日期', verified: '入户核实日期', villageReview: '村级评议日期',
  townshipReview: '乡镇审核日期', confirmed: '县级认定日期', planned: '帮扶计划制定日期', acted: '措施落实日期', helper: '帮扶责任人',
};

/** The same key named by what the channel is about: persons.create's name is 姓名, posts.create's is 岗位名称. */
const BY_MODULE: Record<string, Record<string, string>> = {
  persons: { name: '姓名' }, employments: { name: '姓名' }, villages: { name: '村名', code: '村代码（12位）' },
  posts: { name: '岗位名称', category: '岗位类别' }, workshops: { name: '车间名称' }, appointments: { status: '在岗状态' },
  monitoring: { method: '方式', risk: '致贫返贫风险', measure: '帮扶措施' },
};

export function fieldLabel(key: string, channel = ''): string | undefined {
  return BY_MODULE[channel.split('.')[0]]?.[key] ?? PARAM_LABELS[key] ?? FIELD_LABELS[key];
}

const TYPE_NAMES: Record<string, string> = {
  number: '数字', int: '整数', string: '文字', boolean: '“是”或“否”（true/false）', array: '列表', object: '一组数据',
  date: '日期', bigint: '整数', null: '空', undefined: '空',
};

/** What was sent, for the （现在是…） part: 文字“abc”, 40, 空. */
function shown(v: unknown): string {
  if (v === undefined) return '没有填写';
  if (v === null) return '空';
  if (typeof v === 'string') return v.length > 30 ? `文字“${v.slice(0, 30)}…”` : `文字“${v}”`;
  if (typeof v === 'number') return Number.isFinite(v) ? ` ${v}` : '不是有效的数字';
  if (typeof v === 'boolean') return v ? ' true' : ' false';
  if (Array.isArray(v)) return '一个列表';
  return '一组数据';
}
const now = (v: unknown) => `（现在是${shown(v)}）`;

const list = (vals: readonly unknown[]) => vals.map((v) => (typeof v === 'string' ? `“${v}”` : String(v))).join('、');

/**
 * zod's per-parse error map: a Chinese text for each kind of problem. Messages written in the
 * schemas themselves (日期应写成 YYYY-MM-DD …) take precedence over this, as zod intends.
 */
export function zhIssue(iss: z.core.$ZodRawIssue): string {
  const input: unknown = iss.input;
  switch (iss.code) {
    case 'invalid_type': {
      if (input === undefined) return '必须填写';
      if (input === null) return '不能为空，请填写';
      const want = TYPE_NAMES[iss.expected] ?? iss.expected;
      if (iss.expected === 'int') return `应为整数${now(input)}`;
      return `应填${want}${now(input)}`;
    }
    case 'too_small': {
      const min = Number(iss.minimum);
      if (iss.origin === 'string') return min <= 1 ? '不能为空，请填写' : `至少要 ${min} 个字`;
      if (iss.origin === 'array' || iss.origin === 'set') return `至少要选 ${min} 项`;
      if (min === 0 && iss.inclusive) return `不能是负数${now(input)}`;
      return iss.inclusive ? `不能小于 ${min}${now(input)}` : `应大于 ${min}${now(input)}`;
    }
    case 'too_big': {
      const max = Number(iss.maximum);
      if (iss.origin === 'string') return `最多 ${max} 个字${typeof input === 'string' ? `（现在 ${input.length} 个字）` : ''}，请删减`;
      if (iss.origin === 'array' || iss.origin === 'set') return `最多 ${max} 项，请分批提交`;
      return iss.inclusive ? `不能大于 ${max}${now(input)}` : `应小于 ${max}${now(input)}`;
    }
    case 'invalid_value':
      if (input === undefined) return `必须填写，可选：${list(iss.values)}`;
      return iss.values.length === 1 ? `只能是 ${list(iss.values)}${now(input)}` : `只能是 ${list(iss.values)} 之一${now(input)}`;
    case 'invalid_union': {
      // A union of literals (贴息天数基数 360 | 365) reads as one list of choices.
      const values = iss.errors.flat().flatMap((e) => (e.code === 'invalid_value' ? e.values : []));
      return values.length ? `只能是 ${list(values)} 之一${now(input)}` : `格式不对${now(input)}`;
    }
    case 'invalid_format':
      return `格式不对${now(input)}`;
    case 'not_multiple_of':
      return `应为 ${String(iss.divisor)} 的整数倍`;
    case 'unrecognized_keys':
      return `含有不认识的项：${iss.keys.join('、')}，请去掉`;
    default:
      return `内容不正确${now(input)}`;
  }
}

/** Where the problem is: 第3行的“实出勤天数”, “贷款金额”, or nothing for the request as a whole. */
function place(path: readonly PropertyKey[], channel: string): string {
  // Only the innermost field and the row numbers matter to the reader: rows.2.presentDays → 第3行的“实出勤天数”.
  const rows: string[] = [];
  let field: string | undefined;
  let lastKey = '';
  for (const seg of path) {
    if (typeof seg === 'number') rows.push(`第${seg + 1}${lastKey === 'files' ? '个文件' : '行'}`);
    else { lastKey = String(seg); field = `“${fieldLabel(lastKey, channel) ?? lastKey}”`; }
  }
  if (typeof path[path.length - 1] === 'number') return `${field ?? ''}中的第${Number(path[path.length - 1]) + 1}项`;
  return rows.length ? `${rows.join('')}的${field ?? ''}` : field ?? '';
}

/** One sentence per problem, each naming its field; a schema's own Chinese message keeps its wording. */
export function validationMessage(e: z.ZodError, channel = ''): string {
  const parts: string[] = [];
  for (const i of e.issues) {
    const where = place(i.path, channel);
    const text = where ? `${where}：${i.message}` : i.message;
    if (!parts.includes(text)) parts.push(text);
  }
  return `参数不正确：${parts.join('；')}。请改正后重试。`;
}

/** For forms: the first top-level field at fault, as AppError details carry it ({ field }). */
export function validationDetails(e: z.ZodError): { field?: string; issues: { path: string; message: string }[] } {
  const first = e.issues.find((i) => typeof i.path[0] === 'string');
  return { field: first ? String(first.path[0]) : undefined, issues: e.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) };
}
