import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageAt, checkDigit, isRealDate, validateId } from '../../shared/idcard';
import { coerceAmount, coerceDate, coerceInt, unitFromHeader } from '../../electron/backend/import/coerce';
import { cellText, rowShape } from '../../electron/backend/import/header';

// Property tests: generated inputs in every form a county sheet carries, checked against the value
// they were made from. A failing case is printed by fast-check with its seed, shrunk to the smallest.
const RUNS = { numRuns: 1000 };
const TODAY = new Date(Date.UTC(2026, 0, 1));
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
/** Full-width digits and punctuation, as WPS and some county systems write them. */
const wide = (s: string) => s.replace(/[0-9.,/\-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

const realDate = fc.integer({ min: 1900, max: 2100 }).chain((y) => fc.integer({ min: 1, max: 12 }).chain((m) =>
  fc.integer({ min: 1, max: daysIn(y, m) }).map((d) => ({ y, m, d, iso: `${y}-${pad(m)}-${pad(d)}` }))));

describe('身份证号 (GB 11643) properties', () => {
  const birth = fc.integer({ min: 1900, max: 2025 }).chain((y) => fc.integer({ min: 1, max: 12 }).chain((m) =>
    fc.integer({ min: 1, max: daysIn(y, m) }).map((d) => `${y}${pad(m)}${pad(d)}`)));
  const validIdArb = fc.tuple(fc.integer({ min: 110000, max: 659999 }), birth, fc.integer({ min: 0, max: 999 }))
    .map(([region, b, seq]) => { const first17 = `${region}${b}${pad(seq, 3)}`; return first17 + checkDigit(first17); });

  it('a generated ID with a real birth date and the right check digit validates, with birth date and sex derived', () => {
    fc.assert(fc.property(validIdArb, (id) => {
      const r = validateId(id, TODAY);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.info.id).toBe(id);
      expect(r.info.birthDate).toBe(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`);
      expect(r.info.sex).toBe(Number(id[16]) % 2 === 1 ? '男' : '女');
    }), RUNS);
  });

  it('changing any one character (a digit, or the check character) makes it invalid', () => {
    fc.assert(fc.property(validIdArb, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (id, pos, shift) => {
      const alphabet = pos === 17 ? '0123456789X' : '0123456789';
      const i = alphabet.indexOf(id[pos]);
      const replaced = alphabet[(i + (shift % alphabet.length || 1)) % alphabet.length];
      fc.pre(replaced !== id[pos]);
      const changed = id.slice(0, pos) + replaced + id.slice(pos + 1);
      const r = validateId(changed, TODAY);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(['checksum', 'birth']).toContain(r.problem);
    }), RUNS);
  });

  it('a lower-case x check character, full-width digits and spaces are accepted and normalized', () => {
    fc.assert(fc.property(validIdArb.filter((id) => id.endsWith('X')), (id) => {
      const r = validateId(id.toLowerCase(), TODAY);
      expect(r.ok && r.info.id).toBe(id);
    }), { numRuns: 300 });
    fc.assert(fc.property(validIdArb, (id) => {
      const r = validateId(` ${wide(id.slice(0, 6))} ${id.slice(6)}\u3000`, TODAY);
      expect(r.ok && r.info.id).toBe(id);
    }), { numRuns: 300 });
  });

  it('an impossible birth date is refused as such even with a matching check digit', () => {
    const impossible = fc.integer({ min: 1900, max: 2025 }).chain((y) => fc.oneof(
      fc.tuple(fc.constant(y), fc.integer({ min: 1, max: 12 }).chain((m) => fc.tuple(fc.constant(m), fc.integer({ min: daysIn(y, m) + 1, max: 99 })))),
      fc.tuple(fc.constant(y), fc.tuple(fc.constantFrom(0, 13, 19, 99), fc.integer({ min: 1, max: 28 }))),
      fc.tuple(fc.constant(y), fc.tuple(fc.integer({ min: 1, max: 12 }), fc.constant(0))),
    ));
    fc.assert(fc.property(impossible, fc.integer({ min: 110000, max: 659999 }), ([y, [m, d]], region) => {
      const first17 = `${region}${y}${pad(m)}${pad(d)}123`;
      const r = validateId(first17 + checkDigit(first17), TODAY);
      expect(r.ok || r.problem).toBe('birth');
    }), RUNS);
  });
});

describe('date coercion properties', () => {
  const excelSerial = (y: number, m: number, d: number) => {
    const days = (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000;
    return Date.UTC(y, m - 1, d) < Date.UTC(1900, 2, 1) ? days - 1 : days; // Excel's phantom 1900-02-29
  };
  const forms: [string, (x: { y: number; m: number; d: number }) => string | number | Date][] = [
    ['YYYY-MM-DD', ({ y, m, d }) => `${y}-${pad(m)}-${pad(d)}`],
    ['YYYY/M/D', ({ y, m, d }) => `${y}/${m}/${d}`],
    ['YYYY.MM.DD', ({ y, m, d }) => `${y}.${pad(m)}.${pad(d)}`],
    ['YYYY.M.D', ({ y, m, d }) => `${y}.${m}.${d}`],
    ['YYYY年M月D日', ({ y, m, d }) => `${y}年${m}月${d}日`],
    ['YYYYMMDD text', ({ y, m, d }) => `${y}${pad(m)}${pad(d)}`],
    ['YYYYMMDD number', ({ y, m, d }) => Number(`${y}${pad(m)}${pad(d)}`)],
    ['full-width YYYY-MM-DD', ({ y, m, d }) => wide(`${y}-${pad(m)}-${pad(d)}`)],
    ['with spaces', ({ y, m, d }) => ` ${y} 年 ${m} 月 ${d} 日 `],
    ['Excel serial', ({ y, m, d }) => excelSerial(y, m, d)],
    ['Excel serial with a time', ({ y, m, d }) => excelSerial(y, m, d) + 0.75],
    ['Excel serial as text', ({ y, m, d }) => String(excelSerial(y, m, d))],
    ['date cell', ({ y, m, d }) => new Date(Date.UTC(y, m - 1, d))],
  ];

  it.each(forms)('every real date written as %s coerces back to the same ISO date', (_name, render) => {
    fc.assert(fc.property(realDate, (x) => {
      expect(coerceDate(render(x))).toEqual({ ok: true, value: x.iso });
    }), RUNS);
  });

  it('Excel serial 60 (the 1900-02-29 Excel invents) is refused, its neighbours are not', () => {
    expect(coerceDate(59)).toEqual({ ok: true, value: '1900-02-28' });
    expect(coerceDate(60).ok).toBe(false);
    expect(coerceDate(61)).toEqual({ ok: true, value: '1900-03-01' });
    expect(coerceDate(1)).toEqual({ ok: true, value: '1900-01-01' });
  });

  it('an impossible date is refused in every written form', () => {
    const impossible = fc.integer({ min: 1900, max: 2100 }).chain((y) => fc.oneof(
      fc.integer({ min: 1, max: 12 }).chain((m) => fc.integer({ min: daysIn(y, m) + 1, max: 39 }).map((d) => ({ y, m, d }))),
      fc.integer({ min: 1, max: 28 }).chain((d) => fc.constantFrom(0, 13, 20, 99).map((m) => ({ y, m, d }))),
      fc.integer({ min: 1, max: 12 }).map((m) => ({ y, m, d: 0 })),
    ));
    const textForms = forms.filter(([n]) => !/serial|date cell/.test(n)).map(([, f]) => f);
    fc.assert(fc.property(impossible, fc.constantFrom(...textForms), (x, render) => {
      expect(isRealDate(x.y, x.m, x.d)).toBe(false);
      const r = coerceDate(render(x));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toContain('无法识别');
    }), RUNS);
  });
});

describe('amount coercion properties', () => {
  const group = (digits: string, sep: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  /** Integer 分 as 元 text with 0, 1 or 2 decimals (as few as the value needs, or always 2). */
  const yuanText = (fen: number, fixed: boolean) => {
    const neg = fen < 0 ? '-' : ''; const a = Math.abs(fen);
    const y = String(Math.floor(a / 100)), c = pad(a % 100);
    if (fixed) return { neg, y, frac: c };
    return { neg, y, frac: c === '00' ? '' : c.endsWith('0') ? c[0] : c };
  };
  const show = ({ neg, y, frac }: { neg: string; y: string; frac: string }, sep = '') => `${neg}${sep ? group(y, sep) : y}${frac ? `.${frac}` : ''}`;
  const fenArb = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 99_999_999_999 }), fc.integer({ min: -9_999_999, max: 0 }));

  const yuanForms: [string, (fen: number) => string | number][] = [
    ['plain', (f) => show(yuanText(f, false))],
    ['two decimals', (f) => show(yuanText(f, true))],
    ['元 suffix', (f) => `${show(yuanText(f, false))}元`],
    ['¥ prefix', (f) => `¥${show(yuanText(f, true))}`],
    ['thousands separators', (f) => show(yuanText(f, true), ',')],
    ['full-width digits', (f) => wide(show(yuanText(f, false)))],
    ['full-width with separators and 元', (f) => `${wide(show(yuanText(f, true), ','))}元`],
    ['Chinese comma separators', (f) => show(yuanText(f, false), '，')],
    ['number cell', (f) => Number(show(yuanText(f, false)))],
  ];

  it.each(yuanForms)('any 分 value written in 元 (%s) coerces back to the same 分 exactly', (_name, render) => {
    fc.assert(fc.property(fenArb, (fen) => {
      expect(coerceAmount(render(fen), unitFromHeader('金额（元）'))).toEqual({ ok: true, value: fen });
    }), RUNS);
  });

  /** 分 as 万元: six decimals at most, trailing zeros dropped. */
  const wanText = (fen: number) => {
    const neg = fen < 0 ? '-' : ''; const a = Math.abs(fen);
    const frac = String(a % 1_000_000).padStart(6, '0').replace(/0+$/, '');
    return `${neg}${Math.floor(a / 1_000_000)}${frac ? `.${frac}` : ''}`;
  };
  const wanForms: [string, string, (fen: number) => string | number][] = [
    ['text under a 万元 header', '贷款金额（万元）', wanText],
    ['number under a 万元 header', '贷款金额(万元)', (f) => Number(wanText(f))],
    ['full-width under a 万元 header', '贷款金额（万元）', (f) => wide(wanText(f))],
    ['万 suffix under a 元 header', '贷款金额', (f) => `${wanText(f)}万`],
    ['万元 suffix under a 元 header', '贷款金额（元）', (f) => `${wanText(f)}万元`],
  ];

  it.each(wanForms)('any 分 value written in 万元 (%s) coerces back to the same 分 exactly', (_name, header, render) => {
    fc.assert(fc.property(fenArb, (fen) => {
      expect(coerceAmount(render(fen), unitFromHeader(header))).toEqual({ ok: true, value: fen });
    }), RUNS);
  });

  it('text that is not an amount is refused, never read as 0', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 12 }).filter((s) => /[^\d\s.,，元¥￥万\-０-９．，]/.test(s)), (s) => {
      const r = coerceAmount(s, 'yuan');
      expect(r.ok).toBe(false);
    }), RUNS);
  });
});

// The per-cell fast paths of a large import (character tests instead of trim and regexes) against the
// plain definitions they shortcut, over cells made of the characters that matter: whitespace of every
// kind, full-width forms, the first characters of 合计/审核人 lines, digits, letters and CJK.
describe('per-cell fast paths agree with their plain definitions', () => {
  const chars = [' ', '\t', '\n', '\u00a0', '\u3000', '\ufeff', '\u2003', '合', '计', '小', '审', '核', '人', '：', '王', '村', 'a', '1', '０', 'Ｘ', '·', '\u3001'];
  const cell = fc.array(fc.constantFrom(...chars), { maxLength: 6 }).map((a) => a.join(''));
  const SKIP_WORDS = /^(合计|小计|总计|共计|审核人|审核|填表人|制表人|填报人|单位负责人|负责人[:：]|分管领导[:：])/;
  const plainRowShape = (cells: (string | number | null)[]) => {
    let filled = 0;
    for (const c of cells) {
      if (c == null || c === '') continue;
      if (typeof c === 'string') {
        if (!c.trim()) continue;
        if (/^\s*[合小总共审填制单负分]/.test(c) && SKIP_WORDS.test(c.replace(/\s/g, ''))) return { filled: filled + 1, skip: true };
      }
      filled++;
    }
    return { filled, skip: filled === 0 };
  };

  it('cellText is the trimmed text', () => {
    fc.assert(fc.property(fc.oneof(cell, fc.string(), fc.integer(), fc.double()), (v) => { expect(cellText(v)).toBe(String(v).trim()); }), RUNS);
  });
  it('rowShape counts and skips as trim and the regexes do', () => {
    fc.assert(fc.property(fc.array(fc.oneof(cell, fc.constant(null), fc.integer()), { maxLength: 8 }), (cells) => {
      expect(rowShape(cells)).toEqual(plainRowShape(cells));
    }), RUNS);
  });
  it('an integer stored as a number reads as its text does', () => {
    fc.assert(fc.property(fc.oneof(fc.integer(), fc.constant(-0), fc.constant(1e21), fc.double({ noNaN: false })), (n) => {
      expect(coerceInt(n)).toEqual(coerceInt(String(n)));
    }), RUNS);
  });
  it('isRealDate is the calendar (every day, month and year from 1800 to 2400, and the impossible ones)', () => {
    for (let y = 1800; y <= 2400; y++) for (let m = 0; m <= 13; m++) for (let d = 0; d <= 32; d++) {
      const t = new Date(Date.UTC(y, m - 1, d));
      const real = m >= 1 && m <= 12 && d >= 1 && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
      if (isRealDate(y, m, d) !== real) expect({ y, m, d, real }).toBe('as the calendar says');
    }
  });
  it('ageAt counts whole years as splitting the two dates does, for dates of every form', () => {
    const plainAge = (birth: string, on: string) => {
      const [by, bm, bd] = birth.split('-').map(Number);
      const [y, m, d] = on.split('-').map(Number);
      let age = y - by;
      if (m < bm || (m === bm && d < bd)) age--;
      return age;
    };
    const iso = realDate.map((x) => x.iso);
    const odd = fc.oneof(iso, fc.constant('2024-1-05'), fc.constant('2024/01/05'), fc.constant(''), fc.string({ maxLength: 11 }),
      fc.tuple(iso, fc.integer({ min: 0, max: 9 }), fc.constantFrom('x', '-', ' ', '0')).map(([s, i, c]) => s.slice(0, i) + c + s.slice(i + 1)));
    fc.assert(fc.property(fc.oneof(iso, odd), fc.oneof(iso, odd), (birth, on) => { expect(ageAt(birth, on)).toBe(plainAge(birth, on)); }), RUNS);
  });
});
