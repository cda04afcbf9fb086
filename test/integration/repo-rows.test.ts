import { describe, expect, it } from 'vitest';
import { freshBackend } from './helpers';
import { deleteRow, insertRow, restoreRow, softDeleteRow, updateRow } from '../../electron/backend/db/repo/rows';

/** The generic row writer every repository goes through: each write leaves one audit row of one shape. */
const audits = (b: ReturnType<typeof freshBackend>) =>
  (b.ctx.db.prepare('SELECT action, table_name, record_id, before_json, after_json, batch_id FROM audit_log WHERE table_name = ? ORDER BY id').all('villages') as
    { action: string; record_id: number; before_json: string | null; after_json: string | null; batch_id: number | null }[]);

describe('db/repo/rows', () => {
  it('insert, update, unchanged update, delete: whole rows under the column names', () => {
    const b = freshBackend();
    const tx = (f: () => void) => b.ctx.db.transaction(f)();
    let id = 0;
    tx(() => { id = insertRow(b.ctx, 'villages', { name: '东村' }); });
    tx(() => { expect(updateRow(b.ctx, 'villages', id, { name: '东村' })).toBe(false); });
    tx(() => { expect(updateRow(b.ctx, 'villages', id, { name: '西村' })).toBe(true); });
    tx(() => { deleteRow(b.ctx, 'villages', id); });
    const a = audits(b);
    expect(a.map((r) => r.action)).toEqual(['create', 'update', 'delete']);
    expect(JSON.parse(a[0].after_json!)).toMatchObject({ id, name: '东村' });
    expect(JSON.parse(a[1].before_json!)).toMatchObject({ name: '东村' });
    expect(JSON.parse(a[1].after_json!)).toMatchObject({ name: '西村' });
    expect(JSON.parse(a[2].before_json!)).toMatchObject({ name: '西村' });
    expect(b.ctx.db.prepare('SELECT COUNT(*) AS n FROM villages WHERE id = ?').get(id)).toEqual({ n: 0 });
  });

  it('a reason given goes into the audit row beside the row (update) or as the after (delete), never into the table', () => {
    const b = freshBackend();
    const tx = (f: () => void) => b.ctx.db.transaction(f)();
    let id = 0;
    tx(() => { id = insertRow(b.ctx, 'villages', { name: '东村' }); });
    // Unchanged: nothing written even with a reason (the reason explains a change).
    tx(() => { expect(updateRow(b.ctx, 'villages', id, { name: '东村' }, null, {}, '更名')).toBe(false); });
    tx(() => { expect(updateRow(b.ctx, 'villages', id, { name: '西村' }, null, {}, '更名')).toBe(true); });
    tx(() => { deleteRow(b.ctx, 'villages', id, null, '重复录入'); });
    const a = audits(b);
    expect(a.map((r) => r.action)).toEqual(['create', 'update', 'delete']);
    const row = { id, name: '西村', code: null };
    expect(JSON.parse(a[1].before_json!)).toMatchObject({ ...row, name: '东村' });
    expect(JSON.parse(a[1].before_json!)).not.toHaveProperty('reason');
    const { reason, ...after } = JSON.parse(a[1].after_json!) as Record<string, unknown>;
    expect(reason).toBe('更名');
    expect(JSON.parse(a[2].before_json!)).toEqual(after);
    expect(after).toMatchObject(row);
    expect(JSON.parse(a[2].after_json!)).toEqual({ reason: '重复录入' });
    // Without a reason a delete's after stays empty.
    tx(() => { deleteRow(b.ctx, 'villages', insertRow(b.ctx, 'villages', { name: '南村' })); });
    expect(audits(b).at(-1)!.after_json).toBeNull();
  });

  it('refuses a reason for a table with a reason column of its own (the audit row would hide the real value)', () => {
    const b = freshBackend();
    const db = b.ctx.db;
    const w = db.transaction(() => insertRow(b.ctx, 'workshops', { name: '车间', status: '正常运营' }))();
    const h = db.transaction(() => insertRow(b.ctx, 'workshop_status_history', { workshop_id: w, to_status: '正常运营', changed_on: '2024-01-01', reason: '新建' }))();
    expect(() => db.transaction(() => updateRow(b.ctx, 'workshop_status_history', h, { reason: '改' }, null, {}, '为什么'))()).toThrow(/自有 reason 列/);
    expect(db.prepare('SELECT reason FROM workshop_status_history WHERE id = ?').get(h)).toEqual({ reason: '新建' });
  });

  it('refuses a column the table does not have (a typo fails loudly) and writes nothing', () => {
    const b = freshBackend();
    expect(() => b.ctx.db.transaction(() => insertRow(b.ctx, 'villages', { name: '东村', nmae: 'x' }))()).toThrow(/没有列 nmae/);
    expect(() => insertRow(b.ctx, 'no_such_table', { a: 1 })).toThrow(/没有数据表/);
    expect(b.ctx.db.prepare('SELECT COUNT(*) AS n FROM villages').get()).toEqual({ n: 0 });
    expect(audits(b)).toHaveLength(0);
  });

  it('soft delete and restore keep the row and are audited', () => {
    const b = freshBackend();
    const db = b.ctx.db;
    const id = db.transaction(() => insertRow(b.ctx, 'persons', { id_no: '140724198001010011', name: '张一', in_roster: 1 }))();
    db.transaction(() => softDeleteRow(b.ctx, 'persons', id, '2026-12-06 08:00:00'))();
    expect(db.prepare('SELECT deleted_at FROM persons WHERE id = ?').get(id)).toEqual({ deleted_at: '2026-12-06 08:00:00' });
    db.transaction(() => restoreRow(b.ctx, 'persons', id))();
    expect(db.prepare('SELECT deleted_at FROM persons WHERE id = ?').get(id)).toEqual({ deleted_at: null });
    const acts = (db.prepare("SELECT action FROM audit_log WHERE table_name = 'persons' ORDER BY id").all() as { action: string }[]).map((r) => r.action);
    expect(acts).toEqual(['create', 'delete', 'restore']);
  });
});
