import { isRealDate, todayIso } from './dates';
import { stripSpaces, toHalfWidth } from './text';

export { isRealDate };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdProblem = 'length' | 'chars' | 'birth' | 'checksum';

export interface IdInfo {
  id: string;
  birthDate: string; // YYYY-MM-DD
  sex: '男' | '女';
}

export type IdResult = { ok: true; info: IdInfo } | { ok: false; id: string; problem: IdProblem; message: string };

/** Full-width digits, spaces and a lowercase x are what WPS round trips leave behind. */
export function normalizeId(raw: string): string {
  if (/^\d{17}[\dX]$/.test(raw)) return raw;
  return stripSpaces(toHalfWidth(raw)).toUpperCase();
}

/** The check digit of an ID's first 17 digits (a longer string: of its first 17). */
export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK[sum % 11];
}

let todayCache = { at: 0, iso: '' };
function todayIsoCached(): string {
  const now = Date.now();
  // The computer's local date, as the clerk's calendar reads it (the UTC date is yesterday's until 08:00 in China).
  if (Math.abs(now - todayCache.at) > 60_000) todayCache = { at: now, iso: todayIso(new Date(now)) };
  return todayCache.iso;
}

/**
 * GB 11643: 18 characters, a real birth date not in the future, and the mod-11 check digit.
 * today: the ledger's today (YYYY-MM-DD, or a Date read as UTC) a birth date may not be after; the computer's clock without it.
 */
export function validateId(raw: string, today?: Date | string): IdResult {
  const id = normalizeId(raw);
  if (id.length !== 18) {
    return { ok: false, id, problem: 'length', message: `身份证号应为18位，实际为${id.length}位` };
  }
  if (!/^\d{17}[\dX]$/.test(id)) {
    return { ok: false, id, problem: 'chars', message: '身份证号只能是17位数字加1位数字或X' };
  }
  // Digits by character code (the regex above made them digits), not slices: this runs for every row of a 100k-row roster.
  const y = digitsAt(id, 6, 4), m = digitsAt(id, 10, 2), d = digitsAt(id, 12, 2);
  if (y < 1900 || !isRealDate(y, m, d)) return badBirth(id);
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const notAfter = typeof today === 'string' ? today : today ? today.toISOString().slice(0, 10) : todayIsoCached();
  if (birth > notAfter) return badBirth(id);
  const expected = checkDigit(id); // reads the first 17 characters
  if (expected !== id[17]) {
    return { ok: false, id, problem: 'checksum', message: `身份证号校验位错误（最后一位应为 ${expected}），请核对原件` };
  }
  return { ok: true, info: { id, birthDate: birth, sex: Number(id[16]) % 2 === 1 ? '男' : '女' } };
}

/** The n characters of s from `from` as a number when they are all ASCII digits, else -1. */
function digitsAt(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

const badBirth = (id: string): IdResult => ({ ok: false, id, problem: 'birth', message: `身份证号中的出生日期 ${id.slice(6, 14)} 不存在` });

/** YYYY-MM-DD as the number yyyymmdd; -1 for a string of any other form. */
function isoDigits(s: string): number {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return -1;
  const y = digitsAt(s, 0, 4), m = digitsAt(s, 5, 2), d = digitsAt(s, 8, 2);
  return y < 0 || m < 0 || d < 0 ? -1 : y * 10000 + m * 100 + d;
}

/** Whole years of age on a given ISO date. */
export function ageAt(birthDate: string, onDate: string): number {
  // Two YYYY-MM-DD dates (all the ledger stores) by their digits: the checks and the stats ask this for
  // every member of 8k 监测户 and every borrower, and splitting the strings was most of what it cost.
  const b = isoDigits(birthDate), o = isoDigits(onDate);
  if (b >= 0 && o >= 0) return Math.floor((o - b) / 10000);
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = onDate.split('-').map(Number);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age--;
  return age;
}

export interface MaskPattern { head: number; tail: number; stars: number }
export const DEFAULT_MASK: MaskPattern = { head: 6, tail: 4, stars: 8 };

/** Printed IDs keep the head and tail only; the stars count is fixed so the length does not leak. */
export function maskId(id: string, p: MaskPattern = DEFAULT_MASK): string {
  if (id.length <= p.head + p.tail) return id;
  return id.slice(0, p.head) + '*'.repeat(p.stars) + id.slice(id.length - p.tail);
}

export function maskPhone(phone: string): string {
  const s = phone.replace(/\D/g, '');
  if (s.length === 11) return s.slice(0, 3) + '****' + s.slice(7);
  if (s.length >= 7) return s.slice(0, 3) + '*'.repeat(s.length - 5) + s.slice(-2);
  return phone;
}
