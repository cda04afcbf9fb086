// The importer parses a sheet's rows while its reader thread is still reading (service.ts,
// speculative RowStager) and keeps that work only when the final sheet, header, mapping and file
// context match. Whatever it keeps or throws away, the staged rows must be exactly what staging the
// finished sheet does: here each file goes through the import channels and, separately, through
// read → merges → header → stageRows, and the two are compared row by row — also after the clerk
// re-confirms the mapping (the sheet's filled-down cells must then be as staging in place left them).
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../electron/backend/index';
import { applyMerges, cellText, detectHeader } from '../../electron/backend/import/header';
import { getKind } from '../../electron/backend/import/kinds';
import type { FileContext } from '../../electron/backend/import/kinds/types';
import { readWorkbook } from '../../electron/backend/import/read';
import { rawCellTexts, RowStager, stageRows } from '../../electron/backend/import/stage';
import type { ImportJob, ImportKind } from '../../shared/api/contract';
import { todayIso } from '../../shared/dates';
import { sample } from '../samples';
import { call, freshBackend, tmpDir, validId } from './helpers';

const dir = tmpDir('ledger-overlap-');

async function writeXlsx(name: string, rows: (string | number | null)[][], merges: string[] = []): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名单');
  rows.forEach((r, i) => r.forEach((v, c) => { ws.getCell(i + 1, c + 1).value = v; }));
  for (const m of merges) ws.mergeCells(m);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

async function stageByJob(b: Backend, kind: ImportKind, file: string): Promise<ImportJob> {
  let job = await call(b, 'import.start', { kind, fileName: path.basename(file), base64: fs.readFileSync(file).toString('base64') });
  for (let i = 0; i < 1000 && job.state === 'reading'; i++) {
    await new Promise((r) => setTimeout(r, 30));
    job = await call(b, 'import.status', { jobId: job.jobId });
  }
  expect(job.state, job.message ?? '').toBe('ready');
  return job;
}

async function jobRows(b: Backend, job: ImportJob) {
  const rows = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await call(b, 'import.preview', { jobId: job.jobId, category: 'all', offset, limit: 1000 });
    rows.push(...page.rows);
    if (rows.length >= page.total) break;
  }
  return rows.map((r) => ({ row: r.row, category: r.category, key: r.key, label: r.label, values: r.values, errors: r.errors, cells: r.cells }));
}

/** The same file staged without any overlap: the whole sheet read, merges applied, then staged (twice, as a re-confirmed mapping does). */
async function stageAfterReading(b: Backend, kindName: string, file: string, sheetName: string) {
  const kind = getKind(kindName);
  const { sheets } = await readWorkbook(fs.readFileSync(file), path.basename(file));
  for (const s of sheets) applyMerges(s);
  const sheet = sheets.find((s) => s.name === sheetName)!;
  const header = detectHeader(sheet, kind.fields)!;
  const base: FileContext = {
    fileName: path.basename(file), sheet: sheet.name, options: {},
    titleLines: sheet.rows.slice(0, header.headerRow).map((r) => r.map(cellText).filter(Boolean).join(' ')).filter(Boolean),
    today: todayIso(b.ctx.now()),
    has: (f) => header.mapping[f] != null,
  };
  const fileCtx = kind.prepare ? kind.prepare(b.ctx, base) : base;
  const shown = () => stageRows(b.ctx, kind, sheet, header, header.mapping, undefined, fileCtx).rows.map((s) => ({
    row: s.row, category: s.category, key: s.key, label: s.label, values: s.record ? kind.display(s.record) : {}, errors: s.errors,
    cells: rawCellTexts(s.raw, header.headers.length),
  }));
  return { first: shown(), again: shown() };
}

/**
 * `kept`: whether the rows parsed while reading must be the ones used (a file whose merges all lie
 * above the header, whose rows read only today from the file context) or must be thrown away.
 */
async function expectSameStaging(kind: ImportKind, file: string, kept?: boolean) {
  const b = freshBackend();
  const discard = vi.spyOn(RowStager.prototype, 'discard');
  try {
    const job = await stageByJob(b, kind, file);
    if (kept !== undefined) expect(discard.mock.calls.length, kept ? 'early staging thrown away' : 'early staging kept').toBe(kept ? 0 : 1);
    discard.mockRestore();
    const ref = await stageAfterReading(b, kind, file, job.sheet!);
    expect(ref.first.length).toBeGreaterThan(0);
    expect(await jobRows(b, job)).toEqual(ref.first);
    const again = await call(b, 'import.configure', { jobId: job.jobId, mapping: job.mapping, remember: false });
    expect(again.state).toBe('ready');
    expect(await jobRows(b, again)).toEqual(ref.again);
  } finally {
    discard.mockRestore();
    b.close();
  }
}

const ID = Array.from({ length: 8 }, (_, i) => validId(`1407241985031200${i}`));

describe('rows parsed while the file is read are staged exactly as after reading', () => {
  it('the county samples: persons (.xlsx with title merges, GBK CSV), post roster, monitoring objects and migrant work (file dates)', async () => {
    // The title merged over the columns repeats in every cell it spans once merges are applied; the
    // rows read only today from the file context, so what they parsed while the file was read is kept.
    await expectSameStaging('persons', sample('persons-county-export.xlsx'), true);
    await expectSameStaging('persons', sample('persons-gbk.csv'));
    await expectSameStaging('posts', sample('posts-roster-township.xlsx'));
    await expectSameStaging('monitoring', sample('monitoring-objects.xlsx'));
    await expectSameStaging('migrant-work', sample('migrant-work.xlsx'));
  });

  it('a village and a 户编号 merged over data rows (merges known only at the end of the sheet), villages filled down or written 同上', async () => {
    const merged = await writeXlsx('merged-village.xlsx', [
      ['乐平镇人员名单'], ['行政村', '户编号', '姓名', '身份证号'],
      ['东关村', '072410020900001', '张一', ID[0]], [null, null, '张二', ID[1]], [null, null, '张三', ID[2]], ['西关村', '072410020900002', '李一', ID[3]],
    ], ['A1:D1', 'A3:A5', 'B3:B5']);
    await expectSameStaging('persons', merged, false);
    const unmerged = await writeXlsx('unmerged-village.xlsx', [
      ['乐平镇人员名单'], ['导出时间：2023-10-11'], ['行政村', '姓名', '身份证号'],
      ['东关村', '张一', ID[0]], [null, '张二', ID[1]], ['同上', '张三', ID[2]], ['西关村', '李一', ID[3]], [null, '李二', ID[4]],
      ['说明：本表由村委会填报'], [null, '李三', ID[5]],
    ], ['A1:C1', 'A2:C2']);
    await expectSameStaging('persons', unmerged);
  });
});
