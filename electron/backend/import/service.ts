import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { refreshPersonSearch } from '../services/personSearch';
import type { ImportJob, ImportSummary, PreviewRow } from '../../../shared/api/contract';
import { AppError } from '../errors';
import { readFailureMessage } from './messages';
import type { Ctx } from '../services/context';
import { nowLocal } from '../services/context';
import { todayIso } from '../../../shared/dates';
import { audit } from '../services/audit';
import { describeAudit } from '../services/auditLog';
import { batchTables, undoBatchRows } from './undo';
import { applyMerges, cellText, detectHeader, headerSignature, type HeaderInfo } from './header';
import { Cancelled, readWorkbook, type SheetData } from './read';
import { READ_LIMITS } from './xlsx-reader';
import { getKind } from './kinds';
import type { FileContext, ImportOptions, KindDef, StagedRow } from './kinds/types';
import { access, classify, columnName, previewFieldValues, rawCellTexts, RowStager, stageRows } from './stage';
import { writeErrorReport } from './error-report';
import { JobRegistry } from '../jobs';
import { usualHouseholdNoLength } from '../db/repo/households';
import { withRollbackJournal } from '../db/journal';
import { prepareSearchIndexer, startSearchIndexer } from '../services/searchIndexer';

interface Job {
  id: string;
  kind: KindDef<unknown>;
  fileName: string;
  /** The file's SHA-256 (import_batches.file_sha256), hashed once the reader thread is on its way. */
  sha256: () => string;
  options: ImportOptions;
  /** The file around the rows, as the kind's prepare left it (e.g. the 工资发放表's month). */
  file: FileContext | null;
  state: ImportJob['state'];
  rowsRead: number;
  percent: number;
  message: string | null;
  sheets: SheetData[];
  sheetScores: { name: string; score: number; rows: number }[];
  sheet: SheetData | null;
  header: HeaderInfo | null;
  mapping: Record<string, number | null>;
  missing: string[];
  staged: StagedRow<unknown>[];
  counts: ImportJob['counts'];
  summary: ImportSummary | null;
  cancelled: boolean;
  done: Promise<void>;
}

/** A preview waits for the clerk (two hours untouched); a file still being read or committed is kept however long. */
const jobs = new JobRegistry<Job>({
  ttlMs: 2 * 60 * 60 * 1000, busy: (j) => j.state === 'reading' || j.state === 'committing',
  goneMessage: '这次导入已过期或已结束，请重新选择文件导入。',
});
const getJob = (id: string) => jobs.get(id);

function view(j: Job): ImportJob {
  return {
    jobId: j.id, state: j.state, fileName: j.fileName, rowsRead: j.rowsRead, percent: j.percent, message: j.message,
    sheets: j.sheetScores, sheet: j.sheet?.name ?? null, headerRow: j.header ? j.header.headerRow + 1 : null,
    headers: j.header?.headers ?? [], fields: j.kind.fields.map((f) => ({ key: f.key, label: f.label, required: !!f.required })),
    mapping: j.mapping, missing: j.missing, counts: j.counts, summary: j.summary, unit: j.kind.unit, warnings: sheetWarnings(j),
  };
}

function sheetWarnings(j: Job): string[] {
  const out: string[] = [];
  const u = j.sheet?.uncalculated, far = j.sheet?.ignored;
  if (u) {
    out.push(`文件“${j.fileName}”的工作表“${j.sheet!.name}”中有 ${u.count} 个公式单元格没有保存计算结果（第一个在 ${u.first}），`
      + '这些格会被当作空白。这种文件通常是别的软件生成的：请用 Excel 或 WPS 打开它，保存一次，再重新导入。');
  }
  if (far) {
    out.push(`文件“${j.fileName}”的工作表“${j.sheet!.name}”中有 ${far.count} 个单元格在第 ${READ_LIMITS.columns} 列以右（第一个在 ${far.first}），`
      + '远超台账会用到的列，没有读取。如果那里确有要导入的内容，请把它移到表格左边的列再导入。');
  }
  return out;
}

const emptyCounts = () => ({ new: 0, changed: 0, unchanged: 0, error: 0 });

/** From this many rows to write, an import commits through the rollback journal and indexes new persons in a thread of its own. */
const BULK_ROWS = 10_000;

/** Reads the file, picks the sheet and header, and stages every row. Runs in the background for the UI. */
async function readAndStage(ctx: Ctx, j: Job, buf: Buffer, sheetName?: string): Promise<void> {
  // The first sheet's rows are parsed while the reader thread reads on, with the header found in the
  // first batch of rows; kept only if that sheet, header, mapping and file context turn out to be the
  // ones chosen once the whole file is read (sameStaging), else the rows are staged again as before.
  let pre: RowStager<unknown> | null | undefined; // undefined: not begun; null: given up
  let seen = 0;
  const onRows = (sheet: SheetData, index: number, first: number) => {
    if (pre === null || index !== 0) return;
    try {
      if (first < seen) { pre = null; return; } // rows out of order: an early row could still change
      seen = sheet.rows.length;
      if (pre === undefined) {
        pre = sheetName && sheet.name !== sheetName ? null : speculate(ctx, j, sheet);
      }
      pre?.advance();
    } catch {
      pre = null; // the staging proper meets the same problem and reports it
    }
  };
  try {
    const { sheets } = await readWorkbook(buf, j.fileName, {
      onProgress: (rows, pct) => { j.rowsRead = rows; j.percent = Math.round(pct * 0.8); },
      isCancelled: () => j.cancelled,
      onRows,
    });
    if (j.cancelled) throw new Cancelled();
    for (const s of sheets) applyMerges(s);
    j.sheets = sheets;
    j.sheetScores = sheets.map((s) => ({ name: s.name, score: detectHeader(s, j.kind.fields)?.score ?? 0, rows: s.rows.length }));
    const nonEmpty = sheets.filter((s) => s.rows.some((r) => r.some((c) => cellText(c))));
    if (!nonEmpty.length) throw new AppError('BAD_FILE', `“${j.fileName}”中的工作表是空的，未找到表头和数据。请确认文件内容。`);
    const chosen = sheetName ? sheets.find((s) => s.name === sheetName) : [...sheets].sort((a, b) => score(j, b) - score(j, a))[0];
    if (!chosen) throw new AppError('VALIDATION', `文件中没有名为“${sheetName}”的工作表。`);
    configure(ctx, j, chosen, undefined, false, pre ?? undefined);
    // Found now, since the commit cannot wait for it (from source the thread's script is bundled first).
    if (j.kind.newPersons && j.counts.new >= BULK_ROWS) await prepareSearchIndexer().catch((e: unknown) => console.error(e));
  } catch (e) {
    j.state = e instanceof Cancelled ? 'cancelled' : 'failed';
    j.message = e instanceof Cancelled ? '已取消导入，未写入任何数据。' : readFailureMessage(j.fileName, e);
    if (!(e instanceof AppError) && !(e instanceof Cancelled)) console.error(e);
  }
}

/** The staging configure would begin for this sheet, begun early; null when it would stop for a mapping. */
function speculate(ctx: Ctx, j: Job, sheet: SheetData): RowStager<unknown> | null {
  const header = detectHeader(sheet, j.kind.fields);
  if (!header) return null;
  const saved = ctx.db.prepare('SELECT mapping_json FROM saved_mappings WHERE signature = ?').get(headerSignature(j.kind.kind, header.headers)) as { mapping_json: string } | undefined;
  const mapping: Record<string, number | null> = saved ? { ...header.mapping, ...JSON.parse(saved.mapping_json) } : header.mapping;
  if (j.kind.fields.some((f) => f.required && mapping[f.key] == null)) return null;
  return new RowStager(ctx, j.kind, sheet, header, mapping, fileContext(ctx, j, sheet, header, (f) => mapping[f] != null), true);
}

/**
 * What every parsed row sees of its file: one builder for the staging while the file is read and the
 * staging afterwards, which must agree row for row (their results are swapped when they match).
 */
function fileContext(ctx: Ctx, j: Job, sheet: SheetData, header: HeaderInfo, has: (field: string) => boolean): FileContext {
  let hhLength: number | undefined;
  const base: FileContext = {
    fileName: j.fileName, sheet: sheet.name, options: j.options,
    titleLines: sheet.rows.slice(0, header.headerRow).map((r) => r.map(cellText).filter(Boolean).join(' ')).filter(Boolean),
    today: todayIso(ctx.now()),
    householdNoLength: () => (hhLength ??= usualHouseholdNoLength(ctx) ?? 15),
    has,
  };
  return j.kind.prepare ? j.kind.prepare(ctx, base) : base;
}

/** Whether an early staging parsed the rows exactly as staging the final sheet now would. */
function sameStaging(pre: RowStager<unknown>, j: Job, sheet: SheetData, header: HeaderInfo): boolean {
  return pre.kind === j.kind && pre.sheet === sheet
    && pre.header.headerRow === header.headerRow && pre.header.firstDataRow === header.firstDataRow
    && JSON.stringify(pre.header.headers) === JSON.stringify(header.headers)
    && JSON.stringify(pre.mapping) === JSON.stringify(j.mapping)
    // The title lines read differently once merges above the header are applied (a merged title repeats
    // in every cell it spans): only a row that read them could differ. Rows that read only today (every
    // ID check does) were parsed the same.
    && [...pre.fileRead].every((k) => JSON.stringify(pre.file?.[k]) === JSON.stringify(j.file?.[k]))
    && pre.rebase();
}

function score(j: Job, s: SheetData) {
  return j.sheetScores.find((x) => x.name === s.name)?.score ?? 0;
}

/** Header + mapping for a sheet (a remembered mapping for the same header layout wins), then staging. */
function configure(ctx: Ctx, j: Job, sheet: SheetData, mapping: Record<string, number | null> | undefined, remember = false,
  pre?: RowStager<unknown>): void {
  j.sheet = sheet;
  // The clerk may have several files open: say which file and sheet the message is about.
  const where = `文件“${j.fileName}”的工作表“${sheet.name}”：`;
  const header = detectHeader(sheet, j.kind.fields);
  if (!header) {
    const firstRows = sheet.rows.slice(0, 5).map((r) => r.map(cellText).filter(Boolean).join('、')).filter(Boolean);
    j.header = null; j.mapping = {}; j.missing = j.kind.fields.filter((f) => f.required).map((f) => f.key);
    if (!sheet.rows.some((r) => r.some((c) => cellText(c)))) throw new AppError('BAD_FILE', `工作表“${sheet.name}”是空的，未找到表头。`);
    throw new AppError('BAD_FILE', where + j.kind.missingMessage(j.kind.fields.filter((f) => f.required), firstRows));
  }
  j.header = header;
  const sig = headerSignature(j.kind.kind, header.headers);
  if (mapping) {
    j.mapping = { ...header.mapping, ...mapping };
    if (remember) ctx.db.prepare('INSERT INTO saved_mappings (signature, kind, mapping_json, saved_at) VALUES (?, ?, ?, ?) ON CONFLICT(signature) DO UPDATE SET mapping_json = excluded.mapping_json, saved_at = excluded.saved_at')
      .run(sig, j.kind.kind, JSON.stringify(j.mapping), nowLocal(ctx.now()));
  } else {
    const saved = ctx.db.prepare('SELECT mapping_json FROM saved_mappings WHERE signature = ?').get(sig) as { mapping_json: string } | undefined;
    j.mapping = saved ? { ...header.mapping, ...JSON.parse(saved.mapping_json) } : header.mapping;
  }
  j.missing = j.kind.fields.filter((f) => f.required && j.mapping[f.key] == null).map((f) => f.key);
  if (j.missing.length) {
    j.state = 'needsMapping';
    j.message = where + j.kind.missingMessage(j.kind.fields.filter((f) => j.missing.includes(f.key)), header.headers);
    return;
  }
  j.file = fileContext(ctx, j, sheet, header, (f) => j.mapping[f] != null);
  const onRow = (n: number) => { j.rowsRead = n; };
  let st;
  if (pre && sameStaging(pre, j, sheet, header)) {
    pre.adopt(j.file);
    pre.advance(onRow);
    st = pre.finish();
  } else {
    pre?.discard();
    st = stageRows(ctx, j.kind, sheet, header, j.mapping, onRow, j.file);
  }
  if (!st.rows.length) throw new AppError('BAD_FILE', `工作表“${sheet.name}”只有表头（第${header.headerRow + 1}行），没有数据行，未导入任何内容。`);
  j.staged = st.rows; j.counts = st.counts; j.state = 'ready'; j.percent = 100; j.message = null;
}

export function startImport(ctx: Ctx, p: { kind: string; fileName: string; base64: string; options?: ImportOptions }, sheet?: string): ImportJob {
  const buf = Buffer.from(p.base64, 'base64');
  return view(createJob(ctx, p.kind, p.fileName, buf, sheet, p.options));
}

function createJob(ctx: Ctx, kind: string, fileName: string, buf: Buffer, sheet?: string, options: ImportOptions = {}): Job {
  const j: Job = {
    id: crypto.randomUUID(), kind: getKind(kind), fileName: path.basename(fileName), sha256: lazySha256(buf),
    options, file: null, state: 'reading', rowsRead: 0, percent: 0, message: null, sheets: [], sheetScores: [], sheet: null, header: null, mapping: {}, missing: [],
    staged: [], counts: emptyCounts(), summary: null, cancelled: false, done: Promise.resolve(),
  };
  jobs.add(j);
  j.done = readAndStage(ctx, j, buf, sheet);
  return j;
}

/** The hash of the file, made after the reader thread has been started (it boots meanwhile), or when first asked for. */
function lazySha256(buf: Buffer): () => string {
  let hex: string | null = null, bytes: Buffer | null = buf;
  const get = () => {
    if (hex === null) { hex = crypto.createHash('sha256').update(bytes!).digest('hex'); bytes = null; } // the job keeps the hash, not the file
    return hex;
  };
  setImmediate(get);
  return get;
}

export function jobStatus(jobId: string): ImportJob {
  return view(getJob(jobId));
}

export function configureImport(ctx: Ctx, p: { jobId: string; sheet?: string; mapping?: Record<string, number | null>; remember: boolean }): ImportJob {
  const j = getJob(p.jobId);
  if (j.state === 'reading' || j.state === 'committing' || j.state === 'committed') throw new AppError('CONFLICT', '当前状态下不能修改列对应关系。');
  const sheet = p.sheet ? j.sheets.find((s) => s.name === p.sheet) : j.sheet;
  if (!sheet) throw new AppError('VALIDATION', `文件中没有名为“${p.sheet}”的工作表。`);
  try { configure(ctx, j, sheet, p.mapping, p.remember); j.message = j.state === 'ready' ? null : j.message; }
  catch (e) { if (e instanceof AppError) { j.state = 'needsMapping'; j.message = e.message; } else throw e; }
  return view(j);
}

export function previewRows(p: { jobId: string; category: string; offset: number; limit: number }): { rows: PreviewRow[]; total: number } {
  const j = getJob(p.jobId);
  const list = p.category === 'all' ? j.staged : j.staged.filter((s) => s.category === p.category);
  return {
    total: list.length,
    rows: list.slice(p.offset, p.offset + p.limit).map((s) => ({
      row: s.row, category: s.category, key: s.key, label: s.label, values: s.record ? j.kind.display(s.record) : {}, changes: s.changes, errors: s.errors,
      fields: previewFieldValues(j.kind, s.record, s.raw, j.mapping), cells: rawCellTexts(s.raw, j.header?.headers.length ?? 0),
    })),
  };
}

function summaryOf(j: Job, batchId: number | null, inserted: number, updated: number, errorsLeft: StagedRow<unknown>[]): ImportSummary {
  return {
    kind: j.kind.kind, rows: j.staged.length, inserted, updated,
    unchanged: j.staged.filter((s) => s.category === 'unchanged').length,
    errors: errorsLeft.flatMap((s) => s.errors), batchId, warnings: sheetWarnings(j),
  };
}

/**
 * Writes the staged rows in one transaction with the batch record. Suggestions the clerk accepted
 * turn those error rows into normal rows first. With allOrNothing, any error row stops the batch.
 */
export function commitImport(ctx: Ctx, p: { jobId: string; acceptSuggestions: number[]; allOrNothing: boolean; dryRun?: boolean }): ImportJob {
  const j = getJob(p.jobId);
  if (j.state !== 'ready') throw new AppError('CONFLICT', j.state === 'committed' ? '这个文件已经导入过了。' : '文件还没有准备好，不能导入。');
  for (const rowNo of p.acceptSuggestions) {
    const s = j.staged.find((x) => x.row === rowNo);
    if (!s?.suggestion) continue;
    const header = j.header!;
    const parsed = j.kind.parseRow(access(s.raw, j.mapping, header.headers, j.file ?? undefined), s.suggestion.idNo);
    if (!parsed.record) continue;
    Object.assign(s, { record: parsed.record, key: j.kind.key(parsed.record), label: j.kind.label_(parsed.record), errors: [], category: 'new' });
    classify(ctx, j.kind, [s], { sheet: j.sheet?.name ?? '', colName: (f) => columnName(j.kind, header, j.mapping, f) });
  }
  const errorRows = j.staged.filter((s) => s.category === 'error');
  if (p.dryRun || (p.allOrNothing && errorRows.length)) {
    j.summary = summaryOf(j, null, 0, 0, errorRows);
    return view(j);
  }
  if (!j.staged.some((s) => s.category === 'new' || s.category === 'changed')) {
    // Nothing to write (e.g. the same file again): no batch, nothing changes.
    j.summary = summaryOf(j, null, 0, 0, errorRows);
    j.state = 'committed';
    return view(j);
  }
  j.state = 'committing';
  try {
    const toWrite = j.staged.filter((s) => s.category === 'new' || s.category === 'changed');
    const write = (alone: boolean) => {
      // A large roster into a ledger no other window has open: its search index is written by a thread beside the commit.
      const people = alone ? j.kind.newPersons?.(toWrite) : undefined;
      const indexer = people && people.idNos.length >= BULK_ROWS ? startSearchIndexer(ctx.db, people) : null;
      let committed = false;
      try {
        const r = ctx.db.transaction(() => {
          const batchId = Number(ctx.db.prepare(`INSERT INTO import_batches (kind, file_name, file_sha256, sheet, operator, committed_at, rows, unchanged, errors)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(j.kind.kind, j.fileName, j.sha256(), j.sheet?.name ?? null, ctx.operator(), nowLocal(ctx.now()), j.staged.length,
            j.staged.filter((s) => s.category === 'unchanged').length, errorRows.length).lastInsertRowid);
          const { inserted, updated } = j.kind.commit(ctx, toWrite, batchId);
          ctx.db.prepare('UPDATE import_batches SET inserted = ?, updated = ? WHERE id = ?').run(inserted, updated, batchId);
          audit(ctx, { action: 'import', table: 'import_batches', recordId: batchId, after: { file: j.fileName, kind: j.kind.kind, inserted, updated }, batchId });
          // The import pays for re-indexing what it wrote, not the clerk's first search afterwards.
          if (indexer) indexer.seal(ctx.db);
          else refreshPersonSearch(ctx.db);
          return { batchId, inserted, updated };
        })();
        committed = true;
        return r;
      } finally {
        indexer?.finish(ctx.db, committed);
      }
    };
    // Only a large import leaves WAL for its commit: for a few pages the switch gains nothing, and meanwhile a
    // second window would wait to read instead of reading the ledger as it was.
    const result = toWrite.length >= BULK_ROWS ? withRollbackJournal(ctx.db, write) : write(false);
    j.summary = summaryOf(j, result.batchId, result.inserted, result.updated, errorRows);
    j.state = 'committed';
    j.sheets = []; // the workbook is no longer needed; keep the staged rows for the error report
  } catch (e) {
    j.state = 'ready';
    throw e;
  }
  return view(j);
}

export function cancelImport(jobId: string): ImportJob {
  const j = getJob(jobId);
  if (j.state === 'committing') throw new AppError('CONFLICT', '正在写入，不能取消。');
  if (j.state !== 'committed') {
    j.cancelled = true; j.state = 'cancelled'; j.message = '已取消导入，未写入任何数据。'; j.staged = []; j.sheets = [];
    // The job stays listed until it expires: keep the sheet's name and notes, not its rows.
    if (j.sheet) j.sheet = { ...j.sheet, rows: [], merges: [] };
  }
  return view(j);
}

export async function errorReport(ctx: Ctx, jobId: string): Promise<{ fileName: string; base64: string }> {
  const j = getJob(jobId);
  const buf = await writeErrorReport(j.fileName, j.sheet?.name ?? '', j.header, j.staged.filter((s) => s.errors.length), ctx.now());
  return { fileName: `${j.fileName.replace(/\.[^.]+$/, '')}-错误报告.xlsx`, base64: buf.toString('base64') };
}

type BatchRow = { id: number; kind: string; fileName: string; sheet: string | null; committedAt: string; operator: string; rows: number; inserted: number; updated: number; unchanged: number; errors: number; undoneAt: string | null };

export function listBatches(ctx: Ctx): BatchRow[] {
  return ctx.db.prepare(`SELECT id, kind, file_name AS fileName, sheet, committed_at AS committedAt, operator, rows, inserted, updated, unchanged, errors,
    undone_at AS undoneAt FROM import_batches ORDER BY id DESC`).all() as BatchRow[];
}

/** A later change that stands in the way of undoing a batch, in the clerk's words. */
export interface UndoConflict {
  table: string; tableLabel: string; recordId: number | null; subject: string; action: string; summary: string;
  at: string; operator: string; batchId: number | null;
}

/** Later changes (by hand or by a batch still in force) to records this batch created or changed. */
function editsAfterBatch(ctx: Ctx, batchId: number): UndoConflict[] {
  const db = ctx.db;
  const touched = new Set<string>();
  // The same tables and batch columns the undo deletes by (created_batch_id, or batch_id for the workshop status history).
  for (const t of batchTables(db)) {
    for (const r of db.prepare(`SELECT id FROM ${JSON.stringify(t.table)} WHERE ${JSON.stringify(t.column)} = ?`).all(batchId) as { id: number }[]) touched.add(`${t.table}:${r.id}`);
  }
  for (const r of db.prepare('SELECT table_name, record_id FROM audit_log WHERE batch_id = ?').all(batchId) as { table_name: string; record_id: number }[]) touched.add(`${r.table_name}:${r.record_id}`);
  const first = (db.prepare('SELECT min(id) AS id FROM audit_log WHERE batch_id = ?').get(batchId) as { id: number | null }).id ?? 0;
  const ids: number[] = [];
  for (const r of db.prepare(`SELECT id, table_name, record_id FROM audit_log WHERE id > ? AND record_id IS NOT NULL
      AND (batch_id IS NULL OR (batch_id <> ? AND batch_id IN (SELECT id FROM import_batches WHERE undone_at IS NULL)))`).iterate(first, batchId) as Iterable<{ id: number; table_name: string; record_id: number }>) {
    if (touched.has(`${r.table_name}:${r.record_id}`)) ids.push(r.id);
  }
  return describeAudit(ctx, ids).map((a) => ({
    table: a.table, tableLabel: a.tableLabel, recordId: a.recordId, subject: a.subject, action: a.actionLabel, summary: a.summary,
    at: a.at, operator: a.operator, batchId: a.batchId,
  }));
}

/** The refusal: which records, what changed, when and by whom, and what to do. */
function conflictMessage(batchId: number, fileName: string, list: UndoConflict[]): string {
  const later = [...new Set(list.map((c) => c.batchId).filter((b): b is number => b != null))].sort((a, b) => b - a);
  const shown = list.slice(0, 50).map((c) => `  · ${c.tableLabel}${c.subject ? ` ${c.subject}` : c.recordId != null ? ` 第 ${c.recordId} 条` : ''}：`
    + `${c.action}${c.summary ? ` ${c.summary}` : ''}（${c.at}，操作员 ${c.operator}，${c.batchId != null ? `第 ${c.batchId} 批导入` : '手工修改'}）`);
  if (list.length > 50) shown.push(`  …另有 ${list.length - 50} 处`);
  const todo = [later.length ? `先撤销更晚的导入（${later.map((b) => `第 ${b} 批`).join('、')}）` : '', list.some((c) => c.batchId == null) ? '把手工修改的记录核对改回' : '']
    .filter(Boolean).join('，并');
  return `第 ${batchId} 批（${fileName}）导入的记录之后又被修改过（${list.length} 处），不能撤销：\n${shown.join('\n')}\n请${todo}，再撤销这一批。`;
}

/** Undoes a whole batch in one transaction; a later batch or a hand edit of the same records must be undone first. */
export function undoBatch(ctx: Ctx, batchId: number) {
  const b = ctx.db.prepare('SELECT * FROM import_batches WHERE id = ?').get(batchId) as { kind: string; undone_at: string | null; file_name: string } | undefined;
  if (!b) throw new AppError('NOT_FOUND', `导入批次 ${batchId} 不存在。运行 batches 查看已有的导入批次。`);
  if (b.undone_at) throw new AppError('CONFLICT', `第 ${batchId} 批（${b.file_name}）已经撤销过了（${b.undone_at}）。`);
  const conflicts = editsAfterBatch(ctx, batchId);
  if (conflicts.length) throw new AppError('CONFLICT', conflictMessage(batchId, b.file_name, conflicts), { conflicts });
  ctx.db.transaction(() => {
    getKind(b.kind).undo?.(ctx, batchId);
    undoBatchRows(ctx, batchId);
    refreshPersonSearch(ctx.db);
    ctx.db.prepare('UPDATE import_batches SET undone_at = ? WHERE id = ?').run(nowLocal(ctx.now()), batchId);
    audit(ctx, { action: 'undo', table: 'import_batches', recordId: batchId, before: { file: b.file_name } });
  })();
  return listBatches(ctx).find((x) => x.id === batchId)!;
}

/** The CLI's whole import in one call: read, stage, then commit unless dry-run. */
export async function importFileForCli(ctx: Ctx, p: { file: string; kind: string; dryRun: boolean; allOrNothing: boolean; sheet?: string; month?: string }): Promise<{ refused?: string; summary?: ImportSummary }> {
  let buf: Buffer;
  try { buf = fs.readFileSync(p.file); } catch { return { refused: `找不到或无法读取文件：${p.file}` }; }
  const j = createJob(ctx, p.kind, p.file, buf, p.sheet, p.month ? { month: p.month } : {});
  await j.done;
  try {
    if (j.state !== 'ready') return { refused: j.message ?? '无法导入该文件' };
    // The CLI never applies a suggested fix: it reports it with the error for the clerk to confirm.
    const v = commitImport(ctx, { jobId: j.id, acceptSuggestions: [], allOrNothing: p.allOrNothing, dryRun: p.dryRun });
    const s = v.summary!;
    if (p.dryRun) return { summary: { ...s, inserted: j.counts.new, updated: j.counts.changed, dryRun: true } as ImportSummary };
    if (p.allOrNothing && s.errors.length) return { summary: { ...s, inserted: 0, updated: 0, committed: false } as ImportSummary };
    return { summary: v.summary! };
  } finally {
    jobs.delete(j.id);
  }
}
