import { toHalfWidth } from './text';

/**
 * The columns of the imports a clerk can also paste into (人员名单, 岗位库, 工资发放表): key, the
 * county's own header and the other names offices use for it. The importers map sheets with these;
 * the paste handler (pasteTable.ts) recognises a copied header row by the same names.
 */

export interface FieldSpec {
  key: string;
  label: string;
  /** Header texts that mean this field, normalized by normLabel. The first is the county's own. */
  synonyms: string[];
  required?: boolean;
  /** Group columns (村, 县, 乡) that county sheets merge vertically over a block of rows. */
  fillDown?: boolean;
}

/** Header text without spaces, line breaks, full-width forms or unit suffixes (in brackets, or 金额/元, 补贴标准元/月). */
export function normLabel(v: unknown): string {
  const s = String(v ?? '');
  // No header label is this long: such a text is compared as it is, never normalised (a crafted
  // file repeats one huge text in thousands of cells, and each normalisation walks all of it).
  if (s.length > 256) return s;
  return dropBracketed(toHalfWidth(s).replace(/[\s*※]/g, ''))
    .replace(/(?<=.)[/:：]?(?:单位[:：]?)?(?:万元|元)(?:[/每](?:人月|人|月|年))?$/, '').toLowerCase();
}

/**
 * Removes bracketed parts, as /[（(][^）)]*[）)]/g would, in one pass: the regex rescans the rest
 * of the text from every unclosed bracket, and a crafted header cell of brackets took minutes.
 */
function dropBracketed(s: string): string {
  if (!s.includes('(') && !s.includes('（')) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (ch === '(' || ch === '（') {
      let j = i + 1;
      while (j < s.length && s[j] !== ')' && s[j] !== '）') j++;
      if (j === s.length) return out + s.slice(i); // nothing closes it, nor any bracket after it
      i = j + 1;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** The 人员名单 (建档立卡) columns, with the names county sheets use for them. */
export const PERSON_FIELDS: FieldSpec[] = [
  { key: 'seq', label: '序号', synonyms: ['序号', '编号'] },
  { key: 'county', label: '县(市、区)', synonyms: ['县(市、区)', '县（市、区）', '县', '县区', '县(区)', '县市区', '所属县'], fillDown: true },
  { key: 'township', label: '乡(镇)', synonyms: ['乡(镇)', '乡（镇）', '乡镇', '乡', '镇', '乡镇(街道)', '所属乡镇'], fillDown: true },
  { key: 'village', label: '行政村', synonyms: ['行政村', '村', '村名', '村名称', '行政村名称', '所属村', '村委会', '所在村'], fillDown: true },
  { key: 'householdNo', label: '户编号', synonyms: ['户编号', '户号', '户码', '家庭编号'] },
  { key: 'name', label: '姓名', synonyms: ['姓名', '人员姓名', '成员姓名', '名字', '户员姓名'], required: true },
  { key: 'idNo', label: '证件号码', synonyms: ['证件号码', '身份证号', '身份证号码', '公民身份号码', '公民身份证号码', '身份证', '证件号', '身份证件号码'], required: true },
  { key: 'sex', label: '性别', synonyms: ['性别'] },
  { key: 'relation', label: '与户主关系', synonyms: ['与户主关系', '关系', '与户主的关系'] },
  { key: 'householdType', label: '户类型', synonyms: ['户类型', '户类别', '户属性', '人员类别', '户别', '农户类型', '农户属性', '农户类别'] },
  { key: 'monitorCategory', label: '监测对象类别', synonyms: ['监测对象类别', '监测类别', '监测类型', '监测户类型', '监测对象类型', '易返贫致贫户类型'] },
  { key: 'riskEliminated', label: '风险是否消除', synonyms: ['风险是否消除', '风险是否已消除', '是否消除风险', '风险消除', '是否风险消除'] },
  { key: 'exitYear', label: '脱贫年度', synonyms: ['脱贫年度', '脱贫年份', '脱贫时间', '脱贫年'] },
  { key: 'laborSkill', label: '劳动技能', synonyms: ['劳动技能', '劳动能力'] },
  { key: 'phone', label: '联系电话', synonyms: ['联系电话', '电话', '手机', '手机号', '手机号码', '联系方式', '电话号码', '人联系电话'] },
  { key: 'householdSize', label: '家庭人口数', synonyms: ['家庭人口数', '家庭人口', '户人口数', '家庭人数', '人口数', '人数'] },
];

/** The columns export/posts.ts writes for the 岗位库, with the names counties use for them. 在岗人数 is derived and not read. */
export const LIBRARY_FIELDS: FieldSpec[] = [
  { key: 'seq', label: '序号', synonyms: ['序号'] },
  { key: 'village', label: '行政村', synonyms: ['行政村', '村', '村名', '所属村', '村委会', '村(社区)', '设岗村', '所在村', '村名称'], fillDown: true },
  { key: 'name', label: '岗位名称', synonyms: ['岗位名称', '岗位', '公益岗位名称', '公益岗位', '岗位名'], required: true },
  { key: 'category', label: '岗位类别', synonyms: ['岗位类别', '岗位类型', '岗位性质'] },
  { key: 'fundSource', label: '资金来源', synonyms: ['资金来源', '资金渠道', '补贴资金来源'] },
  { key: 'headcount', label: '人员数量', synonyms: ['人员数量', '岗位人数', '设岗人数', '设岗数量', '岗位数量', '人数', '定员'] },
  { key: 'duties', label: '工作职责', synonyms: ['工作职责', '岗位职责', '职责', '工作内容', '岗位职责及工作内容'] },
  { key: 'workTime', label: '工作时间', synonyms: ['工作时间', '工作时长', '上岗时间要求'] },
  { key: 'wage', label: '月补贴标准（元）', synonyms: ['月补贴标准', '补贴标准', '工资标准', '月工资', '月补贴', '月补贴金额', '工资标准(元/月)'] },
  { key: 'councilDate', label: '村委会研究日期', synonyms: ['村委会研究日期', '村委会研究时间', '研究日期', '会议日期', '研究时间'] },
  { key: 'councilRecord', label: '村委会研究记录', synonyms: ['村委会研究记录', '研究记录', '村委会研究情况', '会议记录', '村两委研究记录'] },
  { key: 'status', label: '状态', synonyms: ['状态', '岗位状态'] },
  { key: 'statusDate', label: '状态日期', synonyms: ['状态日期', '撤销日期', '撤销时间', '变更日期'] },
];

/** The columns export/posts.ts writes for the 工资发放表; 月补贴标准, 银行卡号 and 本人签字 are not read back. */
export const WAGE_FIELDS: FieldSpec[] = [
  { key: 'seq', label: '序号', synonyms: ['序号'] },
  { key: 'village', label: '行政村', synonyms: ['行政村', '村', '村名', '所属村', '村委会', '所在村'], fillDown: true },
  { key: 'postName', label: '岗位名称', synonyms: ['岗位名称', '岗位', '公益岗位名称', '公益岗位'] },
  { key: 'name', label: '姓名', synonyms: ['姓名', '人员姓名', '收款人', '收款人姓名'] },
  { key: 'idNo', label: '身份证号码', synonyms: ['身份证号码', '身份证号', '证件号码', '公民身份号码', '身份证', '证件号', '公民身份证号码'], required: true },
  { key: 'month', label: '月份', synonyms: ['月份', '发放月份', '所属月份', '考勤月份', '工资月份'] },
  { key: 'dueDays', label: '应出勤天数', synonyms: ['应出勤天数', '应出勤', '应出勤日数', '应勤天数'] },
  { key: 'presentDays', label: '实出勤天数', synonyms: ['实出勤天数', '实出勤', '出勤天数', '实际出勤天数', '实际出勤', '出勤'], required: true },
  { key: 'assessment', label: '考核结果', synonyms: ['考核结果', '考核', '考核等次', '考核情况', '月考核结果'], required: true },
  { key: 'payable', label: '应发金额', synonyms: ['应发金额', '应发', '应发工资', '应发补贴', '应发金额(元)'] },
  { key: 'paid', label: '实发金额', synonyms: ['实发金额', '实发', '实发工资', '实发补贴', '发放金额', '实发金额(元)'] },
  { key: 'reason', label: '备注', synonyms: ['备注', '实发与应发不同的原因', '扣发原因', '原因', '说明'] },
];
