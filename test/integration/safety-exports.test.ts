import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/index';
import { sheetTitle, withFullIdNotice } from '../../electron/backend/export/workbook';
import { maskId } from '../../shared/idcard';
import type { MergeResult } from '../../shared/api/overview';
import { sample } from '../samples';
import { call, freshBackend, stageFile, tmpDir, validId } from './helpers';
import fs from 'node:fs';
import path from 'node:path';

// Personal data leaving the machine: a file with whole ID numbers says so in its title (the county
// package says 报县用 too), and formula-looking text goes out as text and comes back unchanged.

const FORMULAS = ['=HYPERLINK("http://x","点我")', '+1+1', '-2+3', '@SUM(A1)'];
const IDS = ['14072419800101001', '14072419850505002', '14072419900909003', '14072419951111004'].map(validId);

async function township(): Promise<Backend> {
  const b = freshBackend();
  await call(b, 'settings.update', { township: '乐平镇', regionCode: '140724100000', county: '昔阳县' });
  for (const [i, idNo] of IDS.entries()) {
    // Village names a clerk could type, each starting with a character Excel reads as a formula.
    const v = await call(b, 'villages.create', { name: FORMULAS[i], code: null });
    await call(b, 'persons.create', {
      idNo, name: ['王建国', '李秀英', '张志强', '刘丽娟'][i], villageId: v.id, householdNo: `HH-${i + 1}`, householdType: '脱贫户',
      monitorCategory: null, riskEliminated: null, exitYear: 2016, relation: '户主', laborSkill: '普通劳动力', phone: null,
    });
  }
  return b;
}

async function load(base64: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  return wb;
}

function saveTo(fileName: string, base64: string): string {
  const f = path.join(tmpDir('ledger-export-'), fileName);
  fs.writeFileSync(f, Buffer.from(base64, 'base64'));
  return f;
}

describe('exports with whole ID numbers say so in their title', () => {
  it('the persons export: title row marked, and the file still imports back unchanged', async () => {
    const b = await township();
    const out = await call(b, 'export.persons', {});
    const ws = (await load(out.base64)).worksheets[0];
    expect(String(ws.getCell('A1').value)).toBe('昔阳县乐平镇脱贫人口（含监测对象）信息表（含完整身份证号，注意保密）');
    expect([4, 5, 6, 7].map((r) => ws.getRow(r).getCell(7).value).sort()).toEqual([...IDS].sort()); // whole, as text

    const file = saveTo(out.fileName, out.base64);
    expect((await stageFile(b, file)).counts).toEqual({ new: 0, changed: 0, unchanged: 4, error: 0 });
    const fresh = freshBackend();
    const job = await stageFile(fresh, file);
    expect(job.headerRow).toBe(3); // the marked title row is skipped like any title
    expect(job.counts).toEqual({ new: 4, changed: 0, unchanged: 0, error: 0 });
  });

  it('the county exchange package: every sheet with IDs says 报县用，含完整身份证号 once; the package still verifies and its roster imports back', async () => {
    const b = await township();
    const f = await call(b, 'exchange.export', {});
    const wb = await load(f.base64);
    const visible = wb.worksheets.filter((w) => w.state === 'visible');
    const withIds = visible.filter((w) => [3, 4].some((r) => (w.getRow(r).values as unknown[]).some((v) => /身份证|证件号码/.test(String(v ?? '')))));
    expect(withIds.map((w) => w.name)).toContain('人员名单');
    for (const w of withIds) {
      const title = String(w.getCell('A1').value);
      expect(title, w.name).toContain('（报县用，含完整身份证号，注意保密）');
      expect(title.split('含完整身份证号').length - 1, w.name).toBe(1);
    }
    expect(String(wb.getWorksheet('汇总')!.getCell('A1').value)).not.toContain('身份证');

    const county = freshBackend();
    const merged = await call(county, 'exchange.merge', { files: [{ fileName: f.fileName, base64: f.base64 }] }) as MergeResult;
    expect(merged.packages[0].status).toBe('ok');
    expect(merged.packages[0].sheets.every((s) => s.hashOk !== false)).toBe(true);

    const job = await stageFile(b, saveTo(f.fileName, f.base64));
    expect(job.sheet).toBe('人员名单');
    expect(job.counts).toEqual({ new: 0, changed: 0, unchanged: 4, error: 0 });
  });

  it('the notice depends on what the sheet holds: whole IDs yes, masked IDs or no ID column no', () => {
    const sheet = (ids: string[], header = '身份证号') => ({ name: 's', title: '花名册', columns: [{ header: '姓名' }, { header, group: '人员信息' }], rows: ids.map((id) => ['王建国', id]) });
    expect(sheetTitle(sheet([IDS[0]]))).toBe('花名册（含完整身份证号，注意保密）');
    expect(sheetTitle(sheet([IDS[1].slice(0, 17) + 'x']))).toBe('花名册（含完整身份证号，注意保密）');
    expect(sheetTitle(sheet([maskId(IDS[0]), maskId(IDS[1])]))).toBe('花名册');
    expect(sheetTitle(sheet([IDS[0]], '备注'))).toBe('花名册');
    expect(sheetTitle(sheet([]))).toBe('花名册');
    expect(sheetTitle({ ...sheet([IDS[0]]), title: '花名册（含完整身份证号）' })).toBe('花名册（含完整身份证号）');
    expect(withFullIdNotice('花名册（含完整身份证号，注意保密）', true)).toBe('花名册（报县用，含完整身份证号，注意保密）');
  });
});

describe('formula-looking text (= + - @ at the start)', () => {
  it('is written as plain text with a leading apostrophe, never as a formula, and imports back as the original text', async () => {
    const b = await township();
    const out = await call(b, 'export.persons', {});
    const ws = (await load(out.base64)).worksheets[0];
    const villageCol = (ws.getRow(3).values as unknown[]).indexOf('行政村');
    const cells = [4, 5, 6, 7].map((r) => ws.getRow(r).getCell(villageCol));
    for (const c of cells) {
      expect(c.type).toBe(ExcelJS.ValueType.String);
      expect(c.formula).toBeUndefined();
    }
    expect(cells.map((c) => c.value).sort()).toEqual(FORMULAS.map((f) => `'${f}`).sort());

    const fresh = freshBackend();
    const job = await stageFile(fresh, saveTo(out.fileName, out.base64));
    expect(job.counts).toMatchObject({ new: 4, error: 0 });
    await call(fresh, 'import.commit', { jobId: job.jobId });
    expect((await call(fresh, 'villages.list', {})).map((v) => v.name).sort()).toEqual([...FORMULAS].sort());
  });

  it('names in the hostile sample that start with = + - @ are read as literal text and refused by row, nothing evaluated', async () => {
    const b = freshBackend();
    const job = await stageFile(b, sample('bad/formula-injection.xlsx'));
    const errors = await call(b, 'import.preview', { jobId: job.jobId, category: 'error', offset: 0, limit: 50 });
    expect(errors.rows.map((r) => r.row).sort((x, y) => x - y)).toEqual([5, 7, 9, 11]);
    const text = JSON.stringify(errors.rows.map((r) => r.errors));
    for (const f of ['=HYPERLINK', '+1+1', '-2+3', '@SUM(A1)']) expect(text).toContain(f.replace(/"/g, '\\"'));
  });
});
