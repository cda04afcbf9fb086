import { describe, expect, it } from 'vitest';
import {
  addMonths, daysBetween, divRoundHalfUp, formatRatePercent, formatRatioPercent, monthsBetween, overdueBucket, parseRateE6, parseRatioBp,
  quarterPeriod, subsidyForPeriod, type SubsidyLoan,
} from '../../shared/interest';
import { amountInWords, formatYuan } from '../../shared/money';

/** 5万 at 3.45%, 100% 贴息: the sample ledger's typical loan. 5,000,000 分 × 0.0345 = 172,500 分 a year before the day count. */
const base: SubsidyLoan = { amountFen: 5_000_000, issueDate: '2022-06-01', dueDate: '2025-06-01', rateE6: 34_500, ratioBp: 10_000 };
const year2023 = ['2023-01-01', '2023-12-31'] as const;
const q1 = ['2023-01-01', '2023-03-31'] as const;

describe('贴息 worked by hand', () => {
  it('a full year, 360 and 365 day basis', () => {
    // 365 days × 172,500 / 360 = 174,895.83 分 → 174,896 分 = 1,748.96 元
    const r360 = subsidyForPeriod(base, ...year2023, 360);
    expect(r360).toMatchObject({ fen: 174_896, days: 365, overdueDays: 0 });
    // 365 days × 172,500 / 365 = 172,500 分 exactly = 1,725.00 元
    const r365 = subsidyForPeriod(base, ...year2023, 365);
    expect(r365).toMatchObject({ fen: 172_500, days: 365 });
    expect(formatYuan(r360.fen)).toBe('1,748.96');
    expect(formatYuan(r365.fen)).toBe('1,725.00');
  });

  it('a loan issued mid-period counts from its issue day (half-up rounding on the 分)', () => {
    // 3万 issued 2023-02-15: Q1 days are 02-15 … 03-31 = 14 + 31 = 45.
    // 3,000,000 × 0.0345 × 45 / 360 = 12,937.5 分 → 12,938 分 (129.38 元); /365 → 12,760.27 → 12,760.
    const loan = { ...base, amountFen: 3_000_000, issueDate: '2023-02-15', dueDate: '2026-02-15' };
    expect(subsidyForPeriod(loan, ...q1, 360)).toMatchObject({ fen: 12_938, days: 45 });
    expect(subsidyForPeriod(loan, ...q1, 365)).toMatchObject({ fen: 12_760, days: 45 });
  });

  it('no 贴息 for the 20 days a loan is overdue after its due date', () => {
    // Due 2023-03-12 and not repaid: 01-01 … 03-11 = 31 + 28 + 11 = 70 days earn 贴息, 03-12 … 03-31 = 20 days overdue.
    // 172,500 × 70 / 360 = 33,541.67 → 33,542 分 = 335.42 元.
    const loan = { ...base, issueDate: '2022-01-10', dueDate: '2023-03-12' };
    expect(subsidyForPeriod(loan, ...q1, 360)).toMatchObject({ fen: 33_542, days: 70, overdueDays: 20 });
  });

  it('no 贴息 for a recorded 20-day overdue spell inside the term', () => {
    // Missed an instalment on 02-01, cured on 02-21: [02-01, 02-21) = 20 days excluded; 90 − 20 = 70 days.
    const loan = { ...base, overdue: [{ from: '2023-02-01', to: '2023-02-21' }] };
    expect(subsidyForPeriod(loan, ...q1, 360)).toMatchObject({ fen: 33_542, days: 70, overdueDays: 20 });
    // Still overdue (no end): from 02-01 to the end of the quarter = 59 days excluded, 31 days earn.
    // 172,500 × 31 / 360 = 14,854.17 → 14,854.
    expect(subsidyForPeriod({ ...base, overdue: [{ from: '2023-02-01', to: null }] }, ...q1, 360)).toMatchObject({ fen: 14_854, days: 31, overdueDays: 59 });
  });

  it('only the first 5万 is subsidised', () => {
    // 8万 earns the same as 5万: 174,896 分 for 2023.
    expect(subsidyForPeriod({ ...base, amountFen: 8_000_000 }, ...year2023, 360).fen).toBe(174_896);
    // A 追加 loan whose first loan used the whole 5万 earns nothing; one with 2万 of room earns on 2万:
    // 2,000,000 × 0.0345 × 365 / 360 = 69,958.33 → 69,958.
    expect(subsidyForPeriod({ ...base, capFen: 0 }, ...year2023, 360).fen).toBe(0);
    expect(subsidyForPeriod({ ...base, capFen: 2_000_000 }, ...year2023, 360).fen).toBe(69_958);
    // Below the cap the whole balance counts: 4万 → 4,000,000 × 0.0345 × 365/360 = 139,916.67 → 139,917.
    expect(subsidyForPeriod({ ...base, amountFen: 4_000_000 }, ...year2023, 360).fen).toBe(139_917);
  });

  it('a repayment lowers the balance from its day on; paying off ends the interest days (算头不算尾)', () => {
    // 2万 repaid on 07-01: 01-01 … 06-30 = 181 days on 5万, 07-01 … 12-31 = 184 days on 3万.
    // (5,000,000 × 181 + 3,000,000 × 184) × 0.0345 / 360 = 1,457,000,000 × 345 / 3,600,000 = 139,629.17 → 139,629.
    const loan = { ...base, repayments: [{ date: '2023-07-01', principalFen: 2_000_000 }] };
    const r = subsidyForPeriod(loan, ...year2023, 360);
    expect(r.principalDays).toBe(1_457_000_000n);
    expect(r.fen).toBe(139_629);
    // Issued 01-01 and repaid in full on its due day 04-01: interest days 01-01 … 03-31 = 90, none overdue.
    const short = { ...base, issueDate: '2023-01-01', dueDate: '2023-04-01', repayments: [{ date: '2023-04-01', principalFen: 5_000_000 }] };
    expect(subsidyForPeriod(short, ...year2023, 360)).toMatchObject({ days: 90, overdueDays: 0, fen: 43_125 });
    // The same loan paid off (结清日期) without repayment rows.
    expect(subsidyForPeriod({ ...short, repayments: [], settledDate: '2023-04-01' }, ...year2023, 360)).toMatchObject({ days: 90, fen: 43_125 });
  });

  it('贴息比例 and a period outside the loan', () => {
    // 80% of 174,895.83 = 139,916.67 → 139,917.
    expect(subsidyForPeriod({ ...base, ratioBp: 8_000 }, ...year2023, 360).fen).toBe(139_917);
    expect(subsidyForPeriod(base, '2021-01-01', '2021-12-31', 360)).toMatchObject({ fen: 0, days: 0 });
  });

  it('sums over 1,000 loans are exact to the 分', () => {
    // 1,000 loans of 1万 for one day: 1,000,000 × 0.0345 / 360 = 95.83 分 → 96 分 each, 96,000 分 = 960.00 元.
    // (Adding 0.9583… 元 in binary floating point 1,000 times does not give a round number.)
    const one = { ...base, amountFen: 1_000_000, issueDate: '2023-01-01', dueDate: '2024-01-01' };
    let total = 0;
    for (let i = 0; i < 1000; i++) total += subsidyForPeriod(one, '2023-05-01', '2023-05-01', 360).fen;
    expect(total).toBe(96_000);
    expect(formatYuan(total)).toBe('960.00');
    // Loans of k × 50 元 (k = 1 … 1000, all under 5万) at 3.60% for 100 days on 360: each earns exactly 1% = 50k 分.
    // Σ 50k = 50 × 500,500 = 25,025,000 分 = 250,250.00 元 (贰拾伍万零贰佰伍拾元整).
    let sum = 0;
    for (let k = 1; k <= 1000; k++) {
      const fen = subsidyForPeriod({ ...base, amountFen: k * 5_000, rateE6: 36_000, issueDate: '2023-01-01', dueDate: '2024-01-01' }, '2023-01-01', '2023-04-10', 360).fen;
      expect(fen).toBe(50 * k);
      sum += fen;
    }
    expect(sum).toBe(25_025_000);
    expect(formatYuan(sum)).toBe('250,250.00');
    expect(amountInWords(sum)).toBe('贰拾伍万零贰佰伍拾元整');
  });
});

describe('rates, ratios and dates', () => {
  it('reads 年利率 as written, exactly', () => {
    expect(parseRateE6(3.45)).toBe(34_500);
    expect(parseRateE6('3.45%')).toBe(34_500);
    expect(parseRateE6('３．４５％'.replace('．', '.'))).toBe(34_500);
    expect(parseRateE6(0.0345)).toBe(34_500);
    expect(parseRateE6('4.35')).toBe(43_500);
    expect(parseRateE6('3.4567')).toBe(34_567);
    expect(parseRateE6('3.45678')).toBeNull();
    expect(parseRateE6('abc')).toBeNull();
    expect(formatRatePercent(34_500)).toBe('3.45');
    expect(formatRatePercent(40_000)).toBe('4');
  });

  it('reads 贴息比例 as a percent or a fraction', () => {
    expect(parseRatioBp(100)).toBe(10_000);
    expect(parseRatioBp('100%')).toBe(10_000);
    expect(parseRatioBp('80%')).toBe(8_000);
    expect(parseRatioBp(0.8)).toBe(8_000);
    expect(parseRatioBp(1)).toBe(10_000);
    expect(parseRatioBp('1%')).toBe(100);
    expect(parseRatioBp('120%')).toBeNull();
    expect(formatRatioPercent(8_050)).toBe('80.5');
  });

  it('counts days and months on the calendar', () => {
    expect(daysBetween('2023-01-01', '2024-01-01')).toBe(365);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(addMonths('2022-10-08', 24)).toBe('2024-10-08');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(monthsBetween('2022-10-08', '2025-10-08')).toBe(36);
    expect(monthsBetween('2022-10-08', '2025-10-07')).toBe(35);
    expect(quarterPeriod(2023, 1)).toEqual({ from: '2023-01-01', to: '2023-03-31' });
    expect(quarterPeriod(2024, 4)).toEqual({ from: '2024-10-01', to: '2024-12-31' });
    expect(divRoundHalfUp(25n, 10n)).toBe(3n);
    expect(divRoundHalfUp(24n, 10n)).toBe(2n);
  });

  it('puts overdue days in the county buckets 1–3 / 4–10 / 11–30 / 31–69 / 70+', () => {
    expect([0, 1, 3, 4, 10, 11, 30, 31, 69, 70, 400].map(overdueBucket)).toEqual([null, '1-3', '1-3', '4-10', '4-10', '11-30', '11-30', '31-69', '31-69', '70+', '70+']);
  });
});
