import { validateId } from '../../../../shared/idcard';
import { parseMonth } from '../../../../shared/dates';
import { isValidPhone } from '../../../../shared/domain';
import { toHalfWidth } from '../../../../shared/text';
import { coerceAmount, coerceBool, coerceDate, coerceDigits, coerceId, coerceInt, coerceMonths, coerceText, looksPrecisionLost, unitFromHeader } from '../coerce';
import type { FieldSpec } from '../header';
import type { ParsedRow, RowAccess, RowProblem } from './types';
import { AppError } from '../../errors';

/**
 * The ledger's today (Ctx.now) the row's file is staged on, for a parser's "not after today" and
 * "this year". Staging always parses with the file around the row; without it this is a programming
 * error, not a reason to fall back to the computer's clock (LEDGER_NOW would silently not hold).
 */
export function stagingToday(row: RowAccess): string {
  if (!row.file) throw new AppError('INTERNAL', '解析导入行时缺少文件信息（今天的日期）');
  return row.file.today;
}

/** What stands between two phone numbers in one cell (after toHalfWidth). */
const PHONE_SEPARATORS = /[/、,;，；\s]+/;

/**
 * Typed readers over one row for every import kind: each returns undefined when the sheet has
 * no such column (so nothing is compared or overwritten), null for an empty or bad cell, and
 * records a Chinese problem naming the column for a bad one.
 */
export function rowReader(row: RowAccess, labels: Record<string, string>, problems: RowProblem[]) {
  const bad = (field: string, message: string) => { problems.push({ field, message }); return null; };
  const label = (f: string) => labels[f] ?? f;
  return {
    text(f: string, max = 60): string | null | undefined {
      if (!row.has(f)) return undefined;
      const c = coerceText(row.get(f) ?? null, max);
      return c.ok ? c.value : bad(f, `${label(f)}${c.message}`);
    },
    date(f: string): string | null | undefined {
      if (!row.has(f)) return undefined;
      const c = coerceDate(row.get(f) ?? null);
      return c.ok ? c.value : bad(f, `${label(f)}：${c.message}`);
    },
    /** A month (月份) as YYYY-MM: 2026-03, 2026年3月, 202603 or a date in that month. */
    month(f: string): string | null | undefined {
      if (!row.has(f)) return undefined;
      const v = row.get(f) ?? null;
      if (v == null || v === '') return null;
      return parseMonth(v) ?? bad(f, `${label(f)}“${String(v instanceof Date ? v.toISOString().slice(0, 10) : v).slice(0, 30)}”无法识别，请写成 2026-03 或 2026年3月`);
    },
    int(f: string): number | null | undefined {
      if (!row.has(f)) return undefined;
      const c = coerceInt(row.get(f) ?? null);
      return c.ok ? c.value : bad(f, `${label(f)}${c.message}`);
    },
    /** A term in months (12, 12个月, 1年); a header in 年 makes a bare number years. */
    months(f: string): number | null | undefined {
      if (!row.has(f)) return undefined;
      const c = coerceMonths(row.get(f) ?? null, row.header(f));
      return c.ok ? c.value : bad(f, `${label(f)}${c.message}`);
    },
    bool(f: string): boolean | null | undefined {
      if (!row.has(f)) return undefined;
      const c = coerceBool(row.get(f) ?? null);
      return c.ok ? c.value : bad(f, `${label(f)}：${c.message}`);
    },
    /** Amounts in 元 or 万元, decided by the column's header. */
    amount(f: string): number | null | undefined {
      if (!row.has(f)) return undefined;
      const c = coerceAmount(row.get(f) ?? null, unitFromHeader(row.header(f)));
      return c.ok ? c.value : bad(f, `${label(f)}：${c.message}`);
    },
    /** Phones, card and account numbers: digits as text; a long number stored as a number has lost digits. */
    digits(f: string, what = label(f)): string | null | undefined {
      if (!row.has(f)) return undefined;
      const raw = row.get(f) ?? null;
      if (typeof raw === 'number' && raw > Number.MAX_SAFE_INTEGER) return bad(f, `${what}被存成了数字，后几位已经丢失。请把该列设为“文本”格式后重新录入`);
      const c = coerceDigits(raw);
      return c.ok ? c.value : null;
    },
    /** A 户编号: digits as text; one stored as a number gets back the leading zeros it lost (FileContext.householdNoLength). */
    householdNo(f = 'householdNo'): string | null | undefined {
      const d = this.digits(f);
      if (typeof row.get(f) !== 'number' || !d || !/^\d+$/.test(d)) return d;
      const len = row.file?.householdNoLength?.() ?? 0;
      return d.length < len ? d.padStart(len, '0') : d;
    },
    /**
     * A phone cell; a county cell often holds two numbers (13812345678/13912345678, or 、 or a space
     * between): the first valid one is kept rather than refusing the whole row.
     */
    phone(f: string): string | null | undefined {
      const raw = row.get(f);
      const text = typeof raw === 'string' ? toHalfWidth(raw) : '';
      if (PHONE_SEPARATORS.test(text)) { // split only a cell that has something to split at (most hold one number)
        const pieces = text.split(PHONE_SEPARATORS).map((p) => p.replace(/^['‘’`]/, '')).filter(Boolean);
        if (pieces.length > 1) { const first = pieces.find(isValidPhone); if (first) return first; }
      }
      return this.digits(f);
    },
    /**
     * The 身份证号 (field 'idNo'): normalized and validated; a number-stored ID is damaged and
     * never guessed, its surviving digits kept for a suggested fix.
     */
    id(name: string | null | undefined, idOverride?: string, missing = '缺少身份证号') {
      let damagedId: ParsedRow<unknown>['damagedId'];
      let idNo = '', sex = '', birthDate = '';
      const idc = idOverride ? { ok: true as const, value: idOverride } : coerceId(row.get('idNo') ?? null);
      if (!idc.ok) { bad('idNo', `身份证号损坏：${idc.message}`); damagedId = { digits: idc.digits, name: name ?? '' }; }
      else if (!idc.value) bad('idNo', missing);
      else {
        const v = validateId(idc.value, stagingToday(row));
        if (v.ok) ({ id: idNo, sex, birthDate } = v.info);
        else if (v.problem === 'checksum' && looksPrecisionLost(v.id)) {
          bad('idNo', `身份证号损坏：${v.id} 末尾是 000 且校验位不对，像是曾被存成数字后丢失了后几位，请核对原件重新录入`);
          damagedId = { digits: v.id.slice(0, 15), name: name ?? '' };
        } else bad('idNo', `${v.message}（${v.id}）`);
      }
      return { idNo, sex, birthDate, damagedId };
    },
  };
}

/** Same-key rows of one file: identical ones are repeats, different ones a conflict to resolve. */
export function duplicateMessages<R>(rows: { row: number; record: R }[], conflict: (x: { row: number; record: R }, others: string) => string, who: (r: R) => string) {
  const out = new Map<number, string>();
  const first = rows[0];
  const same = rows.every((x) => JSON.stringify(x.record) === JSON.stringify(first.record));
  if (same) for (const x of rows.slice(1)) out.set(x.row, `与第${first.row}行完全相同（重复行），本行不再导入`);
  else for (const x of rows) out.set(x.row, conflict(x, rows.filter((o) => o !== x).map((o) => `第${o.row}行（${who(o.record)}）`).join('、')));
  return out;
}

/**
 * The message when a sheet lacks required columns: which ones, what the sheet does have, and what
 * to do. `what` is the kind of table the clerk meant to import (人员名单, 小额信贷台账 …).
 */
export function missingColumnsMessage(what: string, missing: FieldSpec[], found: string[], labelOf: (f: FieldSpec) => string = (f) => f.label): string {
  return `未找到${missing.map(labelOf).join('/')}列，这张表不像${what}。表中找到的表头是：${found.filter(Boolean).slice(0, 20).join('、') || '（无）'}。`
    + '请确认选对了文件和工作表，或在导入时手动指定各列。';
}
