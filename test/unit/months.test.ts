import { describe, expect, it } from 'vitest';
import { monthsInText, parseMonth } from '../../shared/dates';

describe('parseMonth: a 月份 cell', () => {
  it('reads the ways counties write a month', () => {
    for (const v of ['2026-03', '2026-3', '2026.3', '2026/03', '2026年3月', '2026年03月份', '202603', 202603, '２０２６年３月', '2026-03-15', new Date(Date.UTC(2026, 2, 15))]) {
      expect(parseMonth(v), String(v)).toBe('2026-03');
    }
  });
  it('refuses what is not a month', () => {
    for (const v of ['2026-13', '13月', 'abc', '2026年']) expect(parseMonth(v), String(v)).toBeNull();
    expect(parseMonth(null)).toBeNull();
    expect(parseMonth('')).toBeNull();
  });
});

describe('monthsInText: the pay month in a title or note line', () => {
  it('finds the month of a title and of our own note line', () => {
    expect(monthsInText('东关乡2026年3月公益岗位工资发放表')).toEqual(['2026-03']);
    expect(monthsInText('单位：元    发放月份：2026-03    共 3 人')).toEqual(['2026-03']);
    expect(monthsInText('XX村 2026年12月 公益岗位补贴发放表 日期: 2026-04-01')).toEqual(['2026-12']);
  });
  it('does not take a full date (填报日期, 导出时间) or a year for a month', () => {
    expect(monthsInText('填报日期：2026年4月5日')).toEqual([]);
    expect(monthsInText('导出时间：2026-04-02')).toEqual([]);
    expect(monthsInText('某某乡2026年度乡村公益性岗位人员花名册')).toEqual([]);
  });
  it('lists each month once, in order', () => {
    expect(monthsInText('2026年3月、2026年4月工资 2026年3月')).toEqual(['2026-03', '2026-04']);
  });
});
