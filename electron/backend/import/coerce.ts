import { normalizeId } from '../../../shared/idcard';
import { parseDate } from '../../../shared/dates';
import { parseAmountFen } from '../../../shared/money';
import { FORMULA_START, cleanText, stripSpaces, toHalfWidth } from '../../../shared/text';
import type { Cell } from './read';

/** Excel refuses more than this in one cell; anything longer was not typed by a person. */
export const MAX_CELL = 32767;

export type Coerced<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Coerced<T> => ({ ok: true, value });
const bad = (message: string): Coerced<never> => ({ ok: false, message });

/** Our own exports guard formula-like text with a leading apostrophe; take it off again. */
function unguard(s: string): string {
  return s.length > 1 && s[0] === "'" && FORMULA_START.test(s.slice(1, 2)) ? s.slice(1) : s;
}

/**
 * Equal as the importer reads text. The forms store free text as typed (line breaks, double
 * spaces); coerceText folds those when the text comes back from a file. The same words laid out
 * differently are the same value: our own export must import back as 未变.
 */
export function sameText(fromFile: unknown, inLedger: unknown): boolean {
  if (fromFile === inLedger) return true;
  return typeof fromFile === 'string' && typeof inLedger === 'string' && cleanText(fromFile) === cleanText(inLedger);
}

export function coerceText(v: Cell, max = 200): Coerced<string | null> {
  if (v == null) return ok(null);
  const raw = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  if (raw.length > max) return bad(`内容过长（${raw.length} 个字符，最多 ${max} 个）`);
  const s = cleanText(unguard(raw));
  return ok(s || null);
}

export type IdCoerced = { ok: true; value: string | null } | { ok: false; message: string; damaged: true; digits: string };

/**
 * An ID that Excel stored as a number keeps only 15 significant digits (1.40724E+17, or
 * …000 at the end): the rest is gone and must never be guessed.
 */
export function coerceId(v: Cell): IdCoerced {
  if (v == null || v === '') return { ok: true, value: null };
  if (typeof v === 'number') {
    const digits = Number.isFinite(v) ? BigInt(Math.round(v)).toString() : '';
    return { ok: false, damaged: true, digits: significant(digits, 15), message: `身份证号被存成了数字（${v.toPrecision(6).replace('e+', 'E+')}），后几位已经丢失，无法恢复。请把该列设为“文本”格式后重新录入这一行的身份证号` };
  }
  // A leading apostrophe is the text guard typed in front of long digits; it is not part of the ID.
  const s = normalizeId(String(v).replace(/^\s*['‘’`]/, ''));
  const sci = /^(\d)(?:\.(\d+))?E\+?(\d+)$/i.exec(s);
  if (sci) {
    return { ok: false, damaged: true, digits: sci[1] + (sci[2] ?? ''), message: `身份证号显示为科学计数法（${s}），后几位已经丢失，无法恢复。请把该列设为“文本”格式后重新录入这一行的身份证号` };
  }
  return { ok: true, value: s };
}

function significant(digits: string, n: number): string {
  return digits.slice(0, n);
}

/** 18 digits ending in 000 with a bad check digit is what a number-formatted ID looks like after re-typing as text. */
export function looksPrecisionLost(id: string): boolean {
  return /^\d{15}000$/.test(id);
}

export function coerceDate(v: Cell): Coerced<string | null> {
  if (v == null || v === '') return ok(null);
  const d = parseDate(v);
  return d ? ok(d) : bad(`日期“${String(v instanceof Date ? v.toISOString() : v).slice(0, 30)}”无法识别，请写成 2023-01-01 这样的格式`);
}

/**
 * A start–end pair in one cell (聘用起止日期, 务工起止时间): 2023.1.1-2023.12.31, 2023-01-01至2023-12-31,
 * 2023年3月1日～2023年12月31日, or an open end (至今). A lone '-' is ambiguous with 2023-01-01, so every
 * separator position is tried until both sides read as dates.
 */
const DATED = /^\d{4}(?:[-./年]\d|\d{4}$)/;

export function coercePeriod(v: Cell): Coerced<{ start: string; end: string | null } | null> {
  if (v == null || v === '') return ok(null);
  const s = stripSpaces(toHalfWidth(v instanceof Date ? v.toISOString().slice(0, 10) : String(v)));
  if (!s) return ok(null);
  const seps = /至|到|~|～|—|–|－|-/g;
  for (let m = seps.exec(s); m; m = seps.exec(s)) {
    const left = s.slice(0, m.index), right = s.slice(m.index + m[0].length).replace(/^[-—]+/, '');
    // Each side needs a year and a month: a bare 2023 would read as an Excel serial.
    const start = DATED.test(left) ? parseDate(left) : null;
    if (!start) continue;
    if (/^(今|至今|现在|在岗|)$/.test(right)) return ok({ start, end: null });
    const end = DATED.test(right) ? parseDate(right) : null;
    if (end) return ok({ start, end });
  }
  return bad(`起止时间“${s.slice(0, 40)}”无法识别，请写成 2023-01-01至2023-12-31`);
}

export function coerceAmount(v: Cell, unit: 'yuan' | 'wan'): Coerced<number | null> {
  if (v == null || v === '') return ok(null);
  const fen = parseAmountFen(v, unit);
  return fen == null ? bad(`金额“${String(v).slice(0, 30)}”不是数字`) : ok(fen);
}

export function coerceInt(v: Cell): Coerced<number | null> {
  if (v == null || v === '') return ok(null);
  if (typeof v === 'number' && Number.isInteger(v)) return ok(v === 0 ? 0 : v); // as read through its text below: -0 is 0
  const s = stripSpaces(toHalfWidth(String(v))).replace(/[人年户个天]$/, '');
  const n = Number(s);
  return Number.isInteger(n) ? ok(n) : bad(`“${String(v).slice(0, 30)}”不是整数`);
}

const TERM_WORDS: Record<string, number> = { 半年: 6, 一年: 12, 一年半: 18, 两年: 24, 二年: 24, 三年: 36, 五年: 60 };

/**
 * A term in whole months as counties write it: 12, 12个月, 12月, 1年, 0.5年, 1年6个月. A bare number is
 * months unless the column's header says 年 (期限（年）) and not 月.
 */
export function coerceMonths(v: Cell, header = ''): Coerced<number | null> {
  if (v == null || v === '') return ok(null);
  const bare = /年/.test(header) && !/月/.test(header) ? 12 : 1;
  if (typeof v === 'number') return Number.isInteger(v * bare) && v >= 0 ? ok(v * bare) : bad(`“${v}”应为整月数`);
  const s = stripSpaces(toHalfWidth(String(v)));
  if (TERM_WORDS[s] !== undefined) return ok(TERM_WORDS[s]);
  const m = /^(?:(\d+(?:\.\d+)?)年)?(?:(\d+)(?:个)?月)?$/.exec(s);
  const n = Number(s);
  const months = m && (m[1] || m[2]) ? Number(m[1] ?? 0) * 12 + Number(m[2] ?? 0) : s && Number.isFinite(n) ? n * bare : NaN;
  return Number.isInteger(months) && months >= 0 ? ok(months) : bad(`“${s.slice(0, 20)}”无法识别，请写成月数（如 12 或 12个月）`);
}

const YES = new Set(['是', 'y', 'yes', '1', 'true', '√', '✓', '已消除', '有']);
const NO = new Set(['否', 'n', 'no', '0', 'false', '×', '未消除', '无']);

export function coerceBool(v: Cell): Coerced<boolean | null> {
  if (v == null || v === '') return ok(null);
  if (typeof v === 'boolean') return ok(v);
  const s = stripSpaces(toHalfWidth(String(v))).toLowerCase();
  if (YES.has(s)) return ok(true);
  if (NO.has(s)) return ok(false);
  return bad(`“${String(v).slice(0, 20)}”应填“是”或“否”`);
}

/** Phones and account numbers: digits only (a dash allowed in landlines), no spaces. */
export function coerceDigits(v: Cell): Coerced<string | null> {
  if (v == null || v === '') return ok(null);
  if (typeof v === 'number') return ok(Number.isSafeInteger(v) ? String(v) : BigInt(Math.round(v)).toString());
  const s = stripSpaces(toHalfWidth(String(v))).replace(/^['‘’`](?=\d)/, '');
  return ok(s || null);
}

/** Amount unit from the header text: 万元 columns are multiplied by 10,000. */
export function unitFromHeader(header: string): 'yuan' | 'wan' {
  return /万元|（万）|\(万\)/.test(toHalfWidth(header)) ? 'wan' : 'yuan';
}
