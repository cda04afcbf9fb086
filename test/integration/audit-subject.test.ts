import { describe, expect, it } from 'vitest';
import { sample } from '../samples';
import { call, rosterBackend, stageFile } from './helpers';

/** 操作日志 names the person or household a change concerns, never only a record number. */
describe('操作日志 涉及', () => {
  it('names the holder for 考勤 and 月度锁定, the person for 人员 and the borrower for 贷款', async () => {
    const b = await rosterBackend();
    await call(b, 'import.commit', { jobId: (await stageFile(b, sample('posts-roster-township.xlsx'), 'posts')).jobId });
    await call(b, 'import.commit', { jobId: (await stageFile(b, sample('microloans-ledger.xlsx'), 'loans')).jobId });
    const month = '2024-03';
    const { rows } = await call(b, 'attendance.month', { month });
    const r = rows[0];
    await call(b, 'attendance.save', { month, rows: [{ appointmentId: r.appointmentId, dueDays: 22, presentDays: 20, assessment: '合格', paidFen: null, paidReason: null }] });
    await call(b, 'attendance.lock', { month });
    const person = (await call(b, 'persons.query', { offset: 0, limit: 1 })).rows[0];
    await call(b, 'persons.update', { ...person, phone: '13912345678' });

    const log = (await call(b, 'audit.query', { offset: 0, limit: 20 })).rows;
    const att = log.find((x) => x.table === 'attendance')!;
    expect(att.subject).toContain(r.personName);
    expect(att.subject).toContain(r.postName);
    expect(att.subject).toContain(`${month} 考勤`);
    expect(log.find((x) => x.table === 'month_locks')!.subject).toBe(`${month} 工资`);
    const upd = log.find((x) => x.table === 'persons' && x.action === 'update')!;
    expect(upd.subject).toContain(person.name);
    const loans = (await call(b, 'audit.query', { table: 'loans', offset: 0, limit: 5 })).rows;
    expect(loans.length).toBeGreaterThan(0);
    for (const l of loans) expect(l.subject).toMatch(/^\p{Script=Han}{2,4}（.+村）/u);
    // Every row of the log names something.
    const all = (await call(b, 'audit.query', { offset: 0, limit: 200 })).rows;
    expect(all.filter((x) => !x.subject).map((x) => `${x.table} ${x.recordId}`)).toEqual([]);
  });
});
