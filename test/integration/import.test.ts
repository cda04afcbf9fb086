import ExcelJS from 'exceljs';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sample } from '../samples';
import { call, freshBackend, rosterBackend, stageFile, tmpDir, validId } from './helpers';
import { childArgs } from '../support/childBundle';
import { runCliInProcess } from '../support/cli';

async function readBack(base64: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  return wb.worksheets[0];
}

describe('persons import through the channels', () => {
  it('previews the county export, commits it, re-imports as unchanged, and undoes the batch', async () => {
    const b = freshBackend();
    let job = await stageFile(b, sample('persons-county-export.xlsx'));
    expect(job.state).toBe('ready');
    expect(job.headerRow).toBe(3);
    expect(job.counts).toEqual({ new: 3000, changed: 0, unchanged: 0, error: 0 });
    const preview = await call(b, 'import.preview', { jobId: job.jobId, category: 'new', offset: 0, limit: 5 });
    expect(preview.total).toBe(3000);
    expect(preview.rows[0].row).toBe(4);
    expect(preview.rows[0].values['证件号码']).toMatch(/^\d{17}[\dX]$/);
    job = await call(b, 'import.commit', { jobId: job.jobId });
    expect(job.state).toBe('committed');
    expect(job.summary).toMatchObject({ inserted: 3000, updated: 0, errors: [] });
    const stats = await call(b, 'stats.get', {});
    expect(stats).toMatchObject({ persons: 3000, households: 993, villages: 12 });
    expect((await call(b, 'settings.get', {})).township).toBe('乐平镇');
    // The household number keeps its leading zero.
    const hh = b.ctx.db.prepare('SELECT hh_no FROM households LIMIT 1').get() as { hh_no: string };
    expect(hh.hh_no).toMatch(/^0\d{14}$/);
    // The batch records which file it came from, by content.
    const sha = crypto.createHash('sha256').update(fs.readFileSync(sample('persons-county-export.xlsx'))).digest('hex');
    expect(b.ctx.db.prepare('SELECT file_sha256 FROM import_batches').pluck().all()).toEqual([sha]);

    const again = await stageFile(b, sample('persons-county-export.xlsx'));
    expect(again.counts).toEqual({ new: 0, changed: 0, unchanged: 3000, error: 0 });

    const batches = await call(b, 'import.batches', {});
    expect(batches).toHaveLength(1);
    await call(b, 'import.undo', { batchId: batches[0].id });
    expect(await call(b, 'stats.get', {})).toMatchObject({ persons: 0, households: 0, villages: 0 });
    await expect(call(b, 'import.undo', { batchId: batches[0].id })).rejects.toThrow(/已经撤销/);
  });

  it('shows changed rows with before → after and undo restores the old values', async () => {
    const b = await rosterBackend();
    const someone = b.ctx.db.prepare('SELECT id, id_no, phone FROM persons WHERE phone IS NOT NULL LIMIT 1').get() as { id: number; id_no: string; phone: string };
    b.ctx.db.prepare("UPDATE persons SET phone = '13800000000' WHERE id = ?").run(someone.id);
    const job = await stageFile(b, sample('persons-county-export.xlsx'));
    expect(job.counts.changed).toBe(1);
    const ch = await call(b, 'import.preview', { jobId: job.jobId, category: 'changed', offset: 0, limit: 10 });
    expect(ch.rows[0].changes).toEqual([{ field: '联系电话', before: '13800000000', after: someone.phone }]);
    await call(b, 'import.commit', { jobId: job.jobId });
    expect((b.ctx.db.prepare('SELECT phone FROM persons WHERE id = ?').get(someone.id) as { phone: string }).phone).toBe(someone.phone);
    const [latest] = await call(b, 'import.batches', {});
    await call(b, 'import.undo', { batchId: latest.id });
    expect((b.ctx.db.prepare('SELECT phone FROM persons WHERE id = ?').get(someone.id) as { phone: string }).phone).toBe('13800000000');
  });

  it('refuses to undo a batch whose records were edited afterwards', async () => {
    const b = await rosterBackend();
    const p = (await call(b, 'persons.query', { limit: 1 })).rows[0];
    await call(b, 'persons.update', { ...p, phone: '13900000000' });
    const [batch] = await call(b, 'import.batches', {});
    await expect(call(b, 'import.undo', { batchId: batch.id })).rejects.toThrow(/之后又被修改过/);
    expect((await call(b, 'stats.get', {})).persons).toBe(3000);
  });

  it('reads the .xls copy and the GBK CSV as the same people', async () => {
    const b = await rosterBackend();
    expect((await stageFile(b, sample('persons-county-export.xls'))).counts).toEqual({ new: 0, changed: 0, unchanged: 3000, error: 0 });
    const csv = await stageFile(b, sample('persons-gbk.csv'));
    expect(csv.counts.new + csv.counts.error).toBe(0);
    expect(csv.counts.unchanged + csv.counts.changed).toBe(500);
    const names = await call(b, 'import.preview', { jobId: csv.jobId, category: 'all', offset: 0, limit: 3 });
    expect(names.rows[0].values['姓名']).toMatch(/^\p{Script=Han}+$/u);
  });

  it('reads a UTF-16 CSV with its byte-order mark in either byte order', async () => {
    const b = freshBackend();
    const text = `姓名,证件号码,性别\r\n王建国,${validId('14072419700101001')},男\r\n`;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le); be.swap16(); // FF FE + LE text, byte-swapped, is FE FF + BE text
    for (const [name, bytes] of [['名单-le.csv', le], ['名单-be.csv', be]] as const) {
      const file = path.join(tmpDir(), name);
      fs.writeFileSync(file, bytes);
      const job = await stageFile(b, file);
      expect(job.state, name).not.toBe('failed');
      expect(job.counts, name).toMatchObject({ new: 1, error: 0 });
    }
  });

  it('reports bad rows by sheet, row and column, and the error report repeats them with 错误原因', async () => {
    const b = freshBackend();
    const job = await stageFile(b, sample('bad/bad-checksum.xlsx'));
    expect(job.counts).toMatchObject({ new: 12, error: 8 });
    const errs = await call(b, 'import.preview', { jobId: job.jobId, category: 'error', offset: 0, limit: 50 });
    expect(errs.rows.map((r) => r.row)).toEqual([6, 9, 11, 13, 15, 17, 19, 21]);
    expect(errs.rows.find((r) => r.row === 11)!.errors[0]).toMatchObject({ sheet: '脱贫人口信息', column: '证件号码' });
    expect(errs.rows.find((r) => r.row === 11)!.errors[0].message).toContain('19990231');
    const report = await call(b, 'import.errorReport', { jobId: job.jobId });
    const ws = await readBack(report.base64);
    const header = (ws.getRow(3).values as unknown[]).map(String);
    expect(header).toContain('错误原因');
    expect(header).toContain('原行号');
    const reasonCol = header.indexOf('错误原因');
    const rows: number[] = [];
    ws.eachRow((row, n) => { if (n > 3) { rows.push(Number(row.getCell(1).value)); expect(String(row.getCell(reasonCol).value)).toMatch(/身份证号/); } });
    expect(rows).toEqual([6, 9, 11, 13, 15, 17, 19, 21]);
    await call(b, 'import.commit', { jobId: job.jobId });
    expect((await call(b, 'stats.get', {})).persons).toBe(12);
  });

  it('cancel writes nothing; a file without the needed columns asks for a mapping, and the mapping is remembered', async () => {
    const b = freshBackend();
    const job = await stageFile(b, sample('persons-county-export.xlsx'));
    await call(b, 'import.cancel', { jobId: job.jobId });
    expect((await call(b, 'stats.get', {})).persons).toBe(0);
    // A village sheet whose ID column has an unknown header.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['户主姓名', '身份号', '村']);
    ws.addRow(['王建国', validId('14072419830918081'), '东村']);
    const file = path.join(tmpDir(), '村里的名单.xlsx');
    await wb.xlsx.writeFile(file);
    let j = await stageFile(b, file);
    expect(j.state).toBe('needsMapping');
    expect(j.missing.sort()).toEqual(['idNo', 'name']);
    j = await call(b, 'import.configure', { jobId: j.jobId, mapping: { name: 0, idNo: 1 } });
    expect(j.state).toBe('ready');
    expect(j.counts.new).toBe(1);
    const again = await stageFile(b, file);
    expect(again.state).toBe('ready');
    expect(again.mapping).toMatchObject({ name: 0, idNo: 1, village: 2 });
  });

  it('offers the one roster person whose surviving digits match a damaged ID, applied only when accepted', async () => {
    const b = freshBackend();
    const id = validId('14072419830918081');
    await call(b, 'persons.create', { idNo: id, name: '王建国', villageId: null, householdNo: null, householdType: '脱贫户', monitorCategory: null, riskEliminated: null, exitYear: null, relation: null, laborSkill: null, phone: '13912345678' });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['姓名', '身份证号', '联系电话']);
    ws.addRow(['王建国', Number(id.slice(0, 15) + '000'), '13912345679']);
    const file = path.join(tmpDir(), 'damaged.xlsx');
    await wb.xlsx.writeFile(file);
    const job = await stageFile(b, file);
    expect(job.counts.error).toBe(1);
    const [row] = (await call(b, 'import.preview', { jobId: job.jobId, category: 'error', offset: 0, limit: 5 })).rows;
    expect(row.errors[0].suggestion).toMatchObject({ idNo: id, name: '王建国' });
    const done = await call(b, 'import.commit', { jobId: job.jobId, acceptSuggestions: [row.row] });
    expect(done.summary).toMatchObject({ updated: 1, errors: [] });
    expect((await call(b, 'persons.query', {})).rows[0].phone).toBe('13912345679');
  });

  it('exports the roster in the county layout and re-imports it as unchanged', async () => {
    const b = await rosterBackend();
    const out = await call(b, 'export.persons', {});
    const ws = await readBack(out.base64);
    expect(String(ws.getCell('A1').value)).toContain('脱贫人口');
    expect(String(ws.getCell('A2').value)).toContain('导出时间');
    expect(ws.getRow(3).getCell(7).value).toBe('证件号码');
    const idCell = ws.getRow(4).getCell(7);
    expect(typeof idCell.value).toBe('string');
    expect(idCell.numFmt).toBe('@');
    const file = path.join(tmpDir(), out.fileName);
    fs.writeFileSync(file, Buffer.from(out.base64, 'base64'));
    const job = await stageFile(b, file);
    expect(job.counts).toEqual({ new: 0, changed: 0, unchanged: 3000, error: 0 });
  });
});

describe('a crash in the middle of a commit', () => {
  it('leaves the database as it was (one transaction)', async () => {
    const dataDir = tmpDir();
    const child = path.resolve(__dirname, 'kill-during-commit.ts');
    const r = spawnSync(process.execPath, await childArgs(child, [dataDir, sample('persons-county-export.xlsx')]), { encoding: 'utf8' });
    expect(r.signal).toBe('SIGKILL');
    expect(r.stdout).toContain('inside commit: 3000 rows written, journal wal');
    const check = await runCliInProcess(['stats', '--data', dataDir, '--json']);
    expect(JSON.parse(check.stdout)).toMatchObject({ persons: 0, households: 0, villages: 0 });
  });
});
