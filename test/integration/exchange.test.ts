import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sample } from '../samples';
import { advanceClock, call, freshBackend, rosterBackend, tmpDir, validId } from './helpers';
import type { Backend } from '../../electron/backend/index';
import type { CountyImportResult, MergeResult } from '../../shared/api/overview';
import { openBackend } from '../../electron/backend/index';

const SHARED = validId('14072419800101001'); // 男, holds a post in both townships
const BORROWER = validId('14072419750202002');

/** A township with one village, the shared person on a post, and a loan to a household with the same 户编号. */
async function township(name: string, code: string, postName: string, workshop?: { name: string; start: string }): Promise<Backend> {
  const b = freshBackend();
  await call(b, 'settings.update', { township: name, regionCode: code, county: '昔阳县' });
  const v = await call(b, 'villages.create', { name: `${name.slice(0, 1)}家村`, code: null });
  const person = (idNo: string, pname: string, hh: string) => call(b, 'persons.create', {
    idNo, name: pname, villageId: v.id, householdNo: hh, householdType: '脱贫户', monitorCategory: null, riskEliminated: null,
    exitYear: 2016, relation: '户主', laborSkill: '普通劳动力', phone: null,
  });
  const p = await person(SHARED, '王建国', `HH-${code}-1`);
  const post = await call(b, 'posts.create', {
    villageId: v.id, name: postName, category: '乡村公益岗', fundSource: '衔接资金', headcount: 1, duties: '村内保洁', workTime: '每天上午',
    wageFen: 50_000, councilDate: '2024-01-05', councilRecord: '村委会研究同意',
  });
  await call(b, 'appointments.create', {
    postId: post.id, personId: p.id, agreementNo: `${code}-001`, startDate: '2024-02-01', endDate: null, wageFen: 50_000,
    bankAccount: null, bankName: null, status: '在岗', remark: null,
  });
  // The same household (户编号 HH-SAME) borrows in both townships.
  const borrower = await person(BORROWER, '李秀英', 'HH-SAME');
  await call(b, 'loans.create', {
    personId: borrower.id, bank: '农商银行', contractNo: `XD-${code}`, amountFen: 3_000_000, issueDate: '2024-03-01', dueDate: '2026-03-01',
    termMonths: 24, rateE6: 34_500, purpose: '养殖', status: '正常', note: null,
  });
  if (workshop) {
    // The shared person also works in a workshop of this township, still employed (no 离职日期).
    const w = await call(b, 'workshops.create', {
      name: workshop.name, villageId: v.id, entity: null, creditCode: null, leader: null, phone: null, industry: '服装加工', recognizedDate: '2023-06-01', note: null,
    });
    await call(b, 'employments.create', {
      workshopId: w.id, idNo: SHARED, name: '王建国', startDate: workshop.start, endDate: null, contractMonths: 12, monthlyWageFen: 250_000, channel: null, note: null,
    });
  }
  return b;
}

async function exportPackage(b: Backend): Promise<Buffer> {
  const f = await call(b, 'exchange.export', {});
  expect(f.fileName).toMatch(/交换包.*\.xlsx$/);
  return Buffer.from(f.base64, 'base64');
}

const merge = (b: Backend, files: { fileName: string; buffer: Buffer }[]) =>
  call(b, 'exchange.merge', { files: files.map((f) => ({ fileName: f.fileName, base64: f.buffer.toString('base64') })) }) as Promise<MergeResult>;

async function importSample(b: Backend, file: string, kind: 'persons' | 'posts' | 'workshops' | 'loans') {
  let job = await call(b, 'import.start', { kind, fileName: path.basename(file), base64: fs.readFileSync(file).toString('base64') });
  for (let i = 0; i < 1200 && job.state === 'reading'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    job = await call(b, 'import.status', { jobId: job.jobId });
  }
  expect(job.state).toBe('ready');
  await call(b, 'import.commit', { jobId: job.jobId });
}

describe('county exchange package', () => {
  it('merges two townships that share a person and a household: cross-township P01 and L04, figures side by side', async () => {
    const a = await township('甲乡', '140724100000', '保洁员');
    const b = await township('乙镇', '140724200000', '护路员');
    const pa = await exportPackage(a), pb = await exportPackage(b);

    // A county-side merge writes nothing into the ledger it runs in.
    const auditBefore = a.ctx.db.prepare('SELECT count(*) AS n FROM audit_log').get();
    const r = await merge(a, [{ fileName: 'a.xlsx', buffer: pa }, { fileName: 'b.xlsx', buffer: pb }]);
    expect(a.ctx.db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual(auditBefore);

    expect(r.packages.map((p) => [p.township, p.code, p.status])).toEqual([['甲乡', '140724100000', 'ok'], ['乙镇', '140724200000', 'ok']]);
    expect(r.packages[0].schemaVersion).toBe(a.ctx.db.pragma('user_version', { simple: true }));
    expect(r.townships.map((t) => t.name)).toEqual(['甲乡', '乙镇']);
    for (const t of r.townships) {
      expect(t.figures).toMatchObject({ persons: 2, households: 2, postsActive: 1, postsHolders: 1, postsPriority: 1, postsWageYuan: 500, loans: 1, loansTotalYuan: 30_000, loansActiveYuan: 30_000 });
    }
    expect(r.total).toMatchObject({ persons: 4, postsActive: 2, postsWageYuan: 1000, loans: 2, loansTotalYuan: 60_000 });

    const p01 = r.findings.filter((f) => f.rule === 'P01');
    expect(p01).toHaveLength(1);
    expect(p01[0].id).toBe(SHARED);
    expect(p01[0].townships).toEqual(['甲乡', '乙镇']);
    expect(p01[0].message).toContain('甲乡');
    expect(p01[0].message).toContain('乙镇');
    const l04 = r.findings.filter((f) => f.rule === 'L04');
    expect(l04).toHaveLength(1);
    expect(l04[0].id).toBe('HH-SAME');
    expect(l04[0].townships).toEqual(['甲乡', '乙镇']);

    // Within one township nothing is doubled, so one package alone has no cross-township problem.
    expect((await merge(a, [{ fileName: 'a.xlsx', buffer: pa }])).findings).toEqual([]);

    // The consolidated workbook lists both townships and the problems.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.workbook.base64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['各乡镇汇总', '跨乡镇问题', '交换包校验']);
    const cross = wb.getWorksheet('跨乡镇问题')!;
    expect(cross.getRow(4).getCell(2).value).toBe('L04');
    expect(cross.getRow(5).getCell(2).value).toBe('P01');
    expect(cross.getRow(5).getCell(6).value).toBe(SHARED);
  });

  it('flags a package edited by hand after export, still merges it, and keeps the untouched sheets verified', async () => {
    const a = await township('甲乡', '140724100000', '保洁员');
    const original = await exportPackage(a);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(original as unknown as ArrayBuffer);
    const meta = wb.getWorksheet('交换包信息')!;
    expect(meta.state).toBe('hidden');
    const roster = wb.getWorksheet('公益岗位花名册')!;
    expect(String(roster.getRow(2).getCell(1).value)).toContain('含完整身份证号');
    expect(roster.getRow(5).getCell(8).value).toBe(SHARED); // full ID, as text
    roster.getRow(5).getCell(15).value = 800; // 月补贴 500 → 800
    const edited = Buffer.from(await wb.xlsx.writeBuffer());

    const r = await merge(a, [{ fileName: 'edited.xlsx', buffer: edited }]);
    const pkg = r.packages[0];
    expect(pkg.status).toBe('modified');
    expect(pkg.messages.join()).toContain('公益岗位花名册');
    expect(pkg.sheets.filter((s) => s.hashOk === false).map((s) => s.name)).toEqual(['公益岗位花名册']);
    expect(r.townships).toHaveLength(1);
    expect(r.townships[0].modified).toBe(true);
    expect(r.townships[0].figures.postsWageYuan).toBe(800); // merged with the edit, and flagged

    // The same package unedited passes, and a file that is not a package is refused by name.
    expect((await merge(a, [{ fileName: 'a.xlsx', buffer: original }])).packages[0].status).toBe('ok');
    const notPkg = await merge(a, [{ fileName: 'roster.xlsx', buffer: fs.readFileSync(sample('posts-roster-township.xlsx')) }]);
    expect(notPkg.packages[0].status).toBe('invalid');
    expect(notPkg.packages[0].messages[0]).toContain('不是乡镇交换包');
    expect(notPkg.townships).toEqual([]);
  });

  it('keeps the newer of two packages of the same township', async () => {
    const a = await township('甲乡', '140724100000', '保洁员');
    const first = await exportPackage(a);
    advanceClock(a, 2000); // export times are to the second: the next package is two seconds later
    const second = await exportPackage(a);
    const r = await merge(a, [{ fileName: 'new.xlsx', buffer: second }, { fileName: 'old.xlsx', buffer: first }]);
    expect(r.packages.map((p) => p.status)).toEqual(['ok', 'replaced']);
    expect(r.townships.map((t) => t.fileName)).toEqual(['new.xlsx']);
    expect(r.findings).toEqual([]);
  });
});

const keep = (b: Backend, files: { fileName: string; buffer: Buffer }[]) =>
  call(b, 'county.import', { files: files.map((f) => ({ fileName: f.fileName, base64: f.buffer.toString('base64') })) }) as Promise<CountyImportResult>;

async function sheetRows(base64: string, sheet: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(sheet);
  if (!ws) return [];
  const rows: unknown[][] = [];
  ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

describe('county workspace (县级汇总)', () => {
  it('keeps packages across a restart, shows cross-township P01, L04 and W01, replaces a township by its newer package, keeps an edited one with a warning', async () => {
    const a = await township('甲乡', '140724100000', '保洁员', { name: '甲乡扶贫车间', start: '2024-01-01' });
    const b = await township('乙镇', '140724200000', '护路员', { name: '乙镇服装车间', start: '2024-03-01' });
    const pa = await exportPackage(a), pb = await exportPackage(b);

    // The county's own program: a separate data dir.
    const dataDir = tmpDir('ledger-county-');
    let c = openBackend({ dataDir, mode: 'test', operator: '县级' });
    expect(await call(c, 'county.workspace', {})).toMatchObject({ packages: [], findings: [] });
    const first = await keep(c, [{ fileName: '甲乡.xlsx', buffer: pa }, { fileName: '乙镇.xlsx', buffer: pb }]);
    expect(first.results.map((r) => [r.township, r.outcome, r.status])).toEqual([['甲乡', 'added', 'ok'], ['乙镇', 'added', 'ok']]);
    expect(first.workspace.packages.map((p) => [p.township, p.code, p.hashStatus, p.fileName])).toEqual([
      ['甲乡', '140724100000', 'ok', '甲乡.xlsx'], ['乙镇', '140724200000', 'ok', '乙镇.xlsx'],
    ]);
    expect(first.workspace.packages[0].figures).toMatchObject({ persons: 2, postsActive: 1, loans: 1, workshops: 1, workshopsEmployed: 1 });
    expect(first.workspace.total).toMatchObject({ persons: 4, postsActive: 2, workshops: 2, workshopsEmployed: 2, loansTotalYuan: 60_000 });
    // Storing writes audit rows (one per package) and nothing into the county PC's own ledger tables.
    expect(c.ctx.db.prepare("SELECT count(*) AS n FROM audit_log WHERE table_name = 'county_packages'").get()).toEqual({ n: 2 });
    expect(c.ctx.db.prepare('SELECT count(*) AS n FROM persons').get()).toEqual({ n: 0 });

    let f = await call(c, 'county.findings', {});
    expect(f.packages).toBe(2);
    expect(f.findings.map((x) => [x.rule, x.id, x.townships])).toEqual([
      ['L04', 'HH-SAME', ['甲乡', '乙镇']], ['P01', SHARED, ['甲乡', '乙镇']], ['W01', SHARED, ['甲乡', '乙镇']],
    ]);
    const w01 = f.findings.find((x) => x.rule === 'W01')!;
    expect(w01).toMatchObject({ severity: 'error', name: '王建国', title: '一人多车间（跨乡镇）' });
    expect(w01.message).toContain('甲乡扶贫车间');
    expect(w01.message).toContain('乙镇服装车间');
    expect(w01.details.map((d) => d.village)).toEqual(['甲家村', '乙家村']); // the workshops' villages
    expect(f.counts).toEqual({
      total: 3, error: 3, warning: 0,
      byRule: [{ rule: 'L04', title: '一户多笔贷款（跨乡镇）', count: 1 }, { rule: 'P01', title: '一人多岗（跨乡镇）', count: 1 }, { rule: 'W01', title: '一人多车间（跨乡镇）', count: 1 }],
    });
    // The one-off merge of the same packages sees the same W01.
    expect((await merge(c, [{ fileName: 'a.xlsx', buffer: pa }, { fileName: 'b.xlsx', buffer: pb }])).findings.map((x) => x.rule)).toEqual(['L04', 'P01', 'W01']);

    // The 问题清单 export carries a 跨乡镇问题 sheet once the workspace holds packages.
    const issuesXlsx = await call(c, 'checks.export', {});
    const cross = await sheetRows(issuesXlsx.base64, '跨乡镇问题');
    expect(cross.slice(3).map((r) => [r[1], r[5], r[6]])).toEqual([['L04', 'HH-SAME', '甲乡、乙镇'], ['P01', SHARED, '甲乡、乙镇'], ['W01', SHARED, '甲乡、乙镇']]);
    expect(await sheetRows((await call(a, 'checks.export', {})).base64, '跨乡镇问题')).toEqual([]); // a township's own ledger: no such sheet

    // 甲乡 corrects its ledger (the worker left its workshop before 乙镇 hired him) and sends a newer package.
    const emp = (await call(a, 'employments.query', {})).rows[0];
    await call(a, 'employments.leave', { id: emp.id, endDate: '2024-02-20', reason: '到外乡镇务工' });
    advanceClock(a, 2000); // export times are to the second: the next package is two seconds later
    const pa2 = await exportPackage(a);
    const second = await keep(c, [{ fileName: '甲乡-更正.xlsx', buffer: pa2 }]);
    expect(second.results[0]).toMatchObject({ outcome: 'replaced', township: '甲乡' });
    expect(second.results[0].messages.join()).toContain('甲乡.xlsx');
    expect(second.workspace.packages.map((p) => [p.township, p.fileName])).toEqual([['甲乡', '甲乡-更正.xlsx'], ['乙镇', '乙镇.xlsx']]);
    expect(second.workspace.packages[0].id).toBe(first.workspace.packages[0].id);
    expect(second.workspace.findings.map((x) => x.rule)).toEqual(['L04', 'P01']);
    // Its rows were replaced, not added to: one package's rows per township.
    expect(c.ctx.db.prepare("SELECT count(*) AS n FROM county_rows WHERE kind = 'employment'").get()).toEqual({ n: 2 });

    // The older package again is refused (a stale file must not undo the correction); the same one again changes nothing.
    const stale = await keep(c, [{ fileName: '甲乡.xlsx', buffer: pa }, { fileName: '甲乡-更正.xlsx', buffer: pa2 }]);
    expect(stale.results.map((r) => r.outcome)).toEqual(['older', 'unchanged']);
    expect(stale.workspace.packages[0].fileName).toBe('甲乡-更正.xlsx');

    // 乙镇's package edited by hand after export: kept, flagged, its figures as edited.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(pb as unknown as ArrayBuffer);
    wb.getWorksheet('公益岗位花名册')!.getRow(5).getCell(15).value = 800; // 月补贴 500 → 800
    const edited = Buffer.from(await wb.xlsx.writeBuffer());
    const third = await keep(c, [{ fileName: '乙镇-改过.xlsx', buffer: edited }]);
    expect(third.results[0]).toMatchObject({ outcome: 'replaced', status: 'modified' });
    expect(third.results[0].messages.join()).toContain('导出后被手工修改');
    const yi = third.workspace.packages.find((p) => p.township === '乙镇')!;
    expect(yi).toMatchObject({ hashStatus: 'mismatch', fileName: '乙镇-改过.xlsx' });
    expect(yi.figures.postsWageYuan).toBe(800);
    expect(yi.sheets.filter((s) => s.hashOk === false).map((s) => s.name)).toEqual(['公益岗位花名册']);

    // A file that is not a package is not stored and does not stop the others.
    const mixed = await keep(c, [{ fileName: 'roster.xlsx', buffer: fs.readFileSync(sample('posts-roster-township.xlsx')) }]);
    expect(mixed.results[0]).toMatchObject({ outcome: 'invalid', packageId: null });
    expect(mixed.workspace.packages).toHaveLength(2);

    // Close and reopen: the workspace is still there.
    c.close();
    c = openBackend({ dataDir, mode: 'test', operator: '县级' });
    const reopened = await call(c, 'county.workspace', {});
    expect(reopened.packages.map((p) => [p.township, p.fileName, p.hashStatus])).toEqual([['甲乡', '甲乡-更正.xlsx', 'ok'], ['乙镇', '乙镇-改过.xlsx', 'mismatch']]);
    expect(reopened.findings.map((x) => x.rule)).toEqual(['L04', 'P01']);
    expect(reopened.total.postsWageYuan).toBe(1300);
    const book = await call(c, 'county.export', {});
    expect((await sheetRows(book.base64, '各乡镇汇总')).slice(4, 6).map((r) => r[1])).toEqual(['甲乡', '乙镇']); // under a two-row header

    // Removing a package takes its rows and its findings with it.
    const removed = await call(c, 'county.remove', { id: yi.id });
    expect(removed.packages.map((p) => p.township)).toEqual(['甲乡']);
    expect(removed.findings).toEqual([]);
    expect(c.ctx.db.prepare('SELECT count(*) AS n FROM county_rows WHERE package_id = ?').get(yi.id)).toEqual({ n: 0 });
    await expect(call(c, 'county.remove', { id: yi.id })).rejects.toThrow('不存在');
    c.close();
  });
});

describe('概览 and 月报', () => {
  it('shows the same figures as stats --json, and a package of the same data merges to them', async () => {
    const b = await rosterBackend();
    await importSample(b, sample('posts-roster-township.xlsx'), 'posts');
    await importSample(b, sample('workshops-ledger.xlsx'), 'workshops');
    await importSample(b, sample('microloans-ledger.xlsx'), 'loans');
    const stats = (await call(b, 'stats.get', {})) as unknown as {
      persons: number; households: number; villages: number;
      posts: { library: number; active: number; holders: number; priorityActive: number; monthlyWageYuan: number };
      workshops: { count: number; operating: number; employed: number; poorEmployed: number };
      loans: { count: number; households: number; totalYuan: number; activeYuan: number; householdLoanRate: number; overdue: number };
      monitoring: { households: number; openHouseholds: number; persons: number; noDevMeasure: number; overdue: number };
    };
    const ov = await call(b, 'overview.get', {});
    expect(ov.historical).toBe(false);
    expect({ persons: ov.persons.total, households: ov.persons.households, villages: ov.persons.villages })
      .toEqual({ persons: stats.persons, households: stats.households, villages: stats.villages });
    expect(ov.persons.byHouseholdType.reduce((n, t) => n + t.count, 0)).toBe(stats.persons);
    expect(ov.posts).toMatchObject(stats.posts);
    expect(ov.posts.byVillage.reduce((n, v) => n + v.active, 0)).toBe(stats.posts.active);
    expect(ov.posts.byCategory.reduce((n, v) => n + v.active, 0)).toBe(stats.posts.active);
    expect(ov.workshops).toMatchObject(stats.workshops);
    const { overdue: overdueLoans, ...loanFigures } = stats.loans;
    expect(ov.loans).toMatchObject(loanFigures);
    expect(ov.loans.overdueCount).toBe(overdueLoans); // past due and not 已结清, in 概览 as in stats
    expect(ov.monitoring).toMatchObject(stats.monitoring);
    expect(ov.monitoring.households).toBeGreaterThan(0);
    expect(ov.monitoring.byVillage.reduce((n, v) => n + v.households, 0)).toBe(stats.monitoring.households);
    expect(ov.monitoring.byVillage.reduce((n, v) => n + v.open, 0)).toBe(stats.monitoring.openHouseholds);
    expect(ov.monitoring.byVillage.reduce((n, v) => n + v.noDevMeasure, 0)).toBe(stats.monitoring.noDevMeasure);
    const findings = await call(b, 'checks.run', {});
    expect(ov.problems.total).toBe(findings.length);
    expect(ov.problems.error).toBe(findings.filter((f) => f.severity === 'error').length);

    // Before anything was appointed or lent, the same ledger shows none of it.
    const early = await call(b, 'overview.get', { asOf: '2015-01-01' });
    expect(early.historical).toBe(true);
    expect(early.posts.active).toBe(0);
    expect(early.loans.count).toBe(0);
    expect(early.persons.total).toBe(stats.persons);

    const r = await merge(b, [{ fileName: 'pkg.xlsx', buffer: await exportPackage(b) }]);
    expect(r.packages[0].status).toBe('ok');
    expect(r.townships[0].figures).toMatchObject({
      persons: stats.persons, households: stats.households,
      postsActive: stats.posts.active, postsHolders: stats.posts.holders, postsPriority: stats.posts.priorityActive, postsWageYuan: stats.posts.monthlyWageYuan,
      workshops: stats.workshops.count, workshopsOperating: stats.workshops.operating, workshopsEmployed: stats.workshops.employed, workshopsPoor: stats.workshops.poorEmployed,
      loans: stats.loans.count, loansTotalYuan: stats.loans.totalYuan, loansActiveYuan: stats.loans.activeYuan, loanHouseholds: stats.loans.households,
    });

    // 月报: a 汇总 sheet and one sheet per module, in the county layout.
    const month = '2024-06';
    const rep = await call(b, 'report.monthly', { month });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(rep.base64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '人员', '公益岗位', '帮扶车间', '小额信贷', '防返贫监测']);
    const summary = wb.getWorksheet('汇总')!;
    expect(String(summary.getRow(1).getCell(1).value)).toContain('2024年6月');
    expect(summary.getRow(3).getCell(3).value).toBe('指标');
    expect(summary.getRow(4).getCell(4).value).toBe(stats.persons);
    await expect(call(b, 'report.monthly', { month: '2999-01' })).rejects.toThrow('还没有到');
  });
});
