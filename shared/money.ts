import { stripSpaces, toHalfWidth } from './text';

/**
 * Parses an amount to integer 分 without binary floating point: the decimal string is split
 * into integer and fraction digits. unit 'wan' multiplies by 10,000 (县里的贷款金额常以万元填报).
 */
export function parseAmountFen(v: unknown, unit: 'yuan' | 'wan' = 'yuan'): number | null {
  if (v == null || v === '') return null;
  let s: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    // Shortest round-trip representation, then exact decimal arithmetic on its digits.
    s = String(v);
    if (/e/i.test(s)) s = v.toFixed(10);
  } else {
    // 500元/月 and 1000元/人 carry the unit of the rate in the cell; the number is what counts.
    s = stripSpaces(toHalfWidth(String(v))).replace(/(?:\/|每)(?:人月|人|月|年)$/, '').replace(/[,，元¥￥]/g, '');
    if (s.endsWith('万')) { s = s.slice(0, -1); unit = 'wan'; }
  }
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const shift = unit === 'wan' ? 6 : 2; // digits after the point that still count as whole 分
  const frac = (m[3] ?? '').padEnd(shift + 1, '0');
  const whole = BigInt((m[2] || '0') + frac.slice(0, shift));
  const roundUp = Number(frac[shift]) >= 5 ? 1n : 0n; // half-up on the first dropped digit
  const fen = Number(whole + roundUp);
  return m[1] ? -fen : fen;
}

export function fenToYuan(fen: number): number {
  return Math.round(fen) / 100;
}

export function formatYuan(fen: number): string {
  const neg = fen < 0; const a = Math.abs(Math.round(fen));
  // Grouped by hand: toLocaleString builds a number formatter on every call, and a 工资表 formats thousands.
  const y = String(Math.floor(a / 100)).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${neg ? '-' : ''}${y}.${String(a % 100).padStart(2, '0')}`;
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const UNITS = ['', '拾', '佰', '仟'];
const BIG = ['', '万', '亿', '万亿'];

/** 大写金额 in the form banks and 财政 vouchers use, e.g. 70396.00 → 柒万零叁佰玖拾陆元整. */
export function amountInWords(fen: number): string {
  if (!Number.isInteger(fen)) fen = Math.round(fen);
  if (fen === 0) return '零元整';
  const neg = fen < 0; fen = Math.abs(fen);
  const yuan = Math.floor(fen / 100), jiao = Math.floor(fen / 10) % 10, fenD = fen % 10;
  let out = '';
  if (yuan > 0) {
    const groups: number[] = [];
    for (let n = yuan; n > 0; n = Math.floor(n / 10000)) groups.push(n % 10000);
    let zeroPending = false;
    for (let g = groups.length - 1; g >= 0; g--) {
      const grp = groups[g];
      if (grp === 0) { zeroPending = out !== ''; continue; }
      if (out !== '' && (grp < 1000 || zeroPending)) out += '零';
      zeroPending = false;
      let s = '', zero = false;
      for (let i = 3; i >= 0; i--) {
        const d = Math.floor(grp / 10 ** i) % 10;
        if (d === 0) { zero = s !== ''; continue; }
        if (zero) { s += '零'; zero = false; }
        s += DIGITS[d] + UNITS[i];
      }
      out += s + BIG[g];
    }
    out += '元';
  }
  if (jiao === 0 && fenD === 0) return (neg ? '负' : '') + out + '整';
  if (jiao > 0) out += DIGITS[jiao] + '角';
  else if (yuan > 0) out += '零';
  if (fenD > 0) out += DIGITS[fenD] + '分';
  else out += '整';
  return (neg ? '负' : '') + out;
}
