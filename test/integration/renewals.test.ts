import { describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/index';
import { call, freshBackend, validId } from './helpers';

/** A village with three holders: two agreements ended in 2024, one runs to 2027; one more holder exited. */
async function setup() {
  const b = freshBackend();
  const v = await call(b, 'villages.create', { name: '西关村', code: '140724100202' });
  const other = await call(b, 'villages.create', { name: '沙垴村', code: '140724100208' });
  const post = await call(b, 'posts.create', { villageId: v.id, name: '保洁员', category: '乡村公益岗', fundSource: null, headcount: 10, duties: null, workTime: null, wageFen: 50000, councilDate: null, councilRecord: '2024-01-05 村两委会议' });
  const post2 = await call(b, 'posts.create', { villageId: other.id, name: '护路员', category: '交通护路员', fundSource: null, headcount: 10, duties: null, workTime: null, wageFen: 50000, councilDate: null, councilRecord: null });
  const person = async (i: number, name: string, villageId: number) => call(b, 'persons.create', {
    idNo: validId(`14072419700101${String(100 + i).padStart(3, '0')}`), name, villageId, householdNo: `H${i}`, householdType: '脱贫户',
    monitorCategory: null, riskEliminated: null, exitYear: 2018, relation: '户主', laborSkill: '普通劳动力', phone: null,
  });
  const appoint = async (postId: number, personId: number, endDate: string | null) => call(b, 'appointments.create', {
    postId, personId, agreementNo: `XY-${personId}`, startDate: '2023-01-01', endDate, wageFen: 50000, bankAccount: null, bankName: null, status: '在岗', remark: null,
  });
  const a1 = await appoint(post.id, (await person(1, '王建国', v.id)).id, '2024-06-30');
  const a2 = await appoint(post.id, (await person(2, '李秀英', v.id)).id, '2024-12-31');
  const a3 = await appoint(post.id, (await person(3, '张志刚', v.id)).id, '2027-12-31');
  const a4 = await appoint(post.id, (await person(4, '刘丽娟', v.id)).id, '2024-06-30');
  await call(b, 'appointments.exit', { id: a4.id, date: '2024-03-01', reason: '本人不再需要', note: null });
  const a5 = await appoint(post2.id, (await person(5, '陈保平', other.id)).id, '2024-06-30');
  return { b, v, other, post, a1, a2, a3, a4, a5 };
}

function auditRows(b: Backend, table: string) {
  return b.ctx.db.prepare('SELECT record_id AS id, before_json AS before, after_json AS after, operator FROM audit_log WHERE table_name = ? ORDER BY rowid').all(table) as
    { id: number; before: string; after: string; operator: string }[];
}

describe('批量续聘', () => {
  it('lists a village’s expired and soon-ending agreements at the as-of date, not exited ones nor open ones', async () => {
    const { b, v, a1, a2, a3, a5 } = await setup();
    const r = await call(b, 'appointments.renewable', { asOf: '2024-12-15', villageId: v.id });
    expect(r.alertDays).toBe(30);
    expect(r.endingBefore).toBe('2025-01-15');
    expect(r.rows.map((a) => [a.id, a.state, a.daysLeft])).toEqual([[a1.id, '已期满', -168], [a2.id, '即将到期', 16]]);
    // Another as-of date, another answer: on 2024-06-01 only the June agreement is due.
    expect((await call(b, 'appointments.renewable', { asOf: '2024-06-01', villageId: v.id })).rows.map((a) => a.id)).toEqual([a1.id]);
    // The whole township, an explicit end-date bound.
    expect((await call(b, 'appointments.renewable', { asOf: '2025-03-01', endingBefore: '2025-01-01' })).rows.map((a) => a.id).sort()).toEqual([a1.id, a2.id, a5.id].sort());
    expect((await call(b, 'appointments.renewable', { asOf: '2030-01-01' })).rows.map((a) => a.id)).toContain(a3.id);
    // The setting moves the window.
    await call(b, 'settings.update', { appointmentDueAlertDays: 10 });
    expect((await call(b, 'appointments.renewable', { asOf: '2024-12-15', villageId: v.id })).rows.map((a) => a.id)).toEqual([a1.id]);
  });

  it('renews the selected agreements in one transaction, one audit row each with the old and new end date', async () => {
    const { b, a1, a2, a3 } = await setup();
    const before = auditRows(b, 'appointments').length;
    const r = await call(b, 'appointments.renew', { ids: [a1.id, a2.id], endDate: '2025-12-31', note: '2025年续聘' });
    expect(r.renewed.map((x) => [x.id, x.before, x.after])).toEqual([[a1.id, '2024-06-30', '2025-12-31'], [a2.id, '2024-12-31', '2025-12-31']]);
    expect((await call(b, 'appointments.list', { limit: 50 })).rows.filter((a) => a.endDate === '2025-12-31').map((a) => a.id).sort()).toEqual([a1.id, a2.id].sort());
    const rows = auditRows(b, 'appointments').slice(before);
    // The whole row before and after under the column names (db/repo/appointments.ts), the note as the reason beside it.
    expect(rows.map((x) => [x.id, JSON.parse(x.before).end_date, JSON.parse(x.after).end_date, JSON.parse(x.after).reason, x.operator]))
      .toEqual([[a1.id, '2024-06-30', '2025-12-31', '2025年续聘', '测试员'], [a2.id, '2024-12-31', '2025-12-31', '2025年续聘', '测试员']]);
    // Renewed agreements are no longer P13 聘用期满 at a date inside the new term; the one not renewed still is not (ends 2027).
    const p13 = (await call(b, 'checks.run', { module: 'posts', asOf: '2025-06-01' })).filter((f) => f.rule === 'P13').map((f) => f.record.id);
    expect(p13).not.toContain(a1.id);
    expect(p13).not.toContain(a2.id);
    expect(p13.length).toBe(1); // 沙垴村's, not renewed
    expect((await call(b, 'appointments.list', { limit: 50 })).rows.find((a) => a.id === a3.id)?.endDate).toBe('2027-12-31');
  });

  it('refuses the whole batch with a list when one is 已退岗 or the new end date is not later; nothing changes', async () => {
    const { b, a1, a3, a4 } = await setup();
    const before = auditRows(b, 'appointments').length;
    const err = await call(b, 'appointments.renew', { ids: [a1.id, a3.id, a4.id], endDate: '2025-12-31', note: null }).catch((e: Error & { code?: string }) => e);
    expect(err).toBeInstanceOf(Error);
    const msg = (err as Error).message;
    expect((err as { code?: string }).code).toBe('CONFLICT');
    expect(msg).toContain('以下 2 条聘用不能续聘，本次没有做任何修改');
    expect(msg).toContain('刘丽娟（西关村保洁员）：已于 2024-03-01 退岗');
    expect(msg).toContain('张志刚（西关村保洁员）：新的结束日期 2025-12-31 不晚于原结束日期 2027-12-31');
    expect(msg).not.toContain('王建国');
    const all = (await call(b, 'appointments.list', { limit: 50 })).rows;
    expect(all.find((a) => a.id === a1.id)?.endDate).toBe('2024-06-30');
    expect(auditRows(b, 'appointments').length).toBe(before);
    // The same end date as before is not a renewal either.
    await expect(call(b, 'appointments.renew', { ids: [a1.id], endDate: '2024-06-30', note: null })).rejects.toThrow('不晚于原结束日期 2024-06-30');
    await expect(call(b, 'appointments.renew', { ids: [999], endDate: '2025-06-30', note: null })).rejects.toThrow('聘用记录 999 不存在');
  });

  it('prints the 续聘公示 of exactly the renewed appointments', async () => {
    const { b, v, a1, a2 } = await setup();
    await call(b, 'settings.update', { township: '城关镇' });
    await call(b, 'appointments.renew', { ids: [a1.id], endDate: '2025-12-31', note: null });
    const r = await call(b, 'print.html', { kind: 'gongshi', villageId: v.id, appointmentIds: [a1.id], renewal: true, startDate: '2025-01-02' });
    expect(r.title).toBe('关于城关镇西关村2025年乡村公益性岗位人员续聘的公示');
    expect(r.rows).toBe(1);
    expect(r.html).toContain('王建国');
    expect(r.html).toContain('2023.01.01—2025.12.31');
    expect(r.html).not.toContain('李秀英');
    // Without `renewal` the same list is an ordinary 聘用公示 (the 问题清单's P10 group prints it so).
    const listed = await call(b, 'print.html', { kind: 'gongshi', villageId: v.id, appointmentIds: [a1.id, a2.id], startDate: '2025-01-02' });
    expect(listed.title).toBe('关于城关镇西关村2025年乡村公益性岗位拟聘用人员的公示');
    expect(listed.rows).toBe(2);
    const all = await call(b, 'print.html', { kind: 'gongshi', villageId: v.id, startDate: '2025-01-02' });
    expect(all.rows).toBe(3);
    expect(a2.id).toBeGreaterThan(0);
  });
});
