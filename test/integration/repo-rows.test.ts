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
