import { normLabel, type FieldSpec } from '../../../shared/importColumns';
import { plainCode } from '../../../shared/text';

// Kept importable from here: the header detection is where the importers meet these.
export { normLabel, type FieldSpec };
import type { Cell, Merge, SheetData } from './read';

export interface HeaderInfo {
  headerRow: number; // 0-based index of the (lower) header row
  firstDataRow: number;
  headers: string[]; // display labels, "上级/下级" for two-row headers
  mapping: Record<string, number | null>;
  missing: string[]; // required field keys without a column
  ambiguous: string[];
  score: number;
}

export function cellText(v: Cell): string {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'string' && plainCode(v.charCodeAt(0)) && plainCode(v.charCodeAt(v.length - 1))) return v; // nothing to trim
  return String(v).trim();
}

/** Copies each merge's anchor value into the covered cells, so merged headers and village blocks read as filled. */
export function applyMerges(sheet: SheetData): void {
  for (const m of sheet.merges) {
    const anchor = sheet.rows[m.top]?.[m.left] ?? null;
    if (anchor == null) continue;
    if ((m.bottom - m.top + 1) * (m.right - m.left + 1) > 200_000) continue; // whole-column merges are formatting, not data
    for (let r = m.top; r <= m.bottom; r++) {
      const row = sheet.rows[r] ?? (sheet.rows[r] = []);
      for (let c = m.left; c <= m.right; c++) if (row[c] == null) row[c] = anchor;
    }
  }
}

function isMergedAcross(merges: Merge[], r: number, c: number): boolean {
  return merges.some((m) => m.top <= r && r <= m.bottom && m.left <= c && c <= m.right && m.right > m.left);
}

export function matchField(fields: FieldSpec[], label: string): FieldSpec | undefined {
  const n = normLabel(label);
  if (!n) return undefined;
  return synonymIndex(fields).get(n);
}

/**
 * Each normalized synonym to the first field (in the kind's order) that has it: what a search of the
 * fields for every label would find, without normalizing every synonym again for each of the few
 * hundred cells a header scan reads (that was most of a header detection).
 */
const synonymIndexes = new WeakMap<FieldSpec[], Map<string, FieldSpec>>();

function synonymIndex(fields: FieldSpec[]): Map<string, FieldSpec> {
  let m = synonymIndexes.get(fields);
  if (!m) {
    m = new Map();
    for (const f of fields) for (const s of f.synonyms) { const n = normLabel(s); if (!m.has(n)) m.set(n, f); }
    synonymIndexes.set(fields, m);
  }
  return m;
}

const MAX_HEADER_SCAN = 30;

/**
 * Finds the header row: the row (within the first 30) whose labels match the most fields.
 * A row above it that groups columns (岗位信息 / 人员信息, merged across) makes the header two rows.
 */
export function detectHeader(sheet: SheetData, fields: FieldSpec[]): HeaderInfo | null {
  let best: HeaderInfo | null = null;
  const limit = Math.min(sheet.rows.length, MAX_HEADER_SCAN);
  for (let r = 0; r < limit; r++) {
    const row = sheet.rows[r] ?? [];
    const own = row.map(cellText);
    // An unmerged two-row header (CSV, or after WPS 取消合并): the upper row names the columns the lower leaves empty.
    const above = r > 0 ? (sheet.rows[r - 1] ?? []).map(cellText) : [];
    const stacked = above.some((t, c) => t && !own[c] && matchField(fields, t));
    const texts = stacked ? Array.from({ length: Math.max(own.length, above.length) }, (_, c) => own[c] || above[c] || '') : own;
    const nonEmpty = texts.filter(Boolean).length;
    if (nonEmpty < 2) continue;
    const used = new Set<string>();
    let score = 0;
    for (const t of texts) {
      const f = matchField(fields, t);
      if (f && !used.has(f.key)) { used.add(f.key); score += f.required ? 3 : 1; }
    }
    if (score === 0 || (best && score <= best.score)) continue;
    best = buildHeader(sheet, fields, r, score, stacked);
  }
  return best;
}

function buildHeader(sheet: SheetData, fields: FieldSpec[], r: number, score: number, stacked = false): HeaderInfo {
  const row = sheet.rows[r] ?? [];
  const above = r > 0 ? sheet.rows[r - 1] ?? [] : [];
  const width = Math.max(row.length, above.length);
  const headers: string[] = [];
  // A group row has several different labels and merges some across; a title or note merged over the whole width is not one.
  const distinctAbove = new Set(above.map((v) => cellText(v ?? null)).filter(Boolean));
  const aboveIsGroup = stacked || distinctAbove.size >= 2 && above.some((_, c) => isMergedAcross(sheet.merges, r - 1, c) && cellText(above[c]) !== cellText(row[c]));
  for (let c = 0; c < width; c++) {
    const leaf = cellText(row[c] ?? null);
    const group = aboveIsGroup ? cellText(above[c] ?? null) : '';
    headers.push(group && leaf && group !== leaf ? `${group}/${leaf}` : leaf || group);
  }
  const mapping: Record<string, number | null> = {};
  const ambiguous: string[] = [];
  for (const f of fields) {
    const cols = headers.map((h, c) => ({ h, c })).filter(({ h }) => {
      const leaf = h.includes('/') ? h.slice(h.lastIndexOf('/') + 1) : h;
      return matchField([f], leaf) || matchField([f], h);
    }).map(({ c }) => c);
    mapping[f.key] = cols[0] ?? null;
    if (cols.length > 1) ambiguous.push(f.key);
  }
  const missing = fields.filter((f) => f.required && mapping[f.key] == null).map((f) => f.key);
  return { headerRow: r, firstDataRow: r + 1, headers, mapping, missing, ambiguous, score };
}

/** The same header layout gets the same signature, so a mapping the clerk confirmed is offered again. */
export function headerSignature(kind: string, headers: string[]): string {
  return `${kind}:${headers.map(normLabel).join('|')}`;
}

const SKIP_WORDS = /^(合计|小计|总计|共计|审核人|审核|填表人|制表人|填报人|单位负责人|负责人[:：]|分管领导[:：])/;

const SKIP_FIRST = /^\s*[合小总共审填制单负分]/;
const SKIP_FIRST_CODES = new Set([...'合小总共审填制单负分'].map((ch) => ch.charCodeAt(0)));

/** How many cells hold something, and whether the row is a 合计/小计 or signature line (not data). */
export function rowShape(cells: Cell[]): { filled: number; skip: boolean } {
  let filled = 0;
  for (const c of cells) {
    if (c == null || c === '') continue;
    if (typeof c === 'string') {
      // A plain first character: not blank, and the first-character test needs no trim or regex.
      const plain = plainCode(c.charCodeAt(0));
      if (!plain && !c.trim()) continue;
      if ((plain ? SKIP_FIRST_CODES.has(c.charCodeAt(0)) : SKIP_FIRST.test(c)) && SKIP_WORDS.test(c.replace(/\s/g, ''))) return { filled: filled + 1, skip: true };
    }
    filled++;
  }
  return { filled, skip: filled === 0 };
}
