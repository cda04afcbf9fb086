import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../electron/backend/index';
import { writeWorkbook } from '../../electron/backend/export/workbook';
import type { ImportKind } from '../../shared/api/contract';
import { runCliInProcess } from '../support/cli';
import { call, freshBackend, tmpDir, validId } from './helpers';

/** Starts an import of real file bytes through the channels and waits until it is staged (or refused). */
async function stage(b: Backend, file: string, kind: ImportKind, options?: { month?: string }) {
  let job = await call(b, 'import.start', { kind, fileName: path.basename(file), base64: fs.readFileSync(file).toString('base64'), options });
  for (let i = 0; i < 600 && job.state === 'reading'; i++) {
    await new Promise((r) => setTimeout(r, 30));
    job = await call(b, 'import.status', { jobId: job.jobId });
  }
  return job;
}

const preview = async (b: Backend, jobId: string, category: 'new' | 'changed' | 'unchanged' | 'error' | 'all' = 'all') =>
  (await call(b, 'import.preview', { jobId, category, offset: 0, limit: 500 })).rows;

/** Every table a posts file can touch, as plain rows: equal snapshots mean the import wrote nothing. */
function snapshot(b: Backend) {
  const out: Record<string, unknown[]> = {};
  for (const t of ['villages', 'households', 'persons', 'posts', 'appointments', 'attendance', 'month_locks', 'import_batches']) {
    out[t] = b.ctx.db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all();
  }
  return out;
}

/** Writes an export's bytes to a real .xlsx file, as the clerk would save it. */
async function exportToFile(b: Backend, channel: 'export.posts' | 'export.postLibrary' | 'export.wages', params: object = {}) {
  const out = await call(b, channel as 'export.wages', params as { month: string });
  const file = path.join(tmpDir('ledger-posts-rt-'), out.fileName);
  fs.writeFileSync(file, Buffer.from(out.base64, 'base64'));
  return file;
}

/** Opens a written file with exceljs, lets the test edit the first sheet, and saves it under a new name. */
async function editFile(file: string, edit: (ws: ExcelJS.Worksheet, col: (header: string) => number) => void) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  const headerRow = [3, 4].find((r) => (ws.getRow(r).values as unknown[]).some((v) => v === '序号' || v === '身份证号码' || v === '岗位名称'))!;
  const header = ws.getRow(headerRow + (ws.getRow(headerRow + 1).getCell(2).value === '行政村' ? 1 : 0));
  const col = (h: string) => {
    const i = (header.values as unknown[]).findIndex((v) => v === h);
    if (i < 1) throw new Error(`no column ${h}`);
    return i;
  };
  edit(ws, col);
  const target = file.replace(/\.xlsx$/, '-改.xlsx');
  await wb.xlsx.writeFile(target);
  return target;
}

/** A small ledger through the channels: two villages, posts, holders (one holding two posts), a revoked post. */
async function ledger(b: Backend = freshBackend()) {
  const east = await call(b, 'villages.create', { name: '东关村', code: null });
  const west = await call(b, 'villages.create', { name: '西营村', code: null });
  let n = 0;
  const person = async (villageId: number, name: string) => {
    n++;
    return call(b, 'persons.create', {
      idNo: validId(`14072419800101${String(n).padStart(2, '0')}1`), name, villageId, householdNo: `H${n}`, householdType: '脱贫户',
      monitorCategory: null, riskEliminated: null, exitYear: 2018, relation: '户主', laborSkill: '普通劳动力', phone: null,
    });
  };
  const post = (villageId: number | null, name: string, over: Record<string, unknown> = {}) => call(b, 'posts.create', {
    villageId, name, category: '乡村公益岗', fundSource: '衔接资金', headcount: 2, duties: `${name}职责`, workTime: '每月不少于20天',
    wageFen: 80000, councilDate: '2026-01-05', councilRecord: '村委会研究同意', ...over,
  });
  const appoint = (postId: number, personId: number, wageFen = 80000) => call(b, 'appointments.create', {
    postId, personId, agreementNo: `XY-${postId}-${personId}`, startDate: '2026-01-01', endDate: '2026-12-31', wageFen,
    bankAccount: `62170000000000${String(personId).padStart(5, '0')}`, bankName: '邮储银行', status: '在岗', remark: null,
  });
  const cleaner = await post(east.id, '保洁员');
  const forest = await post(east.id, '护林员', { category: '生态护林员', wageFen: 60000 });
  const road = await post(west.id, '护路员', { category: '交通护路员', headcount: 1 });
  await post(null, '乡镇保洁督导', { headcount: 1, wageFen: 50000 });
  const old = await post(west.id, '水管员', { headcount: 1 });
  await call(b, 'posts.revoke', { id: old.id, date: '2026-02-01' });
  const zhang = await person(east.id, '张三');
  const li = await person(east.id, '李四');
  const wang = await person(west.id, '王五');
  const a = {
    zhangClean: await appoint(cleaner.id, zhang.id),
    zhangForest: await appoint(forest.id, zhang.id, 60000),
    li: await appoint(cleaner.id, li.id),
    wang: await appoint(road.id, wang.id),
  };
  return { b, east, west, zhang, li, wang, a, posts: { cleaner, forest, road } };
}

type Ledger = Awaited<ReturnType<typeof ledger>>;

async function recordApril(l: Ledger) {
  await call(l.b, 'attendance.save', { month: '2026-04', rows: [
    { appointmentId: l.a.zhangClean.id, dueDays: 22, presentDays: 22, assessment: '合格', paidFen: null, paidReason: null },
    { appointmentId: l.a.zhangForest.id, dueDays: 22, presentDays: 11, assessment: '合格', paidFen: null, paidReason: null },
    { appointmentId: l.a.li.id, dueDays: 22, presentDays: 20, assessment: '不合格', paidFen: null, paidReason: null },
    { appointmentId: l.a.wang.id, dueDays: 22, presentDays: 22, assessment: '合格', paidFen: 70000, paidReason: '损坏工具扣100元' },
  ] });
}

describe('every posts file imports back unchanged (export → import → preview all unchanged, database unchanged)', () => {
  it('公益岗位人员花名册', async () => {
    const { b } = await ledger();
    const before = snapshot(b);
    const job = await stage(b, await exportToFile(b, 'export.posts'), 'posts');
    expect(job.state, job.message ?? '').toBe('ready');
    expect(job.unit).toBe('条聘用');
    expect(job.counts).toEqual({ new: 0, changed: 0, unchanged: 4, error: 0 });
    const done = await call(b, 'import.commit', { jobId: job.jobId });
    expect(done.summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 4, batchId: null });
    expect(snapshot(b)).toEqual(before);
  });

  it('岗位库, including a township-level post and a revoked one', async () => {
    const { b } = await ledger();
    const before = snapshot(b);
    const job = await stage(b, await exportToFile(b, 'export.postLibrary'), 'post-library');
    expect(job.state, job.message ?? '').toBe('ready');
    expect(job.unit).toBe('个岗位');
    expect(job.counts).toEqual({ new: 0, changed: 0, unchanged: 5, error: 0 });
    await call(b, 'import.commit', { jobId: job.jobId });
    expect(snapshot(b)).toEqual(before);
  });

  it('工资发放表, with a partial month, a 不合格 and a 实发 that differs with its reason', async () => {
    const l = await ledger();
    await recordApril(l);
    const before = snapshot(l.b);
    const job = await stage(l.b, await exportToFile(l.b, 'export.wages', { month: '2026-04' }), 'post-wages');
    expect(job.state, job.message ?? '').toBe('ready');
    expect(job.unit).toBe('条工资记录');
    // The 合计 row and the 大写/signature lines are not holders.
    expect(job.counts).toEqual({ new: 0, changed: 0, unchanged: 4, error: 0 });
    await call(l.b, 'import.commit', { jobId: job.jobId });
    expect(snapshot(l.b)).toEqual(before);
  });
});

describe('岗位库 import', () => {
  it('shows exactly the edited cell as a change, a new row as new, and commit applies both; undo restores', async () => {
    const { b, west } = await ledger();
    const file = await editFile(await exportToFile(b, 'export.postLibrary'), (ws, col) => {
      ws.eachRow((row) => {
        if (row.getCell(col('岗位名称')).value === '护林员') row.getCell(col('月补贴标准（元）')).value = 650;
      });
      const last = ws.getRow(9); // below the five posts (title, note, header on rows 1–3)
      last.getCell(col('行政村')).value = '西营村';
      last.getCell(col('岗位名称')).value = '河道管护员';
      last.getCell(col('岗位类别')).value = '河湖管护员';
      last.getCell(col('人员数量')).value = 2;
      last.getCell(col('月补贴标准（元）')).value = 500;
    });
    const before = snapshot(b);
    const job = await stage(b, file, 'post-library');
    expect(job.counts).toEqual({ new: 1, changed: 1, unchanged: 4, error: 0 });
    const [changed] = await preview(b, job.jobId, 'changed');
    expect(changed.changes).toEqual([{ field: '月补贴标准（元）', before: '600.00', after: '650.00' }]);
    const done = await call(b, 'import.commit', { jobId: job.jobId });
    expect(done.summary).toMatchObject({ inserted: 1, updated: 1 });
    const posts = (await call(b, 'posts.list', { limit: 100 })).rows;
    expect(posts.find((p) => p.name === '护林员')?.wageFen).toBe(65000);
    expect(posts.find((p) => p.name === '河道管护员')).toMatchObject({ villageId: west.id, category: '河湖管护员', headcount: 2, wageFen: 50000, status: '设立' });
    await call(b, 'import.undo', { batchId: done.summary!.batchId! });
    const after = snapshot(b);
    expect(after.posts).toEqual(before.posts);
  });

  it('reads a county variant: title rows, other header names, merged village cells; checks the category', async () => {
    const { b } = await ledger();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('岗位库');
    ws.addRow(['某某乡2026年乡村公益性岗位岗位库']);
    ws.addRow(['填报单位：某某乡人民政府（盖章）']);
    ws.addRow(['序号', '村名', '岗位', '岗位类型', '资金渠道', '岗位人数', '岗位职责', '工资标准（元/月）', '研究时间', '研究记录']);
    ws.addRow([1, '北山村', '保洁员', '乡村公益岗', '光伏收益', 3, '村内保洁', 500, '2026-01-10', '两委会议研究']);
    ws.addRow([2, null, '护林员', '生态护林员', '中央资金', 1, '巡山', '600', '2026.1.10', null]);
    ws.addRow([3, null, '宣传员', '文化宣传岗', null, 1, null, 300, null, null]);
    ws.mergeCells('B4:B6');
    ws.addRow(['合计', null, null, null, null, 5]);
    const file = path.join(tmpDir(), '县岗位库.xlsx');
    await wb.xlsx.writeFile(file);
    const job = await stage(b, file, 'post-library');
    expect(job.state, job.message ?? '').toBe('ready');
    expect(job.counts).toEqual({ new: 2, changed: 0, unchanged: 0, error: 1 });
    const [bad] = await preview(b, job.jobId, 'error');
    expect(bad.row).toBe(6);
    expect(bad.errors[0]).toMatchObject({ sheet: '岗位库', row: 6, column: '岗位类型' });
    expect(bad.errors[0].message).toContain('岗位类别“文化宣传岗”不在设置的类别中');
    const news = await preview(b, job.jobId, 'new');
    expect(news.map((r) => r.values['行政村'])).toEqual(['北山村', '北山村']);
    await call(b, 'import.commit', { jobId: job.jobId });
    const posts = (await call(b, 'posts.list', { limit: 100 })).rows.filter((p) => p.villageName === '北山村');
    expect(posts.map((p) => [p.name, p.headcount, p.wageFen, p.councilDate]).sort()).toEqual([['保洁员', 3, 50000, '2026-01-10'], ['护林员', 1, 60000, '2026-01-10']]);
  });

  it('refuses to revoke a post that still has holders, and revokes an empty one', async () => {
    const { b } = await ledger();
    await call(b, 'posts.create', { villageId: null, name: '空岗', category: '其他', fundSource: null, headcount: 1, duties: null, workTime: null, wageFen: 0, councilDate: null, councilRecord: null });
    const file = await editFile(await exportToFile(b, 'export.postLibrary'), (ws, col) => {
      ws.eachRow((row) => {
        if (row.getCell(col('岗位名称')).value === '保洁员' || row.getCell(col('岗位名称')).value === '空岗') {
          row.getCell(col('状态')).value = '撤销';
          row.getCell(col('状态日期')).value = '2026-05-01';
        }
      });
    });
    const job = await stage(b, file, 'post-library');
    const [bad] = await preview(b, job.jobId, 'error');
    expect(bad.errors[0].message).toMatch(/还有 2 名在岗人员，不能撤销/);
    const [changed] = await preview(b, job.jobId, 'changed');
    expect(changed.changes).toEqual([{ field: '状态', before: '设立', after: '撤销' }, { field: '状态日期', before: '', after: '2026-05-01' }]);
    await call(b, 'import.commit', { jobId: job.jobId });
    const empty = (await call(b, 'posts.list', { name: '空岗', limit: 10 })).rows[0];
    expect(empty).toMatchObject({ status: '撤销', statusDate: '2026-05-01' });
  });
});

describe('工资发放表 import', () => {
  it('shows exactly the changed 实出勤 (with the recomputed 应发/实发) and commit applies it; undo restores', async () => {
    const l = await ledger();
    await recordApril(l);
    const file = await editFile(await exportToFile(l.b, 'export.wages', { month: '2026-04' }), (ws, col) => {
      ws.eachRow((row) => { if (row.getCell(col('姓名')).value === '李四') { row.getCell(col('实出勤天数')).value = 11; row.getCell(col('考核结果')).value = '合格'; } });
    });
    const before = snapshot(l.b);
    const job = await stage(l.b, file, 'post-wages');
    expect(job.counts).toEqual({ new: 0, changed: 1, unchanged: 3, error: 0 });
    const [changed] = await preview(l.b, job.jobId, 'changed');
    expect(changed.changes).toEqual([
      { field: '实出勤天数', before: '20', after: '11' },
      { field: '考核结果', before: '不合格', after: '合格' },
      { field: '应发金额', before: '0.00', after: '400.00' },
      { field: '实发金额', before: '0.00', after: '400.00' },
    ]);
    const done = await call(l.b, 'import.commit', { jobId: job.jobId });
    expect(done.summary).toMatchObject({ inserted: 0, updated: 1 });
    const month = await call(l.b, 'attendance.month', { month: '2026-04' });
    expect(month.rows.find((r) => r.appointmentId === l.a.li.id)).toMatchObject({ presentDays: 11, assessment: '合格', payableFen: 40000, paidFen: 40000 });
    await call(l.b, 'import.undo', { batchId: done.summary!.batchId! });
    expect(snapshot(l.b).attendance).toEqual(before.attendance);
  });

  it('a 实发 different from 应发 without a reason is a row error naming sheet, row and column; with a reason it is kept', async () => {
    const l = await ledger();
    await recordApril(l);
    const exported = await exportToFile(l.b, 'export.wages', { month: '2026-04' });
    let zhangRow = 0;
    const file = await editFile(exported, (ws, col) => {
      ws.eachRow((row, n) => {
        if (row.getCell(col('姓名')).value === '张三' && row.getCell(col('岗位名称')).value === '保洁员') { row.getCell(col('实发金额')).value = 750; zhangRow = n; }
      });
    });
    const job = await stage(l.b, file, 'post-wages');
    expect(job.counts).toMatchObject({ error: 1, unchanged: 3 });
    const [bad] = await preview(l.b, job.jobId, 'error');
    expect(bad.errors).toHaveLength(1);
    expect(bad.errors[0]).toMatchObject({ sheet: '2026-04工资发放表', row: zhangRow, column: '实发金额' });
    expect(bad.errors[0].message).toContain('实发金额 750.00 元与应发金额 800.00 元不同，但没有写原因');
    const withReason = await editFile(file, (ws, col) => { ws.getRow(zhangRow).getCell(col('备注')).value = '迟到扣50元'; });
    const ok = await stage(l.b, withReason, 'post-wages');
    expect(ok.counts).toMatchObject({ changed: 1, error: 0 });
    await call(l.b, 'import.commit', { jobId: ok.jobId });
    const row = (await call(l.b, 'attendance.month', { month: '2026-04' })).rows.find((r) => r.appointmentId === l.a.zhangClean.id);
    expect(row).toMatchObject({ payableFen: 80000, paidFen: 75000, paidReason: '迟到扣50元' });
  });

  it('takes the month from the option when the title has none, refuses a mismatch, a missing month and a locked month, writing nothing', async () => {
    const l = await ledger();
    // A county sheet without a month in its title: new attendance for May, matched by ID (and 岗位 for the holder of two).
    const rows = [
      [1, '东关村', '保洁员', '张三', l.zhang.idNo, 21, 21, '合格', 800, 800, null],
      [2, '东关村', '护林员', '张三', l.zhang.idNo, 21, 21, '合格', 600, 600, null],
      [3, '西营村', '护路员', '王五', l.wang.idNo, 21, 0, '不合格', 0, 0, null],
    ];
    const buf = await writeWorkbook([{
      name: '发放表', title: '东关乡公益岗位补贴发放表', note: '单位：元',
      columns: ['序号', '村', '岗位', '姓名', '身份证号', '应出勤', '出勤天数', '考核', '应发', '实发', '扣发原因'].map((header) => ({ header })),
      rows, total: ['合计', null, null, '3人', null, null, null, null, 1400, 1400, null], footer: '审核人：    制表人：',
    }], { created: new Date(2024, 0, 1) });
    const file = path.join(tmpDir(), '发放表.xlsx');
    fs.writeFileSync(file, buf);
    const before = snapshot(l.b);
    const noMonth = await stage(l.b, file, 'post-wages');
    expect(noMonth.state).toBe('failed');
    expect(noMonth.message).toContain('看不出是哪个月的工资');
    expect(noMonth.message).toContain('发放表.xlsx');
    const job = await stage(l.b, file, 'post-wages', { month: '2026-05' });
    expect(job.state, job.message ?? '').toBe('ready');
    expect(job.counts).toEqual({ new: 3, changed: 0, unchanged: 0, error: 0 });
    expect((await preview(l.b, job.jobId, 'new')).every((r) => r.values['月份'] === '2026-05')).toBe(true);
    await call(l.b, 'import.commit', { jobId: job.jobId });
    expect((await call(l.b, 'attendance.month', { month: '2026-05' })).rows.filter((r) => r.dueDays != null)).toHaveLength(3);

    const april = await exportToFile(l.b, 'export.wages', { month: '2026-05' });
    const mismatch = await stage(l.b, april, 'post-wages', { month: '2026-06' });
    expect(mismatch.state).toBe('failed');
    expect(mismatch.message).toMatch(/标题写的是2026年5月，导入时却选择了2026年6月/);

    await call(l.b, 'attendance.lock', { month: '2026-05' });
    const locked = snapshot(l.b);
    const refused = await stage(l.b, april, 'post-wages');
    expect(refused.state).toBe('failed');
    expect(refused.message).toMatch(/2026年5月的工资已锁定（已发放），不能再导入修改/);
    expect(snapshot(l.b)).toEqual(locked);
    expect(before.attendance).toHaveLength(0);
  });

  it('asks for the 岗位 when a person holds two posts and the file does not say which', async () => {
    const l = await ledger();
    const buf = await writeWorkbook([{
      name: '工资', title: '2026年4月公益岗位工资发放表',
      columns: ['序号', '姓名', '身份证号码', '应出勤天数', '实出勤天数', '考核结果', '实发金额'].map((header) => ({ header })),
      rows: [[1, '张三', l.zhang.idNo, 22, 22, '合格', null], [2, '王五', l.wang.idNo, 22, 22, '合格', null], [3, '赵六', validId('14072419900101991'), 22, 22, '合格', null]],
    }], { created: new Date(2024, 0, 1) });
    const file = path.join(tmpDir(), '工资.xlsx');
    fs.writeFileSync(file, buf);
    const job = await stage(l.b, file, 'post-wages');
    expect(job.counts).toEqual({ new: 1, changed: 0, unchanged: 0, error: 2 });
    const errors = await preview(l.b, job.jobId, 'error');
    expect(errors[0].errors[0]).toMatchObject({ row: 4, column: '岗位名称' });
    expect(errors[0].errors[0].message).toMatch(/有 2 个岗位.*请在“岗位名称”列写明/);
    expect(errors[1].errors[0].message).toMatch(/没有在岗的聘用记录/);
  });
});

describe('CLI import --kind post-library|post-wages', () => {
  it('imports both files back unchanged, applies an edited wage sheet with --month, and refuses a locked month with exit 2', async () => {
    const dir = tmpDir();
    const l = await ledger(openBackend({ dataDir: dir, mode: 'test', operator: '测试员' }));
    await recordApril(l);
    const lib = await exportToFile(l.b, 'export.postLibrary');
    const wages = await exportToFile(l.b, 'export.wages', { month: '2026-04' });
    l.b.close();
    const cli = async (...args: string[]) => {
      const r = await runCliInProcess([...args, '--data', dir, '--json']);
      return { code: r.status, json: r.stdout ? JSON.parse(r.stdout) : null, err: r.stderr };
    };
    const a = await cli('import', lib, '--kind', 'post-library');
    expect(a.code, a.err).toBe(0);
    expect(a.json).toMatchObject({ kind: 'post-library', inserted: 0, updated: 0, unchanged: 5, batchId: null });
    const edited = await editFile(wages, (ws, col) => {
      ws.eachRow((row) => { if (row.getCell(col('姓名')).value === '王五') row.getCell(col('实出勤天数')).value = 11; });
    });
    const w = await cli('import', edited, '--kind', 'post-wages', '--month', '2026-04');
    expect(w.code, w.err).toBe(0);
    // 王五's 700 实发 had its own reason (扣100元): it stays as written; 应发 follows the days.
    expect(w.json).toMatchObject({ kind: 'post-wages', inserted: 0, updated: 1, unchanged: 3 });
    const bad = await cli('import', edited, '--kind', 'post-wages', '--month', '2026-13');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--month 的月份“2026-13”无法识别/);
    const b = openBackend({ dataDir: dir, mode: 'test', operator: '测试员' });
    await call(b, 'attendance.lock', { month: '2026-04' });
    b.close();
    const locked = await cli('import', wages, '--kind', 'post-wages');
    expect(locked.code).toBe(2);
    expect(locked.json).toMatchObject({ kind: 'post-wages', refused: true });
    expect(locked.err).toMatch(/2026年4月的工资已锁定/);
  });
});
