import { describe, expect, it } from 'vitest';
import { agreementEnd, payableFen } from '../../shared/wages';

describe('在岗领补: 应发 for a month', () => {
  it('pays the full wage when 合格 with full attendance', () => expect(payableFen(80000, 22, 22, '合格')).toBe(80000));
  it('pays pro rata by days when attendance is partial, to the 分', () => {
    expect(payableFen(80000, 22, 11, '合格')).toBe(40000);
    expect(payableFen(83333, 22, 7, '合格')).toBe(26515); // 83333 × 7 / 22 = 26515.0… 
    expect(payableFen(100, 3, 1, '合格')).toBe(33);
    expect(payableFen(200, 3, 1, '合格')).toBe(67); // 66.67 rounds half up
  });
  it('pays nothing when 不合格 or with no attendance', () => {
    expect(payableFen(80000, 22, 22, '不合格')).toBe(0);
    expect(payableFen(80000, 22, 0, '合格')).toBe(0);
    expect(payableFen(80000, 0, 0, '合格')).toBe(0);
  });
  it('never pays more than the wage when more days are entered than due', () => expect(payableFen(80000, 20, 25, '合格')).toBe(80000));
});

describe('agreement end dates', () => {
  it('ends the day before the same date N months later', () => {
    expect(agreementEnd('2023-01-01', 12)).toBe('2023-12-31');
    expect(agreementEnd('2023-03-15', 6)).toBe('2023-09-14');
    expect(agreementEnd('2024-01-31', 1)).toBe('2024-02-29');
  });
});
