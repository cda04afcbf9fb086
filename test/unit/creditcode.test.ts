import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, normalizeCreditCode, validateCreditCode } from '../../shared/creditcode';

describe('统一社会信用代码 (GB 32100) checksum', () => {
  it('accepts real-format codes, including one whose check character is a letter', () => {
    // The worked example of GB 32100-2015 and a Shanxi (昔阳县 140724) company code.
    for (const code of ['91350100M000100Y43', '91140724MA04009081', '91110000600037341L']) {
      expect(validateCreditCode(code)).toEqual({ ok: true, code });
    }
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckChar('91110000600037341')).toBe('L');
  });

  it('normalizes what clerks paste: spaces, full-width characters, lowercase', () => {
    expect(normalizeCreditCode(' ９１３５０１００ｍ０００１００ｙ４３ ')).toBe('91350100M000100Y43');
    expect(validateCreditCode('91350100 m000100y43').ok).toBe(true);
  });

  it('rejects a wrong check character and names the one expected', () => {
    const r = validateCreditCode('91350100M000100Y44');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem).toBe('checksum');
    expect(r.expected).toBe('3');
    expect(r.message).toContain('校验位');
    expect(r.message).toContain('应为“3”');
  });

  it('catches a single mistyped character and two swapped neighbours', () => {
    expect(validateCreditCode('91350100M000101Y43').ok).toBe(false); // one digit changed
    expect(validateCreditCode('91351000M000100Y43').ok).toBe(false); // 0 and 1 swapped
  });

  it('explains wrong length, forbidden letters and a region part that is not digits', () => {
    const short = validateCreditCode('91350100M000100Y4');
    expect(short.ok || short.problem).toBe('length');
    expect(short.ok || short.message).toContain('18位');
    const letterO = validateCreditCode('91350100MO00100Y43');
    expect(letterO.ok || letterO.problem).toBe('chars');
    expect(letterO.ok || letterO.message).toContain('第10位“O”');
    const region = validateCreditCode('9135A100M000100Y43');
    expect(region.ok || region.problem).toBe('region');
    const empty = validateCreditCode('');
    expect(empty.ok || empty.problem).toBe('empty');
  });

  it('finds that most codes in the sample ledger do not pass (they are made up)', () => {
    expect(validateCreditCode('91140724MA07522360').ok).toBe(false);
    expect(validateCreditCode('91140724MA04009081').ok).toBe(true);
  });
});
