/**
 * A block copied from Excel or WPS arrives as text: rows on lines, cells separated by tabs (cells with a
 * line break or tab quoted). The import reads it as a tab-separated file. Clerks usually copy only the
 * rows, not the header: then a header is put in front, guessed column by column from what the cells hold,
 * so the import preview can name the columns as it does for a county file.
 */

/** The imports a pasted block can go to: the grids that accept a paste. */
export type PasteKind = 'persons' | 'post-library' | 'post-wages';

/**
 * Header words that mean the block already starts with its header row (a subset of each importer's
 * synonyms: enough to recognise a copied header, the importer itself maps the columns).
 */
const HEADER_WORDS: Record<PasteKind, RegExp> = {
  persons: /^(序号|姓名|人员姓名|身份证号|身份证号码|证件号码|公民身份号码|性别|行政村|村|村名|户编号|户号|户类型|与户主关系|劳动技能|联系电话|电话|脱贫年度|监测对象类别|家庭人口数)$/,
  'post-library': /^(序号|行政村|村|村名|所属村|设岗村|岗位名称|岗位|公益岗位名称|岗位类别|岗位类型|资金来源|人员数量|岗位人数|设岗人数|人数|工作职责|岗位职责|工作时间|月补贴标准|补贴标准|工资标准|村委会研究日期|村委会研究记录|状态)$/,
  'post-wages': /^(序号|行政村|村|村名|岗位名称|岗位|姓名|人员姓名|收款人|身份证号码|身份证号|证件号码|月份|应出勤天数|应出勤|实出勤天数|实出勤|出勤天数|考核结果|考核|应发金额|应发|实发金额|实发|备注|扣发原因)$/,
};

const ID = /^\d{17}[\dXx]$/;
const RELATIONS = /^(户主|配偶|之子|之女|之孙子|之孙女|之父|之母|之儿媳|之女婿|之兄弟姐妹|孙子|孙女|儿子|女儿|父亲|母亲|其他)$/;
const VILLAGE = /(村|社区|居委会)$/;
const HAN_NAME = /^[\p{Script=Han}·]{2,6}$/u;
const AMOUNT = /^\d{1,6}(\.\d{1,2})?$/;
const DATE = /^(19|20)\d{2}[-./年]\d{1,2}([-./月]\d{1,2}日?)?$/;
/** 1, 2, 3 … down the column: the 序号, not a count. */
const isSequence = (vals: string[]) => vals.length > 1 && vals.every((v, i) => Number(v) === Number(vals[0]) + i);

/** What a column most likely is, from its cells; null when nothing fits (the column is then named 第N列 and not imported). */
type Guess = (all: (re: RegExp) => boolean, pick: (label: string) => string | null, vals: string[]) => string | null;

const GUESSES: Record<PasteKind, Guess> = {
  persons: (all, pick) => {
    if (all(ID)) return pick('证件号码');
    if (all(/^[男女]$/)) return pick('性别');
    if (all(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/)) return pick('联系电话');
    if (all(/^(脱贫户|监测户|一般户|脱贫不稳定户|边缘易致贫户|突发严重困难户)$/)) return pick('户类型');
    if (all(RELATIONS)) return pick('与户主关系');
    if (all(/劳动力|劳动能力/)) return pick('劳动技能');
    if (all(/^(19|20)\d{2}$/)) return pick('脱贫年度');
    if (all(/^\d{12,16}$/)) return pick('户编号');
    if (all(/^\d{1,5}$/)) return pick('序号');
    if (all(VILLAGE)) return pick('行政村');
    if (all(HAN_NAME)) return pick('姓名');
    return null;
  },
  // 岗位库 rows as the county's list has them: 村, 岗位名称, 类别, 资金来源, 人数, 职责, 时间, 补贴标准, 研究日期.
  'post-library': (all, pick, vals) => {
    if (isSequence(vals)) return pick('序号');
    if (all(/^(光伏公益岗|乡村公益岗|生态护林员|交通护路员|河湖管护员|其他)$/)) return pick('岗位类别');
    if (all(/资金|衔接|光伏收益|财政|专项/)) return pick('资金来源');
    if (all(VILLAGE) && !all(/(员|岗)$/)) return pick('行政村');
    if (all(/(员|岗|工)$/) && all(/^[\p{Script=Han}]{2,12}$/u)) return pick('岗位名称');
    if (all(DATE)) return pick('村委会研究日期');
    if (all(/^\d{1,2}$/) && vals.every((v) => Number(v) <= 50)) return pick('人员数量');
    if (all(AMOUNT) && vals.every((v) => Number(v) >= 100)) return pick('月补贴标准');
    if (all(/^(设立|撤销)$/)) return pick('状态');
    return null;
  },
  // A month's 工资发放表: who (村, 岗位, 姓名, 身份证号), days due and present, 考核, 应发, 实发, 备注 — days before amounts.
  'post-wages': (all, pick, vals) => {
    if (isSequence(vals)) return pick('序号');
    if (all(ID)) return pick('身份证号码');
    if (all(/^(合格|不合格|优秀|称职|基本称职|不称职)$/)) return pick('考核结果');
    if (all(VILLAGE)) return pick('行政村');
    if (all(/^\d{1,2}$/) && vals.every((v) => Number(v) <= 31)) return pick('应出勤天数') ?? pick('实出勤天数');
    if (all(AMOUNT)) return pick('应发金额') ?? pick('实发金额');
    if (all(/(员|岗)$/)) return pick('岗位名称');
    if (all(HAN_NAME)) return pick('姓名');
    return null;
  },
};

export interface PastedTable {
  /** The block as a tab-separated file, header first. */
  text: string;
  /** Data rows (not counting the header). */
  rows: number;
  /** Whether the header was guessed (the block had none). */
  guessedHeader: boolean;
}

/** Splits pasted text into rows of cells (quoted cells keep their tabs and line breaks). */
export function splitPasted(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], cell = '', quoted = false;
  const s = text.replace(/\r\n?/g, '\n');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === '\t') { row.push(cell); cell = ''; }
    else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows.filter((r) => r.some((c) => c.trim()));
}

function guessColumn(kind: PasteKind, cells: string[], used: Set<string>): string | null {
  const vals = cells.map((c) => c.trim()).filter(Boolean);
  if (!vals.length) return null;
  const all = (re: RegExp) => vals.every((v) => re.test(v));
  const pick = (label: string) => (used.has(label) ? null : (used.add(label), label));
  return GUESSES[kind](all, pick, vals);
}

/** The pasted block as a tab-separated file with a header row; null when it is not a table (a single value). */
export function pastedTable(text: string, kind: PasteKind = 'persons'): PastedTable | null {
  const rows = splitPasted(text);
  if (!rows.length || !rows.some((r) => r.length > 1)) return null;
  const width = Math.max(...rows.map((r) => r.length));
  const hasHeader = rows[0].filter((c) => HEADER_WORDS[kind].test(c.trim().replace(/\s/g, '').replace(/[（(][^)）]*[)）]$/, ''))).length >= 2;
  const body = hasHeader ? rows.slice(1) : rows;
  let header = rows[0];
  if (!hasHeader) {
    const used = new Set<string>();
    // Left to right; each kind of column is named once (a second Han-text column stays 第N列).
    const guesses = Array.from({ length: width }, (_, c) => guessColumn(kind, body.map((r) => r[c] ?? ''), used));
    header = guesses.map((g, c) => g ?? `第${c + 1}列`);
  }
  const esc = (c: string) => (/[\t\n"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  const line = (r: string[]) => Array.from({ length: width }, (_, c) => esc(r[c] ?? '')).join('\t');
  return { text: [line(header), ...body.map(line)].join('\n') + '\n', rows: body.length, guessedHeader: !hasHeader };
}
