/**
 * A block copied from Excel or WPS arrives as text: rows on lines, cells separated by tabs (cells with a
 * line break or tab quoted). The import reads it as a tab-separated file. Clerks usually copy only the
 * rows, not the header: then a header is put in front, guessed column by column from what the cells hold,
 * so the import preview can name the columns as it does for a county file.
 */

/** Header words that mean the block already starts with its header row (a subset of the importers' synonyms). */
const HEADER_WORDS = /^(序号|姓名|人员姓名|身份证号|身份证号码|证件号码|公民身份号码|性别|行政村|村|村名|户编号|户号|户类型|与户主关系|劳动技能|联系电话|电话|脱贫年度|监测对象类别|家庭人口数)$/;

const ID = /^\d{17}[\dXx]$/;
const RELATIONS = /^(户主|配偶|之子|之女|之孙子|之孙女|之父|之母|之儿媳|之女婿|之兄弟姐妹|孙子|孙女|儿子|女儿|父亲|母亲|其他)$/;

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

/** What a column most likely is, from its cells; null when nothing fits (the column is then named 第N列 and not imported). */
function guessColumn(cells: string[], used: Set<string>): string | null {
  const vals = cells.map((c) => c.trim()).filter(Boolean);
  if (!vals.length) return null;
  const all = (re: RegExp) => vals.every((v) => re.test(v));
  const pick = (label: string) => (used.has(label) ? null : (used.add(label), label));
  if (all(ID)) return pick('证件号码');
  if (all(/^[男女]$/)) return pick('性别');
  if (all(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/)) return pick('联系电话');
  if (all(/^(脱贫户|监测户|一般户|脱贫不稳定户|边缘易致贫户|突发严重困难户)$/)) return pick('户类型');
  if (all(RELATIONS)) return pick('与户主关系');
  if (all(/劳动力|劳动能力/)) return pick('劳动技能');
  if (all(/^(19|20)\d{2}$/)) return pick('脱贫年度');
  if (all(/^\d{12,16}$/)) return pick('户编号');
  if (all(/^\d{1,5}$/)) return pick('序号');
  if (all(/(村|社区|居委会)$/)) return pick('行政村');
  if (all(/^[\p{Script=Han}·]{2,6}$/u)) return pick('姓名');
  return null;
}

/** The pasted block as a tab-separated file with a header row; null when it is not a table (a single value). */
export function pastedTable(text: string): PastedTable | null {
  const rows = splitPasted(text);
  if (!rows.length || !rows.some((r) => r.length > 1)) return null;
  const width = Math.max(...rows.map((r) => r.length));
  const hasHeader = rows[0].filter((c) => HEADER_WORDS.test(c.trim().replace(/\s/g, ''))).length >= 2;
  const body = hasHeader ? rows.slice(1) : rows;
  let header = rows[0];
  if (!hasHeader) {
    const used = new Set<string>();
    // Left to right; each kind of column is named once (a second Han-text column stays 第N列).
    const guesses = Array.from({ length: width }, (_, c) => guessColumn(body.map((r) => r[c] ?? ''), used));
    header = guesses.map((g, c) => g ?? `第${c + 1}列`);
  }
  const esc = (c: string) => (/[\t\n"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  const line = (r: string[]) => Array.from({ length: width }, (_, c) => esc(r[c] ?? '')).join('\t');
  return { text: [line(header), ...body.map(line)].join('\n') + '\n', rows: body.length, guessedHeader: !hasHeader };
}
