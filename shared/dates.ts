import { stripSpaces, toHalfWidth } from './text';

const pad = (n: number) => String(n).padStart(2, '0');

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  if (m === 2 && d === 29) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= MONTH_DAYS[m - 1];
}

function iso(y: number, m: number, d: number): string | null {
  return isRealDate(y, m, d) ? `${y}-${pad(m)}-${pad(d)}` : null;
}

/** Excel's 1900 system (with its phantom 1900-02-29): serial 1 = 1900-01-01, 60 is skipped. */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  const days = Math.floor(serial);
  // Excel counts a 1900-02-29 that never was (Lotus compatibility): serial 60 is no real day, and
  // the serials before it are one day earlier than the 1899-12-30 epoch gives.
  if (days === 60) return null;
  const ms = Date.UTC(1899, 11, days < 60 ? 31 : 30) + days * 86400000;
  return new Date(ms).toISOString().slice(0, 10);
}

export function dateToIso(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  // exceljs builds dates at UTC midnight; a time part from WPS (e.g. 23:59:59.999) rounds to the nearest day.
  const rounded = new Date(Math.round(d.getTime() / 86400000) * 86400000);
  return rounded.toISOString().slice(0, 10);
}

/**
 * County sheets carry dates as 2023-01-01, 2023.1.1, 2023/01/01, 20230101, 2023年1月1日,
 * 2023-1 (month only → first day), Excel serial numbers and real date cells.
 */
export function parseDate(v: unknown): string | null {
  if (v == null || v === '') return null;
  if (v instanceof Date) return dateToIso(v);
  if (typeof v === 'number') {
    if (v >= 19000101 && v <= 29991231 && Number.isInteger(v)) return parseDate(String(v));
    return excelSerialToIso(v);
  }
  // The time part goes before spaces are stripped: 2023/3/1 10:00 must not read as the 11th.
  const s = stripSpaces(toHalfWidth(String(v)).trim().replace(/(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/, ''));
  let m = /^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})[日号]?$/.exec(s);
  if (m) return iso(+m[1], +m[2], +m[3]);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return iso(+m[1], +m[2], +m[3]);
  m = /^(\d{4})[-./年](\d{1,2})月?$/.exec(s);
  if (m) return iso(+m[1], +m[2], 1);
  if (/^\d+(\.\d+)?$/.test(s)) return excelSerialToIso(Number(s));
  return null;
}

export function todayIso(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function addDays(isoDate: string, n: number): string {
  const t = Date.parse(isoDate + 'T00:00:00Z') + n * 86400000;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * A month cell (月份): 2026-03, 2026.3, 2026年3月, 202603, or any date (its month). YYYY-MM or null.
 * Six digits are YYYYMM here, never an Excel serial: the monitoring system writes months that way.
 */
export function parseMonth(v: unknown): string | null {
  if (v == null || v === '') return null;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 190001 && v <= 299912) return parseMonth(String(v));
  const s = typeof v === 'string' ? stripSpaces(toHalfWidth(v)) : '';
  const m = /^(\d{4})(\d{2})$/.exec(s) ?? /^(\d{4})[-./年](\d{1,2})月?(?:份)?$/.exec(s);
  if (m) return iso(+m[1], +m[2], 1)?.slice(0, 7) ?? null;
  return parseDate(v)?.slice(0, 7) ?? null;
}

/**
 * The months a title or note line names (XX乡2026年3月公益岗位工资发放表, 发放月份：2026-03), in order,
 * without duplicates. A full date (2026年4月5日, a 填报日期) names a day, not the pay month, and is skipped.
 */
export function monthsInText(text: string): string[] {
  const s = stripSpaces(toHalfWidth(text));
  const out: string[] = [];
  const re = /(\d{4})(?:年|[-./])(\d{1,2})(?!\d)(?:月(?!\d{1,2}[日号])|(?![-./]\d|月))/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const month = iso(+m[1], +m[2], 1)?.slice(0, 7);
    if (month && !out.includes(month)) out.push(month);
  }
  return out;
}
