import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/index';
import { closePdfBrowser } from '../../electron/backend/print/pdf';
import { maskId } from '../../shared/idcard';
import { call, freshBackend, tmpDir, validId } from './helpers';

/**
 * The 防返贫监测 print views through print.html, over data from a real monitoring download:
 * 走访记录表 (a village's visits of a month, per household, the unvisited households named) and
 * 风险消除公示 (households eliminated in the period, masked IDs, 公示期, 监督电话, 人均纯收入 in 元);
 * and 风险消除 recorded with the 驻村干部's sign-off (stored, audited, refused without a name).
 */
const HEADER = ['序号', '县', '乡', '村', '户编号', '人编号', '姓名', '证件号码', '与户主关系', '劳动技能', '户类型', '监测对象类别', '识别监测时间',
  '风险是否已消除', '消除监测时间', '风险消除方式', '致贫返贫风险1', '人均纯收入（元）'];
const A = validId('14072419850301101'), B = validId('14072419860402102'), C = validId('14072419870503103');

async function download(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(['（自定义）监测对象信息']);
  ws.addRow(['导出时间：2024-06-12 09:00:00']);
  ws.addRow(HEADER);
  ws.addRow([1, '昔阳县', '乐平镇', '南关村', '072410020300001', '07241002030000101', '赵春', A, '户主', '普通劳动力', '监测户', '边缘易致贫户', '202301', '是', '202403', '帮扶消除', '因病', 9200]);
  ws.addRow([2, '昔阳县', '乐平镇', '南关村', '072410020300002', '07241002030000201', '钱夏', B, '户主', '普通劳动力', '监测户', '脱贫不稳定户', '202301', '否', '', '', '因学', 6000]);
  ws.addRow([3, '昔阳县', '乐平镇', '北关村', '072410020300003', '07241002030000301', '孙秋', C, '户主', '普通劳动力', '监测户', '突发严重困难户', '202302', '否', '', '', '因灾', 5000]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function importDownload(b: Backend) {
  let job = await call(b, 'import.start', { kind: 'monitoring', fileName: 'monitoring.xlsx', base64: (await download()).toString('base64') });
  for (let i = 0; i < 600 && job.state === 'reading'; i++) {
    await new Promise((r) => setTimeout(r, 20));
    job = await call(b, 'import.status', { jobId: job.jobId });
  }
  expect(job.state, job.message ?? '').toBe('ready');
  await call(b, 'import.commit', { jobId: job.jobId });
}

const hhId = (b: Backend, idNo: string) => (b.ctx.db.prepare('SELECT household_id AS id FROM persons WHERE id_no = ?').get(idNo) as { id: number }).id;
const villageId = (b: Backend, name: string) => (b.ctx.db.prepare('SELECT id FROM villages WHERE name = ?').get(name) as { id: number }).id;

let b: Backend;
beforeEach(async () => {
  b = freshBackend();
  await call(b, 'settings.update', { township: '乐平镇', supervisionPhone: '0354-4561234', gongshiDays: 7, maskIdsOnPrint: true, operator: '王录入' });
  await importDownload(b);
});
afterEach(() => b.close());

describe('风险消除 with the 驻村干部 sign-off', () => {
  it('stores the day, method and signer, audits it, and shows it in the household detail', async () => {
    const d = await call(b, 'monitoring.eliminate', { householdId: hhId(b, B), date: '2024-05-20', method: '帮扶消除', signer: '李驻村', note: '务工收入稳定' });
    expect(d).toMatchObject({ riskEliminated: true, eliminatedMonth: '2024-05', eliminationMethod: '帮扶消除', open: false, elimination: { date: '2024-05-20', signer: '李驻村', note: '务工收入稳定' } });
    const a = b.ctx.db.prepare("SELECT after_json AS j FROM audit_log WHERE table_name = 'monitor_households' ORDER BY id DESC LIMIT 1").get() as { j: string };
    expect(JSON.parse(a.j)).toMatchObject({ household_id: hhId(b, B), eliminated_date: '2024-05-20', eliminated_signer: '李驻村', eliminated_month: '2024-05' });
    // 风险已消除 on the household goes through its repository, with its own audit row.
    const h = b.ctx.db.prepare("SELECT before_json AS b, after_json AS a FROM audit_log WHERE table_name = 'households' AND record_id = ? ORDER BY id DESC LIMIT 1").get(hhId(b, B)) as { b: string; a: string };
    expect([JSON.parse(h.b).risk_eliminated, JSON.parse(h.a).risk_eliminated]).toEqual([0, 1]);
    // Before the elimination month the household is still at risk; from it on, not.
    expect((await call(b, 'stats.get', { asOf: '2024-04-30' }) as unknown as { monitoring: { openHouseholds: number } }).monitoring.openHouseholds).toBe(2);
    expect((await call(b, 'stats.get', { asOf: '2024-05-31' }) as unknown as { monitoring: { openHouseholds: number } }).monitoring.openHouseholds).toBe(1);
  });

  it('refuses without a 驻村干部, twice, or in the future, writing nothing', async () => {
    const audits = () => (b.ctx.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    const n = audits();
    await expect(call(b, 'monitoring.eliminate', { householdId: hhId(b, B), date: '2024-05-20', method: '帮扶消除', signer: ' ', note: null })).rejects.toThrow(/驻村干部/);
    await expect(call(b, 'monitoring.eliminate', { householdId: hhId(b, B), date: '2999-01-01', method: '帮扶消除', signer: '李驻村', note: null })).rejects.toThrow(/晚于今天/);
    await expect(call(b, 'monitoring.eliminate', { householdId: hhId(b, A), date: '2024-05-20', method: '帮扶消除', signer: '李驻村', note: null })).rejects.toThrow(/已经标记为消除/);
    expect(audits()).toBe(n);
    expect((await call(b, 'monitoring.household', { id: hhId(b, B) })).riskEliminated).toBe(false);
  });
});

describe('风险消除公示', () => {
  it('lists the households eliminated in the period with masked IDs, 人均纯收入 in 元, 公示期 and 监督电话, escaped', async () => {
    await call(b, 'monitoring.eliminate', { householdId: hhId(b, B), date: '2024-05-20', method: '<自然消除>&', signer: '李驻村', note: null });
    const r = await call(b, 'print.html', { kind: 'eliminationGongshi', startDate: '2024-06-01' });
    expect(r.rows).toBe(2);
    expect(r.title).toBe('关于乐平镇2024年防返贫监测对象风险消除情况的公示');
    expect(r.gongshi).toEqual({ startDate: '2024-06-01', endDate: '2024-06-07', days: 7 });
    expect(r.html).toContain('公示期：2024年6月1日至2024年6月7日（共7天）');
    expect(r.html).toContain('0354-4561234');
    for (const id of [A, B]) {
      expect(r.html).toContain(maskId(id));
      expect(r.html).not.toContain(id);
    }
    expect(r.html).not.toContain(maskId(C)); // still at risk
    expect(r.html).toContain('9,200.00');
    expect(r.html).toContain('&lt;自然消除&gt;&amp;');
    expect(r.html).not.toContain('<自然消除>');
    expect(r.html).toContain('2024-05-20');
    // Only the month asked for.
    const may = await call(b, 'print.html', { kind: 'eliminationGongshi', month: '2024-05', startDate: '2024-06-01' });
    expect(may.rows).toBe(1);
    expect(may.html).toContain('钱夏');
    expect(may.html).not.toContain('赵春');
  });

  it('full IDs when masking is off, with a warning', async () => {
    await call(b, 'settings.update', { maskIdsOnPrint: false });
    const r = await call(b, 'print.html', { kind: 'eliminationGongshi', startDate: '2024-06-01' });
    expect(r.html).toContain(A);
    expect(r.warnings.join()).toMatch(/完整身份证号/);
  });
});

describe('走访记录表', () => {
  it("a village's visits of the month per household, unvisited households at risk named, escaped", async () => {
    await call(b, 'monitoring.addVisit', { householdId: hhId(b, B), date: '2024-05-03', visitor: '李驻村', method: '入户', incomeChange: '收入增加', riskChange: '风险减轻', content: '<b>务工</b> & 收入' });
    await call(b, 'monitoring.addVisit', { householdId: hhId(b, B), date: '2024-05-25', visitor: '王干部', method: '电话', incomeChange: null, riskChange: null, content: null });
    await call(b, 'monitoring.addVisit', { householdId: hhId(b, C), date: '2024-05-04', visitor: '周干部', method: '入户', incomeChange: null, riskChange: null, content: '北关村走访' });
    await call(b, 'monitoring.addVisit', { householdId: hhId(b, B), date: '2024-06-02', visitor: '李驻村', method: '入户', incomeChange: null, riskChange: null, content: '六月' });
    const r = await call(b, 'print.html', { kind: 'visits', villageId: villageId(b, '南关村'), month: '2024-05', startDate: '2024-06-01' });
    expect(r.title).toBe('乐平镇南关村2024年5月防返贫监测对象走访记录表');
    expect(r.rows).toBe(2);
    expect(r.html).toContain(maskId(B));
    expect(r.html).not.toContain(B);
    expect(r.html).toContain('&lt;b&gt;务工&lt;/b&gt; &amp; 收入');
    expect(r.html).not.toContain('<b>务工');
    expect(r.html).toContain('2024-05-25');
    expect(r.html).not.toContain('北关村走访'); // another village
    expect(r.html).not.toContain('六月'); // another month
    expect(r.html).toContain('2024年5月共走访1户2次');
    expect(r.gongshi).toBeNull();
    // The whole township: 孙秋 of 北关村 visited, 赵春 eliminated (not at risk), so nobody is named as unvisited.
    const all = await call(b, 'print.html', { kind: 'visits', month: '2024-05', startDate: '2024-06-01' });
    expect(all.rows).toBe(3);
    expect(all.html).toContain('北关村走访');
    expect(all.html).not.toContain('本月未走访');
    // June: 孙秋 not visited yet.
    const june = await call(b, 'print.html', { kind: 'visits', month: '2024-06', startDate: '2024-06-30' });
    expect(june.html).toMatch(/本月未走访的风险未消除户（1户）：北关村孙秋/);
  });
});

const CHROMIUM = process.env.LEDGER_CHROMIUM && process.env.LEDGER_CHROMIUM !== 'none' ? process.env.LEDGER_CHROMIUM : '/usr/bin/chromium';
const canPdf = fs.existsSync(CHROMIUM) && spawnSync('pdftotext', ['-v']).status === 0;

describe.skipIf(!canPdf)('风险消除公示 as PDF', () => {
  afterAll(() => closePdfBrowser());
  it('print.pdf renders the 公示 with 公示期, 监督电话 and masked IDs', async () => {
    await call(b, 'monitoring.eliminate', { householdId: hhId(b, B), date: '2024-05-20', method: '帮扶消除', signer: '李驻村', note: null });
    const r = await call(b, 'print.pdf', { kind: 'eliminationGongshi', startDate: '2024-06-01' });
    expect(r.fileName).toMatch(/风险消除情况的公示-2024-06-01\.pdf$/);
    const file = path.join(tmpDir('ledger-elim-pdf-'), 'elim.pdf');
    fs.writeFileSync(file, Buffer.from(r.base64, 'base64'));
    const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('风险消除');
    expect(text).toContain('公示期：2024年6月1日至2024年6月7日');
    expect(text).toContain('0354-4561234');
    expect(text).toContain(maskId(B));
    expect(text).not.toContain(B);
  }, 120_000);
});
