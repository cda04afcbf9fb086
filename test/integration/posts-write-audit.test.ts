/**
 * Every write of the 公益岗位 tables goes through db/repo (posts, appointments, attendance, gongshi) and
 * leaves exactly one audit row per changed record, in the one shape: the whole row under the table's
 * column names. Each action below is run between two snapshots of the six tables (test/support/auditedWrites.ts);
 * a write that bypasses the repository (no audit row, or a camelCase form snapshot) fails here.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sample } from '../samples';
import { call, freshBackend, importBuffer, validId } from './helpers';
import { withCellsChanged } from '../support/editWorkbook';
import { auditedWrites, sqlWritesOutsideRepo } from '../support/auditedWrites';

/** The six tables; the keyed ones without an id say their key and what their audit rows' record_id holds. */
const { snapshot, audited } = auditedWrites({
  posts: {}, appointments: {}, attendance: { key: ['appointment_id', 'month'], recordId: 'appointment_id' }, month_locks: { key: ['month'], recordId: null },
  gongshi_records: {}, gongshi_items: { key: ['gongshi_id', 'appointment_id'], recordId: 'appointment_id' },
});

const fromBase64 = (r: { base64: string }) => Buffer.from(r.base64, 'base64');

describe('公益岗位 writes: one audit row per changed record, whole rows under the column names', () => {
  it('the forms, 退岗, 续聘, 考勤, 锁定/解锁 and 公示 records', async () => {
    const b = freshBackend();
    try {
      const v = await call(b, 'villages.create', { name: '东关村', code: null });
      const person = (i: number) => call(b, 'persons.create', {
        idNo: validId(`14072419800101${String(100 + i).padStart(3, '0')}`), name: ['王建国', '李秀英'][i - 1], villageId: v.id, householdNo: `H${i}`, householdType: '脱贫户',
        monitorCategory: null, riskEliminated: null, exitYear: 2018, relation: '户主', laborSkill: null, phone: null,
      });
      const p1 = await person(1), p2 = await person(2);
      const postIn = { villageId: v.id, name: '保洁员', category: '乡村公益岗', fundSource: null, headcount: 2, duties: null, workTime: null, wageFen: 50000, councilDate: null, councilRecord: null };
      let post = { id: 0 };
      expect(await audited(b, 'posts.create', async () => { post = await call(b, 'posts.create', postIn); })).toBe(1);
      expect(await audited(b, 'posts.update', () => call(b, 'posts.update', { ...postIn, id: post.id, duties: '村道保洁' }))).toBe(1);
      // Saved without a change: nothing written, nothing logged.
      expect(await audited(b, 'posts.update unchanged', () => call(b, 'posts.update', { ...postIn, id: post.id, duties: '村道保洁' }))).toBe(0);
      const other = await call(b, 'posts.create', { ...postIn, name: '护路员' });
      expect(await audited(b, 'posts.revoke', () => call(b, 'posts.revoke', { id: other.id, date: '2024-05-01' }))).toBe(1);

      const apptIn = (personId: number) => ({ postId: post.id, personId, agreementNo: null, startDate: '2024-01-01', endDate: '2024-12-31', wageFen: 50000,
        bankAccount: null, bankName: null, status: '在岗' as const, remark: null });
      let a1 = { id: 0 }, a2 = { id: 0 };
      expect(await audited(b, 'appointments.create', async () => { a1 = await call(b, 'appointments.create', apptIn(p1.id)); })).toBe(1);
      a2 = await call(b, 'appointments.create', apptIn(p2.id));
      expect(await audited(b, 'appointments.update', () => call(b, 'appointments.update', { ...apptIn(p1.id), id: a1.id, bankName: '农商银行' }))).toBe(1);
      expect(await audited(b, 'appointments.renew', () => call(b, 'appointments.renew', { ids: [a1.id, a2.id], endDate: '2025-12-31', note: '2025年续聘' }))).toBe(2);

      const month = '2024-03';
      const att = (id: number, presentDays: number) => ({ appointmentId: id, dueDays: 22, presentDays, assessment: '合格' as const, paidFen: null, paidReason: null });
      expect(await audited(b, 'attendance.save (new)', () => call(b, 'attendance.save', { month, rows: [att(a1.id, 22), att(a2.id, 20)] }))).toBe(2);
      expect(await audited(b, 'attendance.save (one changed)', () => call(b, 'attendance.save', { month, rows: [att(a1.id, 22), att(a2.id, 21)] }))).toBe(1);
      expect(await audited(b, 'attendance.lock', () => call(b, 'attendance.lock', { month }))).toBe(1);
      expect(await audited(b, 'attendance.lock again', () => call(b, 'attendance.lock', { month }))).toBe(0);
      expect(await audited(b, 'attendance.unlock', () => call(b, 'attendance.unlock', { month, reason: '补发3月工资' }))).toBe(1);

      expect(await audited(b, 'print.record', () => call(b, 'print.record', { kind: 'gongshi', villageId: v.id, startDate: '2024-01-02' }))).toBe(3);
      expect(await audited(b, 'appointments.exit', () => call(b, 'appointments.exit', { id: a2.id, date: '2024-06-30', reason: '本人不再需要', note: null }))).toBe(1);

      // 操作日志 reads them in Chinese and names the holder.
      const log = (await call(b, 'audit.query', { limit: 200 })).rows;
      const renew = log.find((r) => r.table === 'appointments' && r.summary.includes('2025-12-31'))!;
      expect(renew.subject).toMatch(/^(王建国|李秀英)（东关村） 保洁员$/);
      expect(renew.summary).toContain('结束日期：2024-12-31 → 2025-12-31');
      expect(renew.summary).toMatch(/原因：(（空） → )?2025年续聘/);
      const unlock = log.find((r) => r.table === 'month_locks' && r.action === 'delete')!;
      expect(unlock.subject).toBe(`${month} 工资`);
      expect(unlock.summary).toContain('原因：补发3月工资');
      expect(log.find((r) => r.table === 'attendance')!.summary).toMatch(/实出勤天数/);
      expect(log.find((r) => r.table === 'gongshi_items')!.subject).toMatch(/^(王建国|李秀英)（东关村） 保洁员，/);
      expect(log.filter((r) => r.table !== 'persons' && r.table !== 'households' && r.table !== 'villages').flatMap((r) => r.changes.map((c) => c.label))
        .filter((l) => /[a-z_]/.test(l))).toEqual([]);
    } finally {
      b.close();
    }
  });

  it('the 花名册, 岗位库 and 工资发放表 imports', async () => {
    const b = freshBackend();
    try {
      let s = await importBuffer(b, 'posts', 'posts.xlsx', fs.readFileSync(sample('posts-roster-township.xlsx')));
      expect(s.inserted).toBeGreaterThan(0);
      const roster = fs.readFileSync(sample('posts-roster-township.xlsx'));
      expect(await audited(b, 'posts import (changed bank accounts)', async () => {
        s = await importBuffer(b, 'posts', 'posts-2.xlsx', await withCellsChanged(roster, '银行卡号', 4, (i) => `62170000000000${String(20000 + i)}`));
      })).toBe(s.updated);
      expect(s.updated).toBeGreaterThan(0);
      expect(await audited(b, 'post-library import', async () => {
        s = await importBuffer(b, 'post-library', 'library.xlsx', await withCellsChanged(fromBase64(await call(b, 'export.postLibrary', {})), '工作职责', 3, (i) => `负责第${i + 1}片区`));
      })).toBe(s.updated);
      expect(s.updated).toBe(3);
      let wages: Buffer = fromBase64(await call(b, 'export.wages', { month: '2023-08' }));
      for (const [column, value] of [['应出勤天数', 22], ['实出勤天数', 20], ['考核结果', '合格']] as const) wages = await withCellsChanged(wages, column, 5, () => value);
      expect(await audited(b, 'post-wages import (new)', async () => { s = await importBuffer(b, 'post-wages', 'wages.xlsx', wages); })).toBe(5);
      const beforeChange = snapshot(b);
      expect(await audited(b, 'post-wages import (changed)', async () => {
        s = await importBuffer(b, 'post-wages', 'wages-2.xlsx', await withCellsChanged(wages, '实出勤天数', 2, () => 18));
      })).toBe(2);
      // The undo (attendance's hook in db/repo/attendance.ts) puts the rows back from those audit rows.
      await call(b, 'import.undo', { batchId: s.batchId! });
      expect(snapshot(b)).toEqual(beforeChange);
    } finally {
      b.close();
    }
  });
});

describe('操作日志 still reads the rows written before the repositories', () => {
  it('camelCase form snapshots of posts, appointments, attendance, month locks and 公示名单 show Chinese labels and whom they are about', async () => {
    const b = freshBackend();
    try {
      const v = await call(b, 'villages.create', { name: '西关村', code: null });
      const p = await call(b, 'persons.create', { idNo: validId('14072419800101201'), name: '赵桂兰', villageId: v.id, householdNo: 'H9', householdType: '脱贫户',
        monitorCategory: null, riskEliminated: null, exitYear: 2018, relation: '户主', laborSkill: null, phone: null });
      const post = await call(b, 'posts.create', { villageId: v.id, name: '护林员', category: '乡村公益岗', fundSource: null, headcount: 1, duties: null, workTime: null, wageFen: 60000, councilDate: null, councilRecord: null });
      const a = await call(b, 'appointments.create', { postId: post.id, personId: p.id, agreementNo: null, startDate: '2024-01-01', endDate: '2024-12-31', wageFen: 60000,
        bankAccount: null, bankName: null, status: '在岗', remark: null });
      const g = await call(b, 'print.record', { kind: 'gongshi', villageId: v.id, startDate: '2024-01-02' });
      // What the services wrote before db/repo (the shapes users' databases still hold).
      const old = b.ctx.db.prepare('INSERT INTO audit_log (operator, action, table_name, record_id, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?)');
      const j = (o: unknown) => JSON.stringify(o);
      old.run('老会计', 'update', 'posts', post.id, j({ name: '护林员', wageFen: 50000 }), j({ name: '护林员', wageFen: 60000 }));
      old.run('老会计', 'update', 'appointments', a.id, j({ endDate: '2024-06-30' }), j({ endDate: '2024-12-31', note: '批量续聘' }));
      old.run('老会计', 'update', 'attendance', a.id, j({ appointmentId: a.id, dueDays: null, presentDays: null }),
        j({ month: '2024-03', appointmentId: a.id, dueDays: 22, presentDays: 20, assessment: '合格', payableFen: 54545, paidFen: 54545 }));
      old.run('老会计', 'update', 'month_locks', null, j({ month: '2024-03', locked: true, lockedAt: '2024-04-01 09:00:00', lockedBy: '王会计' }), j({ month: '2024-03', locked: false, reason: '补发' }));
      old.run('老会计', 'create', 'gongshi_items', g.id, null, j({ gongshiId: g.id, appointmentIds: [a.id] }));
      const log = (await call(b, 'audit.query', { operator: '老会计', limit: 50 })).rows;
      const by = (t: string) => log.find((r) => r.table === t)!;
      // A post's wage is its 月补贴标准 and an agreement's end its 聘用结束日期, as on the 岗位库 and 聘用 lists (shared/fields.ts).
      expect(by('posts')).toMatchObject({ subject: '西关村护林员', summary: '月补贴标准：500.00 元 → 600.00 元' });
      expect(by('appointments').subject).toBe('赵桂兰（西关村） 护林员');
      expect(by('appointments').summary).toContain('聘用结束日期：2024-06-30 → 2024-12-31');
      expect(by('attendance').subject).toBe('赵桂兰（西关村） 护林员，2024-03 考勤');
      expect(by('attendance').summary).toContain('实出勤天数：（空） → 20');
      expect(by('month_locks').subject).toBe('2024-03 工资');
      expect(by('month_locks').summary).toContain('已锁定：是 → 否');
      expect(by('gongshi_items').subject).toBe(g.scope);
    } finally {
      b.close();
    }
  });
});

describe('公益岗位 tables are written only in db/repo', () => {
  it('no INSERT/UPDATE/DELETE of them anywhere else in the backend (migrations aside)', () => {
    expect(sqlWritesOutsideRepo(['posts', 'appointments', 'attendance', 'month_locks', 'gongshi_records', 'gongshi_items'])).toEqual([]);
  });
});
