import { afterEach, describe, expect, it, vi } from 'vitest';
import { openBackend, type Backend } from '../../electron/backend/index';
import { RULES } from '../../electron/backend/checks';
import { sample } from '../samples';
import { call, freshBackend, stageFile, validId } from './helpers';

/**
 * 概览's 问题 counts are kept while the data stays at one version: they must never show figures
 * of data that changed since, whoever changed it and however (a form, settings, an import, its
 * undo, a restore, another program on the same folder). Each step compares with a second
 * connection opened afresh (nothing cached), and checks whether the rules ran again.
 */
const AS_OF = '2025-01-10';
const opened: Backend[] = [];
afterEach(() => { for (const b of opened.splice(0)) b.close(); vi.restoreAllMocks(); });

async function setup() {
  const b = freshBackend();
  opened.push(b);
  const v = await call(b, 'villages.create', { name: '西关村', code: '140724100202' });
  const post = await call(b, 'posts.create', { villageId: v.id, name: '保洁员', category: '乡村公益岗', fundSource: null, headcount: 10, duties: null, workTime: null, wageFen: 50000, councilDate: null, councilRecord: '2024-01-05 村两委会议' });
  const appts: number[] = [];
  for (const [i, name] of [[1, '王建国'], [2, '李秀英']] as const) {
    const p = await call(b, 'persons.create', {
      idNo: validId(`14072419700101${String(100 + i).padStart(3, '0')}`), name, villageId: v.id, householdNo: `H${i}`, householdType: '脱贫户',
      monitorCategory: null, riskEliminated: null, exitYear: 2018, relation: '户主', laborSkill: '普通劳动力', phone: null,
    });
    appts.push((await call(b, 'appointments.create', {
      postId: post.id, personId: p.id, agreementNo: `XY-${i}`, startDate: '2023-01-01', endDate: '2024-06-30', wageFen: 50000, bankAccount: null, bankName: null, status: '在岗', remark: null,
    })).id);
  }
  return { b, v, post, appts };
}

/** The 概览 a connection with nothing cached works out for the same folder. */
async function freshOverview(b: Backend) {
  const other = openBackend({ dataDir: b.ctx.dataDir, mode: 'test', operator: '测试员' });
  try { return await call(other, 'overview.get', { asOf: AS_OF }); } finally { other.close(); }
}
const freshProblems = async (b: Backend) => (await freshOverview(b)).problems;

const count = (p: Awaited<ReturnType<typeof freshProblems>>, rule: string) => p.byRule.filter((r) => r.rule === rule).reduce((n, r) => n + r.count, 0);

describe('概览 problem counts kept per data version', () => {
  it('serves unchanged data from the cache and recounts after every kind of change', async () => {
    const { b, v, appts } = await setup();
    const ruleRuns = vi.spyOn(RULES[0], 'run');
    const problems = async () => (await call(b, 'overview.get', { asOf: AS_OF })).problems;

    const first = await problems();
    expect(count(first, 'P13')).toBe(2);
    expect(first).toEqual(await freshProblems(b));
    const runs = ruleRuns.mock.calls.length;
    expect(runs).toBeGreaterThan(0);
    // Nothing written: the same counts without running the rules again.
    expect(await problems()).toEqual(first);
    expect(ruleRuns.mock.calls.length).toBe(runs);

    // A form write: one holder leaves.
    const a = (await call(b, 'appointments.list', { limit: 10 })).rows.find((x) => x.id === appts[0])!;
    await call(b, 'appointments.update', { ...a, status: '离岗' });
    const afterExit = await problems();
    expect(ruleRuns.mock.calls.length).toBeGreaterThan(runs);
    expect(count(afterExit, 'P13')).toBe(1);
    expect(afterExit).toEqual(await freshProblems(b));

    // A settings change the rules read (the age range of P04).
    await call(b, 'settings.update', { ageMaleMax: 40, ageFemaleMax: 40 });
    const afterSettings = await problems();
    expect(count(afterSettings, 'P04')).toBeGreaterThan(count(afterExit, 'P04'));
    expect(afterSettings).toEqual(await freshProblems(b));

    // Another program writes to the same folder (the CLI beside the open window).
    const other = openBackend({ dataDir: b.ctx.dataDir, mode: 'test', operator: '测试员' });
    const post = (await call(other, 'posts.list', { limit: 10 })).rows[0];
    const p3 = await call(other, 'persons.create', {
      idNo: validId('14072419700101103'), name: '张志强', villageId: v.id, householdNo: 'H3', householdType: '一般户',
      monitorCategory: null, riskEliminated: null, exitYear: null, relation: '户主', laborSkill: '普通劳动力', phone: null,
    });
    await call(other, 'appointments.create', {
      postId: post.id, personId: p3.id, agreementNo: 'XY-3', startDate: '2023-01-01', endDate: '2024-06-30', wageFen: 50000, bankAccount: null, bankName: null, status: '在岗', remark: null,
    });
    other.close(); // a restore waits for no other program on the folder
    const afterOther = await problems();
    expect(count(afterOther, 'P13')).toBe(2);
    expect(count(afterOther, 'P03')).toBe(count(afterSettings, 'P03') + 1); // a 一般户 holder
    expect(afterOther).toEqual(await freshProblems(b));

    // An import (its 监测户 have no 走访: monitoring findings), then its undo.
    const backup = await call(b, 'backup.now', {});
    const job = await stageFile(b, sample('persons-gbk.csv'));
    await call(b, 'import.commit', { jobId: job.jobId });
    const afterImport = await problems();
    expect(afterImport.total).toBeGreaterThan(afterOther.total);
    const whole = await call(b, 'overview.get', { asOf: AS_OF });
    expect(whole.persons.total).toBe(503); // the 500 imported and the three entered; the person counts are kept per version too
    expect(whole).toEqual(await freshOverview(b));
    const [batch] = await call(b, 'import.batches', {});
    await call(b, 'import.undo', { batchId: batch.id });
    const afterUndo = await problems();
    expect(afterUndo).toEqual(afterOther);
    expect(await call(b, 'overview.get', { asOf: AS_OF })).toEqual(await freshOverview(b));

    // A loan (the loans list and the eligible households are kept per version as well), then its repayment.
    const borrower = (await call(b, 'persons.query', { limit: 1 })).rows[0];
    const loan = await call(b, 'loans.create', {
      personId: borrower.id, bank: '农商银行', contractNo: 'XD-1', amountFen: 3_000_000, issueDate: '2024-03-01', dueDate: '2024-12-01',
      termMonths: 9, rateE6: 34_500, purpose: '养殖', status: '正常', note: null,
    });
    const withLoan = await call(b, 'overview.get', { asOf: AS_OF });
    expect(withLoan.loans).toMatchObject({ count: 1, overdueCount: 1 });
    expect(withLoan).toEqual(await freshOverview(b));
    await call(b, 'loans.addRepayment', { loanId: loan.id, date: '2024-11-30', principalFen: 3_000_000, interestFen: 0, note: null });
    const repaid = await call(b, 'overview.get', { asOf: AS_OF });
    expect(repaid.loans.overdueCount).toBe(0);
    expect(repaid).toEqual(await freshOverview(b));

    // A restore of the copy taken before the import, after another change.
    await call(b, 'settings.update', { ageMaleMax: 60, ageFemaleMax: 55 });
    expect(await problems()).toEqual(await freshProblems(b));
    await call(b, 'backup.restore', { name: backup.name });
    const afterRestore = await problems();
    expect(afterRestore).toEqual(afterOther);
    expect((await call(b, 'overview.get', { asOf: AS_OF })).loans.count).toBe(0);
    expect(afterRestore).toEqual(await freshProblems(b));
  });

  it('a full 问题清单 run leaves its counts for 概览 at the same date; a module run does not', async () => {
    const { b } = await setup();
    const ruleRuns = vi.spyOn(RULES[0], 'run');
    await call(b, 'checks.run', { asOf: AS_OF, module: 'posts' });
    const afterModule = ruleRuns.mock.calls.length;
    await call(b, 'overview.get', { asOf: AS_OF });
    expect(ruleRuns.mock.calls.length).toBeGreaterThan(afterModule); // counted afresh

    await call(b, 'settings.update', { vacantMonths: 3 });
    const found = await call(b, 'checks.run', { asOf: AS_OF });
    const afterFull = ruleRuns.mock.calls.length;
    const ov = await call(b, 'overview.get', { asOf: AS_OF });
    expect(ruleRuns.mock.calls.length).toBe(afterFull);
    expect(ov.problems.total).toBe(found.length);
    expect(ov.problems).toEqual(await freshProblems(b));
  });
});
