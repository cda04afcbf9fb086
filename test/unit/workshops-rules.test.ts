import { describe, expect, it } from 'vitest';
import {
  checkEmployment, DEFAULT_WORKSHOP_RULES, figuresOn, monthsEmployed, parseWorkshopStatus, periodsOverlap, planSubsidies, qualify, subsidyProblems,
  type EmploymentFact, type WorkshopRuleSettings,
} from '../../shared/workshops';
import { coerceMonths } from '../../electron/backend/import/coerce';

const S: WorkshopRuleSettings = DEFAULT_WORKSHOP_RULES;
const ON = '2024-06-30';

let next = 1;
function emp(over: Partial<EmploymentFact> = {}): EmploymentFact {
  const id = next++;
  return {
    id, personId: id, name: `工人${id}`, idNo: `ID${id}`, poor: true, monitored: false,
    startDate: '2024-01-01', endDate: null, contractMonths: 12, monthlyWageFen: 200_000, ...over,
  };
}
const team = (n: number, over: Partial<EmploymentFact> = {}) => Array.from({ length: n }, () => emp(over));

describe('defaults', () => {
  it('are the common county values: 5 workers, 6 months, 1,880 元, 1,000 元/人, cap 5 万', () => {
    expect(S).toEqual({ workshopMinPoorWorkers: 5, workshopMinContractMonths: 6, workshopMinWageFen: 188_000, workshopSubsidyPerPersonFen: 100_000, workshopSubsidyCapFen: 5_000_000 });
  });
});

describe('status vocabulary', () => {
  it('maps county wording onto the four statuses (停工 → 停产)', () => {
    expect(parseWorkshopStatus('停工')).toBe('停产');
    expect(parseWorkshopStatus(' 正常 ')).toBe('正常运营');
    expect(parseWorkshopStatus('经营困难')).toBe('经营困难');
    expect(parseWorkshopStatus('已注销')).toBe('已退出');
    expect(parseWorkshopStatus('不知道')).toBeNull();
    expect(parseWorkshopStatus('')).toBeNull();
  });
  it('reads 合同期限 and 期限 in months or years, never 1年 as 1 month', () => {
    expect(coerceMonths('1年')).toEqual({ ok: true, value: 12 });
    expect(coerceMonths('6个月')).toEqual({ ok: true, value: 6 });
    expect(coerceMonths(24)).toEqual({ ok: true, value: 24 });
    expect(coerceMonths('0.5年')).toEqual({ ok: true, value: 6 });
    expect(coerceMonths('长期').ok).toBe(false);
    // Loans and posts read their 期限 the same way; a column headed in 年 makes a bare number years.
    expect(coerceMonths('36个月')).toEqual({ ok: true, value: 36 });
    expect(coerceMonths('３６月')).toEqual({ ok: true, value: 36 });
    expect(coerceMonths('1年6个月')).toEqual({ ok: true, value: 18 });
    expect([coerceMonths('半年'), coerceMonths('三年')]).toEqual([{ ok: true, value: 6 }, { ok: true, value: 36 }]);
    expect(coerceMonths(3, '期限（年）')).toEqual({ ok: true, value: 36 });
    expect(coerceMonths('3', '贷款期限(年)')).toEqual({ ok: true, value: 36 });
    expect(coerceMonths(36, '期限（月）')).toEqual({ ok: true, value: 36 });
    expect(coerceMonths('36个月', '期限（年）')).toEqual({ ok: true, value: 36 });
    expect(coerceMonths(1.5).ok).toBe(false);
    expect(coerceMonths('-3').ok).toBe(false);
  });
});

describe('figures from the 务工台账', () => {
  it('count who works there on the date, poor including monitored, and the average wage', () => {
    const list = [
      emp({ monthlyWageFen: 200_000 }), emp({ monitored: true, monthlyWageFen: 180_000 }), emp({ poor: false, monthlyWageFen: 250_000 }),
      emp({ endDate: '2024-03-31' }), // left before the date
      emp({ startDate: '2024-07-01' }), // starts after it
    ];
    expect(figuresOn(list, ON)).toEqual({ employed: 3, poor: 2, monitored: 1, avgWageFen: 210_000 });
  });
});

describe('qualification (认定)', () => {
  it('qualifies with exactly 5 脱贫劳动力 on ≥6-month contracts at ≥ minimum wage', () => {
    const q = qualify({ status: '正常运营', employments: team(5), reported: null }, S, ON);
    expect(q.state).toBe('qualified');
    expect(q.qualifying).toBe(5);
    expect(q.reason).toContain('符合认定条件');
  });

  it('does not qualify with 4, and says how many are missing', () => {
    const q = qualify({ status: '正常运营', employments: team(4), reported: null }, S, ON);
    expect(q.state).toBe('notQualified');
    expect(q.reason).toContain('4 人，不足 5 人');
  });

  it('does not count a short contract, a low wage, a missing term or a non-poor worker — and says so', () => {
    const list = [...team(3), emp({ contractMonths: 5 }), emp({ monthlyWageFen: 187_999 }), emp({ contractMonths: null }), emp({ poor: false })];
    const q = qualify({ status: '经营困难', employments: list, reported: null }, S, ON);
    expect(q.state).toBe('notQualified');
    expect(q.qualifying).toBe(3);
    expect(q.reason).toContain('1 人合同期限不足 6 个月');
    expect(q.reason).toContain('1 人月工资低于 1,880 元');
    expect(q.reason).toContain('1 人未填合同期限或月工资');
    expect(checkEmployment(list[3], S)).toEqual({ counts: false, reasons: ['合同期限 5 个月，不足 6 个月'] });
    expect(checkEmployment(list[6], S).reasons).toEqual(['不是脱贫劳动力或监测对象']);
  });

  it('counts the boundary values (6 months, exactly the minimum wage) and only people in post on the date', () => {
    const list = [...team(4, { contractMonths: 6, monthlyWageFen: 188_000 }), emp({ endDate: '2024-05-31' })];
    expect(qualify({ status: '正常运营', employments: list, reported: null }, S, ON).state).toBe('notQualified');
    expect(qualify({ status: '正常运营', employments: list, reported: null }, S, '2024-05-15').state).toBe('qualified');
  });

  it('follows the settings: a county asking for 10 workers', () => {
    const q = qualify({ status: '正常运营', employments: team(6), reported: null }, { ...S, workshopMinPoorWorkers: 10 }, ON);
    expect(q.state).toBe('notQualified');
    expect(q.reason).toContain('不足 10 人');
  });

  it('without a 务工台账 compares the reported count: too few fails, enough is 待核实', () => {
    expect(qualify({ status: '正常运营', employments: [], reported: { employed: 20, poor: 3 } }, S, ON).state).toBe('notQualified');
    const q = qualify({ status: '正常运营', employments: [], reported: { employed: 20, poor: 8 } }, S, ON);
    expect(q.state).toBe('unverified');
    expect(q.reason).toContain('无法核对');
    expect(qualify({ status: '正常运营', employments: [], reported: null }, S, ON).reason).toContain('还没有务工人员');
    expect(qualify({ status: '已退出', employments: team(6), reported: null }, S, ON).state).toBe('notApplicable');
  });
});

describe('one-time employment subsidy (一次性吸纳就业补助)', () => {
  const qualified = (list: EmploymentFact[]) => qualify({ status: '正常运营', employments: list, reported: null }, S, ON);

  it('lists every qualifying 脱贫劳动力 at 1,000 元 and leaves out the others', () => {
    const list = [...team(5), emp({ poor: false }), emp({ monthlyWageFen: 150_000 })];
    const plan = planSubsidies(qualified(list), list, [], S, ON);
    expect(plan.blocked).toBeNull();
    expect(plan.eligible).toHaveLength(5);
    expect(plan.eligible.every((c) => c.amountFen === 100_000)).toBe(true);
  });

  it('never lists a person already paid for this workshop', () => {
    const list = team(6);
    const plan = planSubsidies(qualified(list), list, [{ personId: list[0].personId, amountFen: 100_000 }], S, ON);
    expect(plan.eligible.map((c) => c.personId)).not.toContain(list[0].personId);
    expect(plan.eligible).toHaveLength(5);
    expect(plan.paidTotalFen).toBe(100_000);
  });

  it('stops at the cap: the last one gets what is left, the rest are over the cap', () => {
    const list = team(8);
    const s = { ...S, workshopSubsidyCapFen: 550_000 };
    const plan = planSubsidies(qualify({ status: '正常运营', employments: list, reported: null }, s, ON), list, [], s, ON);
    expect(plan.eligible.map((c) => c.amountFen)).toEqual([100_000, 100_000, 100_000, 100_000, 100_000, 50_000]);
    expect(plan.overCap).toHaveLength(2);
  });

  it('pays nobody while the workshop does not qualify, and says why', () => {
    const list = team(3);
    const plan = planSubsidies(qualified(list), list, [], S, ON);
    expect(plan.eligible).toEqual([]);
    expect(plan.blocked).toContain('暂不能发放');
    expect(plan.blocked).toContain('不足 5 人');
  });

  it('counts whole months actually worked by the date, never past it, and 0 before the start', () => {
    expect(monthsEmployed({ startDate: '2023-03-01', endDate: null }, '2023-08-30')).toBe(5);
    expect(monthsEmployed({ startDate: '2023-03-01', endDate: null }, '2023-08-31')).toBe(6);
    expect(monthsEmployed({ startDate: '2023-03-01', endDate: '2023-03-31' }, '2024-06-30')).toBe(1);
    expect(monthsEmployed({ startDate: '2023-01-31', endDate: '2023-02-26' }, '2024-06-30')).toBe(0);
    expect(monthsEmployed({ startDate: '2023-01-31', endDate: '2023-02-28' }, '2024-06-30')).toBe(1);
    expect(monthsEmployed({ startDate: '2024-07-01', endDate: null }, '2024-06-30')).toBe(0);
  });

  it('offers it on months actually worked at the as-of date, not the contract: judged at two dates', () => {
    // Five steady workers since 2023-01-01 keep the workshop qualified at both dates.
    const steady = team(5, { startDate: '2023-01-01' });
    const shortContract = emp({ name: '短合同', startDate: '2024-01-01', contractMonths: 3 }); // promised 3 months, still there
    const leftEarly = emp({ name: '一个月', startDate: '2024-01-01', endDate: '2024-01-31', contractMonths: 12 }); // promised 12, left after 1
    const newcomer = emp({ name: '新来的', startDate: '2024-04-01', contractMonths: 12 });
    const list = [...steady, shortContract, leftEarly, newcomer];
    const at = (d: string) => planSubsidies(qualify({ status: '正常运营', employments: list, reported: null }, S, d), list, [], S, d);
    const names = (c: { name: string }[]) => c.map((x) => x.name).sort();

    const spring = at('2024-03-15');
    expect(spring.blocked).toBeNull();
    expect(names(spring.eligible)).toEqual(names(steady));
    expect(names(spring.waiting)).toEqual(['一个月', '新来的', '短合同'].sort());
    expect(spring.waiting.find((w) => w.name === '短合同')).toMatchObject({ monthsWorked: 2, reason: '截至 2024-03-15 在本车间实际务工 2 个月，不足 6 个月' });

    const autumn = at('2024-10-01');
    expect(names(autumn.eligible)).toEqual(names([...steady, shortContract, newcomer]));
    expect(autumn.waiting.map((w) => [w.name, w.monthsWorked])).toEqual([['一个月', 1]]);
  });

  it('adds up two spells of the same person in the workshop', () => {
    const steady = team(5, { startDate: '2023-01-01' });
    const a = emp({ name: '回来的', startDate: '2024-01-01', endDate: '2024-03-31' });
    const b = { ...emp(), personId: a.personId, name: '回来的', idNo: a.idNo, startDate: '2024-05-01', endDate: null };
    const list = [...steady, a, b];
    const q = qualify({ status: '正常运营', employments: list, reported: null }, S, '2024-07-31');
    expect(planSubsidies(q, list, [], S, '2024-07-31').eligible.map((c) => c.name)).toContain('回来的'); // 3 + 3 months
    expect(planSubsidies(q, list, [], S, '2024-06-30').waiting.map((c) => [c.name, c.monthsWorked])).toEqual([['回来的', 5]]);
  });

  it('W04 finds a person paid twice and a total over the cap, and nothing in a clean list', () => {
    expect(subsidyProblems([{ personId: 1, amountFen: 100_000 }, { personId: 2, amountFen: 100_000 }], 5_000_000)).toEqual({ duplicates: [], totalFen: 200_000, overCapFen: 0 });
    expect(subsidyProblems([{ personId: 1, amountFen: 100_000 }, { personId: 1, amountFen: 100_000 }], 5_000_000).duplicates).toEqual([1]);
    expect(subsidyProblems([{ personId: 1, amountFen: 100_000 }, { personId: 2, amountFen: 100_000 }], 150_000).overCapFen).toBe(50_000);
  });
});

describe('overlapping periods (W01, W05)', () => {
  it('overlap when both run at once, including open-ended ones', () => {
    expect(periodsOverlap({ start: '2024-01-01', end: null }, { start: '2024-03-01', end: '2024-04-30' })).toBe(true);
    expect(periodsOverlap({ start: '2024-01-01', end: '2024-06-30' }, { start: '2024-06-01', end: null })).toBe(true);
  });
  it('do not overlap one after the other, nor on a same-day change of job', () => {
    expect(periodsOverlap({ start: '2024-01-01', end: '2024-03-31' }, { start: '2024-04-01', end: null })).toBe(false);
    expect(periodsOverlap({ start: '2024-01-01', end: '2024-03-31' }, { start: '2024-03-31', end: null })).toBe(false);
  });
});
