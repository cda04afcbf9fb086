import { describe, expect, it } from 'vitest';
import { agreementCoversMonth, appointmentStateAt, loanStateAt, type LoanFacts } from '../../shared/status';

const loan = (over: Partial<LoanFacts> = {}): LoanFacts => ({
  amountFen: 5_000_000, issueDate: '2023-01-01', dueDate: '2024-01-01', status: '正常', settledDate: null, overdueSince: null,
  repayments: [], extensions: [], overdueSpells: [], ...over,
});

describe('loanStateAt', () => {
  it('follows the dates, not the ledger word', () => {
    expect(loanStateAt(loan(), '2022-12-31', 30).status).toBe('未放款');
    expect(loanStateAt(loan(), '2023-06-01', 30).status).toBe('正常');
    expect(loanStateAt(loan(), '2023-12-02', 30).status).toBe('即将到期');
    expect(loanStateAt(loan(), '2024-01-01', 30).status).toBe('即将到期'); // the due day itself is not overdue
    expect(loanStateAt(loan(), '2024-01-02', 30)).toMatchObject({ status: '逾期', overdueFrom: '2024-01-01', balanceFen: 5_000_000 });
  });
  it('已结清 from its 结清日期 (or always when the day is unknown) or once repayments cover the principal', () => {
    const settled = loan({ status: '已结清', settledDate: '2024-03-01' });
    expect(loanStateAt(settled, '2024-02-01', 30).status).toBe('逾期');
    expect(loanStateAt(settled, '2024-03-01', 30).status).toBe('已结清');
    expect(loanStateAt(loan({ status: '已结清' }), '2023-02-01', 30).status).toBe('已结清');
    const repaid = loan({ repayments: [{ date: '2023-05-01', principalFen: 2_000_000 }, { date: '2023-08-01', principalFen: 3_000_000 }] });
    expect(loanStateAt(repaid, '2023-06-01', 30)).toMatchObject({ status: '正常', balanceFen: 3_000_000 });
    expect(loanStateAt(repaid, '2023-08-01', 30)).toMatchObject({ status: '已结清', balanceFen: 0 });
  });
  it('a 展期 counts from the day it was granted; a recorded overdue spell is 逾期 inside it', () => {
    const ext = loan({ extensions: [{ date: '2023-12-20', newDueDate: '2024-12-31' }] });
    expect(loanStateAt(ext, '2023-12-10', 30).status).toBe('即将到期');
    expect(loanStateAt(ext, '2024-03-01', 30)).toMatchObject({ status: '展期', dueDate: '2024-12-31' });
    expect(loanStateAt(ext, '2025-01-02', 30).status).toBe('逾期');
    const spell = loan({ overdueSpells: [{ from: '2023-05-01', to: '2023-06-01' }] });
    expect(loanStateAt(spell, '2023-05-01', 30).status).toBe('正常');
    expect(loanStateAt(spell, '2023-05-15', 30)).toMatchObject({ status: '逾期', overdueFrom: '2023-05-01' });
    expect(loanStateAt(spell, '2023-06-01', 30).status).toBe('正常');
  });
});

describe('appointments', () => {
  const a = { startDate: '2024-01-01', endDate: '2024-06-30', status: '在岗', exitDate: null };
  it('在岗 / 期满未续 / 已退岗 from the agreement’s own dates', () => {
    expect(appointmentStateAt(a, '2023-12-31')).toBe('未到岗');
    expect(appointmentStateAt(a, '2024-06-30')).toBe('在岗');
    expect(appointmentStateAt(a, '2024-07-01')).toBe('期满未续');
    const exited = { ...a, status: '离岗', exitDate: '2024-09-15' };
    expect(appointmentStateAt(exited, '2024-08-01')).toBe('期满未续');
    expect(appointmentStateAt(exited, '2024-09-15')).toBe('已退岗');
  });
  it('covers a month when some day of it is inside the agreement; an exit cuts short, never stretches', () => {
    const exited = { ...a, status: '离岗', exitDate: '2024-09-15' };
    expect(['2023-12', '2024-01', '2024-06', '2024-07', '2024-09'].map((m) => agreementCoversMonth(exited, m))).toEqual([false, true, true, false, false]);
    const early = { ...a, status: '离岗', exitDate: '2024-03-10' };
    expect(['2024-03', '2024-04'].map((m) => agreementCoversMonth(early, m))).toEqual([true, false]);
    expect(agreementCoversMonth({ ...a, startDate: '2024-05-16' }, '2024-05')).toBe(true);
    expect(agreementCoversMonth({ ...a, status: '离岗' }, '2024-02')).toBe(false); // exited on a day nobody wrote down
  });
});
