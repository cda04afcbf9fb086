import { stripSpaces, toHalfWidth } from './text';

/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and 21 capital letters (no I O Z S V).
 * 1 登记管理部门码, 2 机构类别码, 3–8 登记管理机关行政区划码, 9–17 主体标识码(组织机构代码),
 * 18 校验码 = 31 − (Σ value × weight mod 31), 31 → 0.
 */
export const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = 'empty' | 'length' | 'chars' | 'region' | 'checksum';
export type CreditCodeResult =
  | { ok: true; code: string }
  | { ok: false; code: string; problem: CreditCodeProblem; message: string; expected?: string };

/** Full-width forms, spaces and lowercase as typed or pasted from a licence scan. */
export function normalizeCreditCode(raw: string): string {
  return stripSpaces(toHalfWidth(String(raw ?? ''))).toUpperCase();
}

/** The 18th character for the first 17, or null when one of them is not allowed. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARS.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * WEIGHTS[i];
  }
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31];
}

export function validateCreditCode(raw: string): CreditCodeResult {
  const code = normalizeCreditCode(raw);
  if (!code) return { ok: false, code, problem: 'empty', message: '请填写统一社会信用代码（营业执照上的18位代码）' };
  if (code.length !== 18) {
    return { ok: false, code, problem: 'length', message: `统一社会信用代码应为18位，现在是${code.length}位，请对照营业执照核对` };
  }
  const bad = [...code].findIndex((c) => !CREDIT_CODE_CHARS.includes(c));
  if (bad >= 0) {
    const c = code[bad];
    const hint = c === 'I' || c === 'O' || c === 'Z' || c === 'S' || c === 'V' ? `（代码中不使用字母 I、O、Z、S、V，可能是把数字 1、0、2、5 或字母 U 看错了）` : '';
    return { ok: false, code, problem: 'chars', message: `统一社会信用代码第${bad + 1}位“${c}”不是允许的字符${hint}，请对照营业执照核对` };
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) {
    return { ok: false, code, problem: 'region', message: `统一社会信用代码第3–8位应为行政区划代码（6位数字），现在是“${code.slice(2, 8)}”，请核对` };
  }
  const expected = creditCodeCheckChar(code.slice(0, 17))!;
  if (expected !== code[17]) {
    return {
      ok: false, code, problem: 'checksum', expected,
      message: `统一社会信用代码 ${code} 的校验位（第18位）不对，按前17位应为“${expected}”。多半是抄错了某一位，请对照营业执照逐位核对`,
    };
  }
  return { ok: true, code };
}
