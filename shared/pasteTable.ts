/**
 * A block copied from Excel or WPS arrives as text: rows on lines, cells separated by tabs (cells with a
 * line break or tab quoted). The import reads it as a tab-separated file. Clerks usually copy only the
 * rows, not the header: then a header is put in front, guessed column by column from what the cells hold,
 * so the import preview can name the columns as it does for a county file.
 */
import { LIBRARY_FIELDS, PERSON_FIELDS, WAGE_FIELDS, normLabel, type FieldSpec } from './importColumns';

/** The imports a pasted block can go to: the grids that accept a paste. */
export type PasteKind = 'persons' | 'post-library' | 'post-wages';

/** Each paste kind's columns: the importer's own list, so a copied header is recognised by every name the importer maps. */
const COLUMNS: Record<PasteKind, FieldSpec[]> = { persons: PERSON_FIELDS, 'post-library': LIBRARY_FIELDS, 'post-wages': WAGE_FIELDS };
const headerWords = new Map<PasteKind, Set<string>>();
/** The normalised header names of a kind (built once per kind). */
function namesOf(kind: PasteKind): Set<string> {
  let names = headerWords.get(kind);
  if (!names) headerWords.set(kind, names = new Set(COLUMNS[kind].flatMap((f) => [f.label, ...f.synonyms].map(normLabel))));
  return names;
}

const ID = /^\d{17}[\dXx]$/;
const RELATIONS = /^(户主|配偶|之子|之女|之孙子|之孙女|之父|之母|之儿媳|之女婿|之兄弟姐妹|孙子|孙女|儿子|女儿|父亲|母亲|其他)$/;
const VILLAGE = /(村|社区|居委会)$/;
const HAN_NAME = /^[\p{Script=Han}·]{2,6}$/u;
const AMOUNT = /^\d{1,6}(\.\d{1,2})?$/;
const DATE = /^(19|20)\d{2}[-./年]\d{1,2}([-./月]\d{1,2}日?)?$/;
/** 1, 2, 3 … down the column: the 序号, not a count. */
const isSequence = (vals: string[]) => vals.length > 1 && vals.every((v, i) => Number(v) === Number(vals[0]) + i);

/** What a column most likely is, from its cells; null when nothing fits (the column is then named 第N列 and not imported). */
type Guess = (all: (re: RegExp) => boolean, pick: (key: string) => string | null, vals: string[]) => string | null;

const GUESSES: Record<PasteKind, Guess> = {
  persons: (all, pick) => {
    if (all(ID)) return pick('idNo');
    if (all(/^[男女]$/)) return pick('sex');
    if (all(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/)) return pick('phone');
    if (all(/^(脱贫户|监测户|一般户|脱贫不稳定户|边缘易致贫户|突发严重困难户)$/)) return pick('householdType');
    if (all(RELATIONS)) return pick('relation');
    if (all(/劳动力|劳动能力/)) return pick('laborSkill');
    if (all(/^(19|20)\d{2}$/)) return pick('exitYear');
    if (all(/^\d{12,16}$/)) return pick('householdNo');
    if (all(/^\d{1,5}$/)) return pick('seq');
    if (all(VILLAGE)) return pick('village');
    if (all(HAN_NAME)) return pick('name');
    return null;
  },
  // 岗位库 rows as the county's list has them: 村, 岗位名称, 类别, 资金来源, 人数, 职责, 时间, 补贴标准, 研究日期.
  'post-library': (all, pick, vals) => {
    if (isSequence(vals)) return pick('seq');
    if (all(/^(光伏公益岗|乡村公益岗|生态护林员|交通护路员|河湖管护员|其他)$/)) return pick('category');
    if (all(/资金|衔接|光伏收益|财政|专项/)) return pick('fundSource');
    if (all(VILLAGE) && !all(/(员|岗)$/)) return pick('village');
    if (all(/(员|岗|工)$/) && all(/^[\p{Script=Han}]{2,12}$/u)) return pick('name');
    if (all(DATE)) return pick('councilDate');
    if (all(/^\d{1,2}$/) && vals.every((v) => Number(v) <= 50)) return pick('headcount');
    if (all(AMOUNT) && vals.every((v) => Number(v) >= 100)) return pick('wage');
    if (all(/^(设立|撤销)$/)) return pick('status');
    return null;
  },
  // A month's 工资发放表: who (村, 岗位, 姓名, 身份证号), days due and present, 考核, 应发, 实发, 备注 — days before amounts.
  'post-wages': (all, pick, vals) => {
    if (isSequence(vals)) return pick('seq');
    if (all(ID)) return pick('idNo');
    if (all(/^(合格|不合格|优秀|称职|基本称职|不称职)$/)) return pick('assessment');
    if (all(VILLAGE)) return pick('village');
    if (all(/^\d{1,2}$/) && vals.every((v) => Number(v) <= 31)) return pick('dueDays') ?? pick('presentDays');
    if (all(AMOUNT)) return pick('payable') ?? pick('paid');
    if (all(/(员|岗)$/)) return pick('postName');
    if (all(HAN_NAME)) return pick('name');
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
  // A guess names a field by key and the column gets that field's county header, as the importer calls it.
  const pick = (key: string) => {
    const label = COLUMNS[kind].find((f) => f.key === key)?.label;
    if (!label) throw new Error(`pasteTable: ${kind} has no column ${key}`);
    return used.has(label) ? null : (used.add(label), label);
  };
  return GUESSES[kind](all, pick, vals);
}

/** The pasted block as a tab-separated file with a header row; null when it is not a table (a single value). */
export function pastedTable(text: string, kind: PasteKind = 'persons'): PastedTable | null {
  const rows = splitPasted(text);
  if (!rows.length || !rows.some((r) => r.length > 1)) return null;
  const width = Math.max(...rows.map((r) => r.length));
  // Two header names in the first line: a data row hardly ever holds two column names.
  const names = namesOf(kind);
  const hasHeader = rows[0].filter((c) => names.has(normLabel(c))).length >= 2;
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
