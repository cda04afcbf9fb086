/**
 * Printing end to end: 200 holders created through the channels, the print views through
 * dispatch, PDFs rendered by Playwright's Chromium (page.pdf) and by the CLI's headless command line
 * (print.pdf), read back with pdftotext/pdfinfo: the header on every page, 第X页 共Y页 right on
 * each, every row exactly once, the 合计 and 大写 right, and no full ID anywhere. Page 1 goes to
 * test-results/print/ as a PNG to look at. The P10 check sees a recorded 公示.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from '@playwright/test';
import type { Backend } from '../../electron/backend/index';
import { amountInWords, formatYuan } from '../../shared/money';
import { call, freshBackend, validId } from './helpers';
import { runCliInProcess } from '../support/cli';

const ROOT = path.resolve(__dirname, '..', '..');
const CHROMIUM = process.env.LEDGER_CHROMIUM && process.env.LEDGER_CHROMIUM !== 'none' ? process.env.LEDGER_CHROMIUM : '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
const hasPoppler = spawnSync('pdftotext', ['-v']).status === 0 && spawnSync('pdfinfo', ['-v']).status === 0;
const OUT = path.join(ROOT, 'test-results', 'print');
if (!hasChromium || !hasPoppler) {
  console.log(`SKIP PDF tests: ${!hasChromium ? `no Chromium at ${CHROMIUM}` : 'poppler-utils (pdftotext, pdfinfo) not installed'}; run: apt-get install -y chromium poppler-utils`);
}
const FULL_ID = /[0-9]{17}[0-9X]/;

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = ['建国', '秀英', '桂兰', '满仓', '丽娟', '俊峰', '海燕', '金莲', '永明', '彩云'];

interface Seeded { b: Backend; ids: string[]; accounts: string[]; totalFen: number; villages: Record<string, number> }

async function seed(n: number): Promise<Seeded> {
  const b = freshBackend();
  await call(b, 'settings.update', { township: '乐平镇', supervisionPhone: '0358-1234567', gongshiDays: 7, maskIdsOnPrint: true });
  const villages: Record<string, number> = {};
  for (const name of ['东关村', '南关村', '西寨村', '刀把口村']) villages[name] = (await call(b, 'villages.create', { name, code: null })).id;
  const posts: { id: number; wageFen: number }[] = [];
  for (const v of Object.values(villages)) {
    for (const [name, wageFen] of [['保洁员', 50_000], ['护林员', 83_350], ['护路员', 60_005]] as const) {
      const p = await call(b, 'posts.create', { villageId: v, name, category: '乡村公益岗', fundSource: '衔接资金', headcount: 100, duties: null, workTime: null, wageFen, councilDate: '2024-01-05', councilRecord: '村两委会议研究通过' });
      posts.push({ id: p.id, wageFen });
    }
  }
  const ids: string[] = [], accounts: string[] = [];
  let totalFen = 0;
  for (let i = 0; i < n; i++) {
    const post = posts[i % posts.length];
    const village = Object.values(villages)[Math.floor((i % posts.length) / 3)];
    const birth = new Date(Date.UTC(1965, 0, 1) + i * 37 * 86400000).toISOString().slice(0, 10).replaceAll('-', '');
    const id = validId(`140724${birth}${String(100 + i).slice(-3)}`);
    const name = i === 7 ? '王𠀀' : SURNAMES[i % SURNAMES.length] + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length];
    const person = await call(b, 'persons.create', {
      idNo: id, name, villageId: village, householdNo: `H${1000 + i}`, householdType: i % 5 === 0 ? '监测户' : '脱贫户',
      monitorCategory: null, riskEliminated: null, exitYear: null, relation: '户主', laborSkill: '普通劳动力', phone: `1391234${String(i).padStart(4, '0')}`,
    });
    const account = `621700${String(1000000000000 + i)}`;
    await call(b, 'appointments.create', {
      postId: post.id, personId: person.id, agreementNo: `XY-${i}`, startDate: `2024-0${1 + (i % 6)}-01`, endDate: null,
      wageFen: post.wageFen, bankAccount: account, bankName: '农村信用社',
    });
    ids.push(id); accounts.push(account); totalFen += post.wageFen;
  }
  return { b, ids, accounts, totalFen, villages };
}

/** Text of each page (pdftotext -layout), and the page count from pdfinfo. */
function readPdf(file: string): { pages: string[]; count: number } {
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
  const count = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
  const pages = Array.from({ length: count }, (_, i) =>
    spawnSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' }).stdout);
  return { pages, count };
}

function expectPaged(pages: string[], count: number, header: string[]) {
  expect(count).toBeGreaterThan(1);
  pages.forEach((text, i) => {
    for (const h of header) expect(text, `header “${h}” on page ${i + 1}`).toContain(h);
    expect(text, `page number on page ${i + 1}`).toMatch(new RegExp(`第\\s*${i + 1}\\s*页\\s*共\\s*${count}\\s*页`));
    expect(text, `no full ID on page ${i + 1}`).not.toMatch(FULL_ID);
  });
}

/** 序号 at the start of a table line, across all pages: each of 1..n exactly once. */
function serials(pages: string[]): number[] {
  return pages.flatMap((t) => [...t.matchAll(/^\s*(\d{1,3})\s+\S*村\s/gm)].map((m) => Number(m[1])));
}

let S: Seeded;
beforeAll(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  S = await seed(200);
});
afterAll(() => S?.b.close());

describe('print views through dispatch', () => {
  it('花名册: 200 rows, IDs and phones masked, 合计 and 大写, 生僻字 warned', async () => {
    const r = await call(S.b, 'print.html', { kind: 'roster', startDate: '2024-07-01' });
    expect(r.rows).toBe(200);
    expect(r.orientation).toBe('landscape');
    expect(r.title).toBe('乐平镇2024年乡村公益性岗位人员花名册');
    expect(r.html).not.toMatch(FULL_ID);
    expect(r.html).toContain(S.ids[0].slice(0, 6) + '********' + S.ids[0].slice(-4));
    expect(r.html).toContain('139****0000');
    expect(r.html).not.toContain('13912340000');
    expect(r.html).toContain(`共200人`);
    expect(r.html).toContain(formatYuan(S.totalFen));
    expect(r.html).toContain(amountInWords(S.totalFen));
    expect(r.warnings.some((w) => w.includes('王𠀀') && w.includes('U+20000'))).toBe(true);
  });

  it('聘用公示: 公示期 = start + 公示天数 from settings, 监督电话, seal line; never a bank account', async () => {
    const r = await call(S.b, 'print.html', { kind: 'gongshi', startDate: '2024-07-01' });
    expect(r.gongshi).toEqual({ startDate: '2024-07-01', endDate: '2024-07-07', days: 7 });
    expect(r.html).toContain('公示期：2024年7月1日至2024年7月7日（共7天）');
    expect(r.html).toContain('监督电话：0358-1234567');
    expect(r.html).toContain('乐平镇人民政府（盖章）');
    expect(r.html).not.toMatch(FULL_ID);
    for (const a of S.accounts.slice(0, 20)) expect(r.html).not.toContain(a.slice(-8));
    expect(r.html).not.toContain('银行');
  });

  it('per village: title, 村委会 seal, only that village; month filter lists that month’s new hires', async () => {
    const r = await call(S.b, 'print.html', { kind: 'gongshi', villageId: S.villages['东关村'], startDate: '2024-07-01' });
    expect(r.title).toBe('关于乐平镇东关村2024年乡村公益性岗位拟聘用人员的公示');
    expect(r.html).toContain('东关村村民委员会（盖章）');
    expect(r.html).not.toContain('南关村');
    expect(r.orientation).toBe('portrait'); // no 村 column: narrow enough
    const march = await call(S.b, 'print.html', { kind: 'gongshi', month: '2024-03', startDate: '2024-03-10' });
    expect(march.rows).toBe(Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 6 === 2).length); // startDate 2024-03-01
  });

  it('a recorded 公示 clears the P10 paperwork check for exactly the appointments it listed, when posted before they started', async () => {
    const p10 = async () => (await call(S.b, 'checks.run', { module: 'posts', asOf: '2024-08-01' })).filter((f) => f.rule === 'P10' && f.message.includes('聘用公示'));
    const missing = async () => (await p10()).length;
    expect(await missing()).toBe(200);
    // The March hires' 公示, posted before they started (2024-03-01): clears those and no one else.
    const march = await call(S.b, 'print.record', { kind: 'gongshi', month: '2024-03', startDate: '2024-02-20' });
    const marchHires = Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 6 === 2).length;
    expect(await missing()).toBe(200 - marchHires);
    // Printed after the hires: a 补公示 — recorded, said so, and it does not clear them.
    const rec = await call(S.b, 'print.record', { kind: 'gongshi', villageId: S.villages['东关村'], startDate: '2024-07-01' });
    expect(rec).toMatchObject({ kind: '聘用公示', villageName: '东关村', scope: '东关村', startDate: '2024-07-01', endDate: '2024-07-07', days: 7 });
    expect(march.id).not.toBe(rec.id);
    expect(await missing()).toBe(200 - marchHires);
    expect((await p10()).filter((f) => f.message.includes('补公示')).length).toBeGreaterThan(0);
    // Recording the same 公示 again keeps one record.
    expect((await call(S.b, 'print.record', { kind: 'gongshi', villageId: S.villages['东关村'], startDate: '2024-07-01' })).id).toBe(rec.id);
    // The whole township's 公示 before anyone started clears everyone, but only from its own start date on.
    await call(S.b, 'print.record', { kind: 'gongshi', startDate: '2023-12-20' });
    expect(await missing()).toBe(0);
    const before = (await call(S.b, 'checks.run', { module: 'posts', asOf: '2023-12-19' })).filter((f) => f.rule === 'P10');
    expect(before).toEqual([]); // nobody held a post yet
    const list = await call(S.b, 'print.records', {});
    expect(list.map((g) => g.scope).sort()).toEqual(['东关村', '全乡镇', '全乡镇（2024年3月新聘）']);
  });
});

describe.skipIf(!hasChromium || !hasPoppler)('PDF: 200-row roster', () => {
  it('Playwright Chromium: header and 第X页 共Y页 on every page, every row once, 合计 and 大写 on the last page', async () => {
    const r = await call(S.b, 'print.html', { kind: 'roster', startDate: '2024-07-01' });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    const file = path.join(OUT, 'roster-200.pdf');
    try {
      const page = await browser.newPage();
      await page.setContent(r.html, { waitUntil: 'load' });
      await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
    } finally { await browser.close(); }
    const { pages, count } = readPdf(file);
    expectPaged(pages, count, ['序号', '姓名', '身份证号', '岗位名称', '联系电话']);
    expect(pages[0]).toContain('乐平镇2024年乡村公益性岗位人员花名册');
    expect(serials(pages).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const last = pages[count - 1];
    expect(last).toMatch(/合计\s+共200人/);
    expect(last).toContain(formatYuan(S.totalFen));
    expect(last).toContain(`人民币${amountInWords(S.totalFen)}`);
    expect(last).toContain('乐平镇人民政府（盖章）');
    expect(pages.join('\n')).not.toMatch(/1391234\d{4}/);

    const png = spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, path.join(OUT, 'roster-page1')]);
    expect(png.status).toBe(0);
    expect(fs.statSync(path.join(OUT, 'roster-page1.png')).size).toBeGreaterThan(10_000);
  });

  it('the CLI headless path (print.pdf): 工资发放表 with 签字 column, 应发/实发 合计 and 大写', async () => {
    const month = '2024-07';
    const rows = (await call(S.b, 'attendance.month', { month })).rows;
    await call(S.b, 'attendance.save', {
      month,
      rows: rows.map((a, i) => ({ appointmentId: a.appointmentId, dueDays: 22, presentDays: i % 10 === 0 ? 11 : 22, assessment: '合格' as const, paidFen: null, paidReason: null })),
    });
    const saved = (await call(S.b, 'attendance.month', { month })).rows;
    const paid = saved.reduce((n, a) => n + (a.paidFen ?? 0), 0);
    const r = await call(S.b, 'print.pdf', { kind: 'wages', month, startDate: '2024-08-05' });
    expect(r.fileName).toMatch(/2024年7月乡村公益性岗位工资发放表.*\.pdf$/);
    const file = path.join(OUT, 'wages-cli.pdf');
    fs.writeFileSync(file, Buffer.from(r.base64, 'base64'));
    const { pages, count } = readPdf(file);
    expectPaged(pages, count, ['序号', '姓名', '身份证号', '实发金额', '本人签字']);
    expect(serials(pages)).toHaveLength(saved.length);
    const last = pages[count - 1];
    expect(last).toMatch(new RegExp(`合计\\s+共${saved.length}人`));
    expect(last).toContain(formatYuan(paid));
    expect(last).toContain(`实发合计（大写）：人民币${amountInWords(paid)}`);
    expect(pages.join('\n')).not.toMatch(/621700\d{13}/); // accounts: last 4 only
    spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, path.join(OUT, 'wages-page1')]);
  });
});

describe('CLI', () => {
  it('without a browser writes the HTML next to the PDF, says so in Chinese, exits 2', async () => {
    const data = S.b.ctx.dataDir;
    const out = path.join(data, '公示.pdf');
    const r = await runCliInProcess(['print', 'gongshi', '--village', '东关', out, '--start', '2024-09-01', '--data', data, '--json'], { env: { LEDGER_CHROMIUM: 'none' } });
    expect(r.status, r.stderr).toBe(2);
    const j = JSON.parse(r.stdout);
    expect(j.format).toBe('html');
    expect(j.error).toContain('没有找到');
    expect(fs.existsSync(out)).toBe(false);
    const html = fs.readFileSync(path.join(data, '公示.html'), 'utf8');
    expect(html).toContain('关于乐平镇东关村2024年乡村公益性岗位拟聘用人员的公示');
    expect(html).not.toMatch(FULL_ID);
  });
});

describe('退岗公示', () => {
  it('退岗公示 lists exits with date and reason', async () => {
    const appt = (await call(S.b, 'appointments.list', { villageId: S.villages['西寨村'], offset: 0, limit: 1 })).rows[0];
    await call(S.b, 'appointments.exit', { id: appt.id, date: '2024-08-15', reason: '本人不再需要', note: null });
    const r = await call(S.b, 'print.html', { kind: 'exitGongshi', month: '2024-08', startDate: '2024-08-20' });
    expect(r.rows).toBe(1);
    expect(r.title).toBe('关于乐平镇2024年乡村公益性岗位人员退岗的公示');
    expect(r.html).toContain(appt.personName);
    expect(r.html).toContain('2024-08-15');
    expect(r.html).toContain('本人不再需要');
    expect(r.html).toContain('公示期：2024年8月20日至2024年8月26日（共7天）');
    expect(r.html).not.toMatch(FULL_ID);
  });
});
