import { todayIso } from '../../shared/dates';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/index';
import { loansRules } from '../../electron/backend/checks/loans';
import { RULES } from '../../electron/backend/checks/index';
import type { Finding } from '../../electron/backend/checks/engine';
import { createPerson } from '../../electron/backend/services/persons';
import { createLoan } from '../../electron/backend/services/loans';
import type { LoanInput } from '../../shared/api/loans';
import { freshBackend, validId } from '../integration/helpers';

let b: Backend;
let seq = 0;
const ids: Record<string, number> = {}; // fixture name → loan id

function person(name: string, birth: string, type: '脱贫户' | '监测户' | '一般户', hh: string) {
  const idNo = validId(`140724${birth}${String(++seq).padStart(3, '0')}`);
  return createPerson(b.ctx, {
    idNo, name, villageId: null, householdNo: hh, householdType: type, monitorCategory: type === '监测户' ? '边缘易致贫户' : null,
    riskEliminated: type === '监测户' ? false : null, exitYear: type === '脱贫户' ? 2018 : null, relation: '户主', laborSkill: null, phone: null,
  });
}

function loan(key: string, personId: number, over: Partial<LoanInput> = {}) {
  const l = createLoan(b.ctx, {
    personId, bank: '农商银行', contractNo: key, amountFen: 5_000_000, issueDate: '2023-03-01', dueDate: '2026-03-01', termMonths: 36,
    rateE6: 34_500, ratioBp: 10_000, subsidized: true, additional: false, purpose: '养殖业', status: '已结清', overdueSince: null,
    settledDate: '2025-01-01', note: null, ...over,
  });
  ids[key] = l.id;
  return l;
}

const run = (code: string): Finding[] => loansRules.find((r) => r.code === code)!.run(b.ctx, todayIso());
const fires = (code: string, key: string) => run(code).some((f) => f.record.id === ids[key]);

beforeAll(() => {
  b = freshBackend();
  // A clean loan: 脱贫户 head aged 43 at issue, 5万, 36 months, paid off.
  loan('GOOD', person('王建国', '19800101', '脱贫户', '072410020200001').id);
  // L01: a first loan of 8万; a household whose first + 追加 owe 11万; one whose first + 追加 owe exactly 10万.
  loan('BIG', person('李秀英', '19790505', '监测户', '072410020200002').id, { amountFen: 8_000_000 });
  const over = person('张志刚', '19750303', '脱贫户', '072410020200003').id;
  loan('OVER-1', over, { status: '正常', settledDate: null, dueDate: '2099-01-01', termMonths: null });
  loan('OVER-2', over, { amountFen: 6_000_000, additional: true, issueDate: '2023-06-01', status: '正常', settledDate: null });
  const ten = person('赵丽娟', '19760404', '脱贫户', '072410020200004').id;
  loan('TEN-1', ten, { status: '正常', settledDate: null });
  loan('TEN-2', ten, { additional: true, issueDate: '2023-06-01', status: '正常', settledDate: null });
  // L02: 48 months fires, 36 does not (GOOD).
  loan('LONG', person('刘保平', '19810606', '脱贫户', '072410020200005').id, { dueDate: '2027-03-01', termMonths: 48 });
  // L03: 73 and 16 at issue fire; exactly 65 does not.
  loan('OLD', person('陈永明', '19500101', '脱贫户', '072410020200006').id);
  loan('YOUNG', person('杨喜梅', '20061201', '脱贫户', '072410020200007').id);
  loan('SIXTY-FIVE', person('黄润生', '19580301', '脱贫户', '072410020200008').id);
  // L04: two first loans owed in one household; a household whose earlier loan is paid off is fine.
  const two = person('周鹏飞', '19820202', '脱贫户', '072410020200009').id;
  loan('TWO-1', two, { status: '正常', settledDate: null });
  loan('TWO-2', two, { issueDate: '2024-01-10', dueDate: '2026-01-10', termMonths: 24, status: '正常', settledDate: null });
  const renewed = person('吴春花', '19830303', '脱贫户', '072410020200010').id;
  loan('RENEW-1', renewed);
  loan('RENEW-2', renewed, { issueDate: '2025-02-01', dueDate: '2027-02-01', termMonths: 24, status: '续贷', settledDate: null });
  // L05: not in the roster; a 一般户.
  const outsider = person('郝有才', '19840404', '脱贫户', '072410020200011');
  b.ctx.db.prepare('UPDATE persons SET in_roster = 0 WHERE id = ?').run(outsider.id);
  loan('OUTSIDER', outsider.id);
  loan('ORDINARY', person('贾国平', '19850505', '一般户', '072410020200012').id);
  // L06: due 2020 and never repaid; 逾期 without a date; paid off; due far in the future.
  loan('LATE', person('孟福生', '19700707', '脱贫户', '072410020200013').id, { issueDate: '2018-06-01', dueDate: '2020-06-01', termMonths: 24, status: '正常', settledDate: null });
  loan('FLAGGED', person('闫雨轩', '19860808', '监测户', '072410020200014').id, { dueDate: '2099-03-01', termMonths: null, status: '逾期', settledDate: null });
  loan('PAID-OLD', person('白翠萍', '19870909', '脱贫户', '072410020200015').id, { issueDate: '2018-06-01', dueDate: '2020-06-01', termMonths: 24, settledDate: '2020-05-01' });
});

describe('小额信贷 rules L01–L06', () => {
  it('are registered with the one rule engine', () => {
    expect(RULES.filter((r) => r.module === 'loans').map((r) => r.code)).toEqual(['L01', 'L02', 'L03', 'L04', 'L05', 'L06']);
  });

  it('a clean loan raises nothing', () => {
    for (const r of loansRules) expect(r.run(b.ctx, todayIso()).filter((f) => f.record.id === ids.GOOD), r.code).toEqual([]);
  });

  it('L01: over 5万 on a first loan, over 10万 with a 追加', () => {
    expect(fires('L01', 'BIG')).toBe(true);
    expect(fires('L01', 'OVER-2')).toBe(true); // 5万 + 6万 owed
    expect(fires('L01', 'OVER-1')).toBe(false);
    expect(fires('L01', 'TEN-1') || fires('L01', 'TEN-2')).toBe(false); // 5万 + 5万 追加 = 10万 is allowed
    expect(run('L01').find((f) => f.record.id === ids.BIG)!.message).toContain('80,000.00元');
  });

  it('L02: a term over 36 months', () => {
    expect(fires('L02', 'LONG')).toBe(true);
    expect(fires('L02', 'GOOD')).toBe(false);
  });

  it('L03: borrower age at issue outside 18–65 (and the limits are settings)', () => {
    expect(fires('L03', 'OLD')).toBe(true);
    expect(fires('L03', 'YOUNG')).toBe(true);
    expect(fires('L03', 'SIXTY-FIVE')).toBe(false);
    const f = run('L03').find((x) => x.record.id === ids.OLD)!;
    expect(f.id).toMatch(/^14072419500101\d{3}[\dX]$/);
    expect(f.message).toContain('73 岁');
    b.ctx.db.prepare("INSERT INTO settings (key, value) VALUES ('loanAgeMax', '60') ON CONFLICT(key) DO UPDATE SET value = excluded.value").run();
    expect(fires('L03', 'SIXTY-FIVE')).toBe(true);
    b.ctx.db.prepare("DELETE FROM settings WHERE key = 'loanAgeMax'").run();
  });

  it('L04: two loans owed in one household unless the second is a recorded 追加', () => {
    expect(fires('L04', 'TWO-2')).toBe(true);
    expect(fires('L04', 'TWO-1')).toBe(false);
    expect(fires('L04', 'TEN-2')).toBe(false);
    expect(fires('L04', 'RENEW-2')).toBe(false);
  });

  it('L05: not in the roster, or not 脱贫户/监测户', () => {
    expect(fires('L05', 'OUTSIDER')).toBe(true);
    expect(fires('L05', 'ORDINARY')).toBe(true);
    expect(fires('L05', 'BIG')).toBe(false); // 监测户
    expect(run('L05').find((f) => f.record.id === ids.OUTSIDER)!.message).toContain('不在人员名单中');
  });

  it('L06: overdue loans, never paid-off or not-yet-due ones', () => {
    expect(fires('L06', 'LATE')).toBe(true);
    expect(fires('L06', 'FLAGGED')).toBe(true);
    expect(fires('L06', 'PAID-OLD')).toBe(false);
    expect(fires('L06', 'OVER-1')).toBe(false); // due 2099
    const late = run('L06').find((f) => f.record.id === ids.LATE)!;
    expect(late).toMatchObject({ severity: 'warning', id: 'LATE' });
    expect(late.message).toContain('70天以上');
    expect(run('L06').find((f) => f.record.id === ids.FLAGGED)!.message).toContain('逾期起始日期未填');
  });
});
