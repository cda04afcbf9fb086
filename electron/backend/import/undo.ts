import type { DB } from '../db/open';
import type { Ctx } from '../services/context';
import { AppError } from '../errors';
import { stmt } from '../db/statements';
import { tableColumns } from '../db/schema';
import { describeRecord, TABLE_LABELS } from '../services/auditLog';

/**
 * The one undo of an import batch, for every kind. What a batch wrote is known from two places:
 * rows it inserted carry its id (created_batch_id, or batch_id for the workshop status history),
 * and rows it changed or removed have an audit row of the batch whose `before` holds the row
 * under the table's own column names. So: put every changed row back as it was (newest change
 * first, so the oldest `before` wins), then delete the inserted rows, children before parents.
 * A kind keeps a small hook (KindDef.undo) only for what this cannot see (tables without an id).
 */

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
/**
 * Shared names rather than records: a village a batch created because its file was the first to name it
 * stays while anything else (a later batch, a hand entry) is in it, as before the undo existed.
 */
const KEPT_WHILE_USED = new Set(['villages']);
/** Not data: the batches themselves and the log that describes them. */
const BOOKKEEPING = new Set(['import_batches', 'audit_log']);

export const columnsOf = (db: DB, table: string): string[] => [...tableColumns(db, table)];

/** Tables whose rows name the batch that inserted them, with the column that does. */
export function batchTables(db: DB): { table: string; column: string }[] {
  const out: { table: string; column: string }[] = [];
  for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]) {
    if (BOOKKEEPING.has(name)) continue;
    const cols = columnsOf(db, name);
    const column = cols.includes('created_batch_id') ? 'created_batch_id' : cols.includes('batch_id') ? 'batch_id' : null;
    if (column && cols.includes('id')) out.push({ table: name, column });
  }
  return out;
}

type ForeignKey = { table: string; from: string; parent: string; to: string | null };

function foreignKeys(db: DB): ForeignKey[] {
  const out: ForeignKey[] = [];
  for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]) {
    if (BOOKKEEPING.has(name)) continue;
    for (const fk of db.prepare(`PRAGMA foreign_key_list(${q(name)})`).all() as { table: string; from: string; to: string | null }[]) {
      if (fk.table !== 'import_batches') out.push({ table: name, from: fk.from, parent: fk.table, to: fk.to });
    }
  }
  return out;
}

/** Children before parents, so no delete leaves a row pointing at nothing. */
function childrenFirst(tables: { table: string; column: string }[], fks: ForeignKey[]) {
  const names = new Set(tables.map((t) => t.table));
  const done = new Set<string>(), out: { table: string; column: string }[] = [];
  const visit = (t: { table: string; column: string }, path: Set<string>) => {
    if (done.has(t.table) || path.has(t.table)) return;
    path.add(t.table);
    for (const fk of fks) if (fk.parent === t.table && fk.table !== t.table && names.has(fk.table)) visit(tables.find((x) => x.table === fk.table)!, path);
    done.add(t.table);
    out.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return out;
}

type AuditEntry = { table_name: string; action: string; record_id: number | null; before_json: string | null };

/** Changed and removed rows back as the batch found them, field by field from the audit `before`. */
function restoreChanged(db: DB, batchId: number, skip: Set<string>) {
  const entries = db.prepare(`SELECT table_name, action, record_id, before_json FROM audit_log WHERE batch_id = ? AND action IN ('update', 'delete')
    ORDER BY id DESC`).all(batchId) as AuditEntry[];
  for (const e of entries) {
    if (BOOKKEEPING.has(e.table_name) || skip.has(e.table_name) || !e.before_json) continue;
    const tableCols = tableColumns(db, e.table_name);
    if (!tableCols.includes('id')) continue; // keyed otherwise (attendance): the kind's hook
    const before = JSON.parse(e.before_json) as Record<string, unknown>;
    const keys = Object.keys(before).filter((k) => tableCols.includes(k));
    if (e.action === 'update') {
      const id = e.record_id ?? before.id;
      const set = keys.filter((k) => k !== 'id');
      if (id == null || !set.length) continue;
      // The same SQL for every row of a table with the same columns: prepared once (a 100k-row batch would prepare 100k).
      stmt(db, `UPDATE ${q(e.table_name)} SET ${set.map((k) => `${q(k)} = @${k}`).join(', ')} WHERE id = @__id`).run({ ...pick(before, set), __id: id });
    } else {
      stmt(db, `INSERT INTO ${q(e.table_name)} (${keys.map(q).join(', ')}) VALUES (${keys.map((k) => `@${k}`).join(', ')})`).run(pick(before, keys));
    }
  }
}

const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k] === undefined ? null : typeof o[k] === 'boolean' ? (o[k] ? 1 : 0) : o[k]]));

/** A row outside the batch that points at a row the batch inserted: it would be left pointing at nothing. */
export interface BatchReference { table: string; tableLabel: string; recordId: number | null; subject: string; parentTable: string; parentLabel: string; parentId: number; parentSubject: string; batchId: number | null }

/** Rows not inserted by this batch that refer to rows it inserted (a later batch's appointment, a clerk's repayment). */
export function referencesToBatch(ctx: Ctx, batchId: number): BatchReference[] {
  const db = ctx.db;
  const tables = batchTables(db);
  const batchCol = new Map(tables.map((t) => [t.table, t.column]));
  const out: BatchReference[] = [];
  for (const fk of foreignKeys(db)) {
    const parentCol = batchCol.get(fk.parent);
    if (!parentCol || KEPT_WHILE_USED.has(fk.parent)) continue;
    const own = batchCol.get(fk.table);
    const cols = columnsOf(db, fk.table);
    const idSel = cols.includes('id') ? 'c.id' : 'NULL';
    const sel = `SELECT ${idSel} AS id, c.${q(fk.from)} AS parentId${own ? `, c.${q(own)} AS batch` : ', NULL AS batch'} FROM ${q(fk.table)} c
      JOIN ${q(fk.parent)} p ON p.${q(fk.to ?? 'id')} = c.${q(fk.from)} WHERE p.${q(parentCol)} = ?${own ? ` AND c.${q(own)} IS NOT ?` : ''} LIMIT 50`;
    const rows = db.prepare(sel).all(...(own ? [batchId, batchId] : [batchId])) as { id: number | null; parentId: number; batch: number | null }[];
    for (const r of rows) {
      out.push({
        table: fk.table, tableLabel: TABLE_LABELS[fk.table] ?? fk.table, recordId: r.id, subject: r.id == null ? '' : describeRecord(ctx, fk.table, r.id),
        parentTable: fk.parent, parentLabel: TABLE_LABELS[fk.parent] ?? fk.parent, parentId: r.parentId, parentSubject: describeRecord(ctx, fk.parent, r.parentId), batchId: r.batch,
      });
    }
  }
  return out;
}

/** Undoes what the batch wrote; the caller runs it in the transaction that marks the batch undone. */
export function undoBatchRows(ctx: Ctx, batchId: number, opts: { skipTables?: string[] } = {}) {
  const db = ctx.db;
  restoreChanged(db, batchId, new Set(opts.skipTables));
  // After the restore: a row this batch had moved onto one of its own inserts now points back where it was.
  const refs = referencesToBatch(ctx, batchId);
  if (refs.length) {
    const lines = refs.slice(0, 30).map((r) => `  · ${r.tableLabel}${r.subject ? ` ${r.subject}` : r.recordId != null ? ` 第 ${r.recordId} 条` : ''}`
      + `（${r.batchId != null ? `第 ${r.batchId} 批导入` : '手工录入'}）用到了本批新增的${r.parentLabel}${r.parentSubject ? ` ${r.parentSubject}` : ` 第 ${r.parentId} 条`}`);
    if (refs.length > 30) lines.push(`  …另有 ${refs.length - 30} 处`);
    throw new AppError('CONFLICT', `第 ${batchId} 批新增的记录之后被其他记录用到（${refs.length} 处），不能撤销：\n${lines.join('\n')}\n请先撤销更晚的导入或删除这些记录，再撤销这一批。`,
      { conflicts: refs });
  }
  const fks = foreignKeys(db);
  for (const t of childrenFirst(batchTables(db), fks)) {
    const used = KEPT_WHILE_USED.has(t.table)
      ? fks.filter((fk) => fk.parent === t.table).map((fk) => ` AND ${q(fk.to ?? 'id')} NOT IN (SELECT ${q(fk.from)} FROM ${q(fk.table)} WHERE ${q(fk.from)} IS NOT NULL)`).join('')
      : '';
    db.prepare(`DELETE FROM ${q(t.table)} WHERE ${q(t.column)} = ?${used}`).run(batchId);
  }
}
