import { describe, expect, it } from 'vitest';
import { amountInWords, formatYuan, parseAmountFen } from '../../shared/money';
import { excelSerialToIso, parseDate } from '../../shared/dates';
import { cleanText, looksLikeFormula, stripSpaces, toHalfWidth } from '../../shared/text';

describe('money', () => {
  it('parses yuan and 万元 to integer fen without floating point drift', () => {
    expect(parseAmountFen(0.1 + 0.2)).toBe(30);
    expect(parseAmountFen('1,234.56')).toBe(123456);
    expect(parseAmountFen(3.5, 'wan')).toBe(3500000);
    expect(parseAmountFen('4.9999', 'wan')).toBe(4999900);
    expect(parseAmountFen('５万')).toBe(5000000);
    expect(parseAmountFen('12.345')).toBe(1235);
    expect(parseAmountFen('abc')).toBeNull();
    expect(parseAmountFen('')).toBeNull();
  });
  it('writes 大写金额 as bank vouchers do', () => {
    expect(amountInWords(0)).toBe('零元整');
    expect(amountInWords(5)).toBe('伍分');
    expect(amountInWords(1000)).toBe('壹拾元整');
    expect(amountInWords(10050)).toBe('壹佰元伍角整');
    expect(amountInWords(1001000)).toBe('壹万零壹拾元整');
    expect(amountInWords(100000001)).toBe('壹佰万元零壹分');
    expect(amountInWords(7039600)).toBe('柒万零叁佰玖拾陆元整');
    expect(amountInWords(1000000000)).toBe('壹仟万元整');
  });
  it('formats fen as yuan', () => {
    expect(formatYuan(7039600)).toBe('70,396.00');
  });
});

describe('dates in every county format', () => {
  it.each([
    ['2023-01-01', '2023-01-01'], ['2023.1.1', '2023-01-01'], ['2023/01/01', '2023-01-01'], ['20230101', '2023-01-01'],
    ['2023年1月1日', '2023-01-01'], ['２０２３年１月１日', '2023-01-01'], [' 2023-1-5 ', '2023-01-05'], ['2023-03', '2023-03-01'],
  ])('%s → %s', (input, out) => expect(parseDate(input)).toBe(out));
  it('reads Excel serials and date cells', () => {
    expect(parseDate(44927)).toBe('2023-01-01');
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(parseDate(new Date(Date.UTC(2023, 0, 1)))).toBe('2023-01-01');
    expect(parseDate(20230101)).toBe('2023-01-01');
  });
  it('refuses what is not a date', () => {
    expect(parseDate('2023-02-30')).toBeNull();
    expect(parseDate('明年')).toBeNull();
  });
});

describe('text', () => {
  it('converts full-width to half-width and strips spaces', () => {
    expect(toHalfWidth('１２３ＡＢ（）')).toBe('123AB()');
    expect(stripSpaces(' 1 2\u30003 ')).toBe('123');
    expect(cleanText('  王  建国 ')).toBe('王 建国');
  });
  it('spots formula-looking text', () => {
    for (const s of ['=1+1', '+1', '-2+3', '@SUM(A1)']) expect(looksLikeFormula(s)).toBe(true);
    expect(looksLikeFormula('王建国')).toBe(false);
  });
});
