/**
 * 小额信贷台账 as a print sheet: the county's sample roster and loan ledger imported through the
 * channels, the 'loans' print view through dispatch (title, columns, 合计 and 大写 to the 分, masked
 * IDs, per village, per month), and the CLI `print loans` writing HTML and, where a Chromium is
 * installed, a PDF read back with pdftotext: the header and 第X页 共Y页 on every page, every loan once.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/index';
import type { Loan } from '../../shared/api/loans';
import { maskId } from '../../shared/idcard';
import { amountInWords, formatYuan } from '../../shared/money';
import { sample } from '../samples';
import { runCliInProcess } from '../support/cli';
import { call, rosterBackend, stageFile } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const CHROMIUM = process.env.LEDGER_CHROMIUM && process.env.LEDGER_CHROMIUM !== 'none' ? process.env.LEDGER_CHROMIUM : '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
const hasPoppler = spawnSync('pdftotext', ['-v']).status === 0 && spawnSync('pdfinfo', ['-v']).status === 0;
if (!hasChromium || !hasPoppler) {
  console.log(`SKIP loan PDF test: ${!hasChromium ? `no Chromium at ${CHROMIUM}` : 'poppler-utils (pdftotext, pdfinfo) not installed'}; run: apt-get install -y chromium poppler-utils`);
}
const FULL_ID = /[0-9]{17}[0-9X]/;
const OUT = path.join(ROOT, 'test-results', 'print');

let b: Backend;
let loans: Loan[];

async function importFile(file: string, kind: 'persons' | 'loans') {
  const job = await stageFile(b, file, kind);
  expect(job.state, job.message ?? '').toBe('ready');
  await call(b, 'import.commit', { jobId: job.jobId });
}

function cli(...args: string[]) {
  return runCliInProcess(['print', ...args, '--data', b.ctx.dataDir, '--json'], { env: { LEDGER_CHROMIUM: CHROMIUM } });
}

beforeAll(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  b = await rosterBackend();
  await call(b, 'settings.update', { township: '乐平镇', supervisionPhone: '0358-1234567', maskIdsOnPrint: true });
  await importFile(sample('microloans-ledger.xlsx'), 'loans');
  loans = (await call(b, 'loans.query', { limit: 1000 })).rows;
  expect(loans).toHaveLength(160);
}, 120_000);
afterAll(() => b?.close());

const sumFen = (list: Loan[]) => list.reduce((n, l) => n + l.amountFen, 0);

describe('小额信贷台账 print view', () => {
  it('the whole township: every loan, 合计 笔数/金额/余额, 金额 in words, IDs masked, landscape', async () => {
    const r = await call(b, 'print.html', { kind: 'loans', startDate: '2030-01-01' });
    expect(r.rows).toBe(160);
    expect(r.title).toBe('乐平镇2030年脱贫人口小额信贷台账');
    expect(r.orientation).toBe('landscape');
    for (const h of ['序号', '村', '借款人', '身份证号', '贷款金额（元）', '发放日期', '到期日期', '期限', '贷款银行', '用途', '状态', '贷款余额（元）']) {
      expect(r.html).toContain(`<th>${h}</th>`);
    }
    const total = sumFen(loans);
    expect(r.html).toContain('共160笔');
    expect(r.html).toContain(formatYuan(total));
    expect(r.html).toContain(formatYuan(loans.reduce((n, l) => n + l.balanceFen, 0)));
    expect(r.html).toContain(`贷款金额合计（大写）：人民币${amountInWords(total)}`);
    expect(r.html).not.toMatch(FULL_ID);
    expect(r.html).toContain(maskId(loans[0].idNo));
    // The first loan of the sample, as the county's ledger has it: 5 万, 24 months, 邮储银行, 逾期.
    const first = loans.find((l) => l.contractNo === 'XD202200001')!;
    expect(r.html).toMatch(new RegExp(`${maskId(first.idNo).replaceAll('*', '\\*')}</td><td class="a-right nw">50,000.00</td><td class="a-center nw">2022-10-08</td><td class="a-center nw">2024-10-08</td><td class="a-center">24个月</td><td class="a-center">邮储银行</td>`));
    // No account or card number of any kind on the sheet (the loan table holds none; this guards the future).
    expect(r.html).not.toMatch(/\d{15,}/);
    expect(r.html).toContain('乐平镇人民政府（盖章）');
  });

  it('one village: its loans only, no 村 column, village in the title', async () => {
    const villages = await call(b, 'villages.list', {});
    const v = villages.find((x) => loans.some((l) => l.villageId === x.id))!;
    const mine = loans.filter((l) => l.villageId === v.id);
    const r = await call(b, 'print.html', { kind: 'loans', villageId: v.id, startDate: '2030-01-01' });
    expect(r.rows).toBe(mine.length);
    expect(r.scope).toBe(v.name);
    expect(r.title).toBe(`乐平镇${v.name}2030年脱贫人口小额信贷台账`);
    expect(r.html).not.toContain('<th>村</th>');
    expect(r.html).toContain(`共${mine.length}笔`);
    expect(r.html).toContain(amountInWords(sumFen(mine)));
  });

  it('a month: the loans issued in it, the title carries its year; an empty month warns', async () => {
    const month = loans[0].issueDate.slice(0, 7);
    const inMonth = loans.filter((l) => l.issueDate.startsWith(month));
    const r = await call(b, 'print.html', { kind: 'loans', month, startDate: '2030-01-01' });
    expect(r.rows).toBe(inMonth.length);
    expect(r.title).toBe(`乐平镇${month.slice(0, 4)}年脱贫人口小额信贷台账`);
    const none = await call(b, 'print.html', { kind: 'loans', month: '1999-01' });
    expect(none.rows).toBe(0);
    expect(none.warnings).toContain('1999年1月没有发放的贷款。');
    // Up to a date: only loans issued by then.
    const early = await call(b, 'print.html', { kind: 'loans', startDate: loans.map((l) => l.issueDate).sort()[0] });
    expect(early.rows).toBe(loans.filter((l) => l.issueDate <= early.html.match(/统计截止：(\d{4}-\d{2}-\d{2})/)![1]).length);
  });

  it('with masking off the full ID is printed', async () => {
    await call(b, 'settings.update', { maskIdsOnPrint: false });
    try {
      const r = await call(b, 'print.html', { kind: 'loans', startDate: '2030-01-01' });
      expect(r.html).toContain(loans[0].idNo);
    } finally {
      await call(b, 'settings.update', { maskIdsOnPrint: true });
    }
  });
});

describe('小额信贷发放公示', () => {
  it('the loans issued in the year up to the start: 公示期 from the settings, 监督电话, seal; no 状态, 余额 or account', async () => {
    await call(b, 'settings.update', { gongshiDays: 5 });
    const year = loans.map((l) => l.issueDate.slice(0, 4)).sort().at(-1)!;
    const start = `${year}-12-31`;
    const mine = loans.filter((l) => l.issueDate.startsWith(`${year}-`));
    const r = await call(b, 'print.html', { kind: 'loanGongshi', startDate: start });
    expect(r.rows).toBe(mine.length);
    expect(r.title).toBe(`关于乐平镇${year}年脱贫人口小额信贷发放情况的公示`);
    expect(r.gongshi).toEqual({ startDate: start, endDate: `${Number(year) + 1}-01-04`, days: 5 });
    expect(r.html).toContain(`公示期：${year}年12月31日至${Number(year) + 1}年1月4日（共5天）`);
    expect(r.html).toContain('监督电话：0358-1234567');
    expect(r.html).toContain('乐平镇人民政府（盖章）');
    expect(r.html).toContain(`现将乐平镇${year}年发放的${mine.length}笔脱贫人口小额信贷予以公示。`);
    expect(r.html).not.toContain('<th>状态</th>');
    expect(r.html).not.toContain('余额');
    expect(r.html).toContain(`贷款金额合计（大写）：人民币${amountInWords(sumFen(mine))}`);
    expect(r.html).not.toMatch(FULL_ID);
    expect(r.html).not.toMatch(/\d{15,}/);
  });

  it('a month in one village; masking off is warned about', async () => {
    const l = loans[0];
    const month = l.issueDate.slice(0, 7);
    await call(b, 'settings.update', { maskIdsOnPrint: false });
    try {
      const r = await call(b, 'print.html', { kind: 'loanGongshi', villageId: l.villageId!, month, startDate: '2030-01-01' });
      expect(r.rows).toBe(loans.filter((x) => x.villageId === l.villageId && x.issueDate.startsWith(month)).length);
      expect(r.title).toBe(`关于乐平镇${l.villageName}${month.slice(0, 4)}年脱贫人口小额信贷发放情况的公示`);
      expect(r.warnings.some((w) => w.includes('完整身份证号'))).toBe(true);
    } finally {
      await call(b, 'settings.update', { maskIdsOnPrint: true });
    }
  });
});

describe('CLI print loans', () => {
  it('--village writes that village’s sheet as HTML', async () => {
    const out = path.join(b.ctx.dataDir, '信贷台账.html');
    const village = loans[0].villageName!;
    const r = await cli('loans', '--village', village, '--start', '2030-01-01', out);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ format: 'html', title: `乐平镇${village}2030年脱贫人口小额信贷台账`, rows: loans.filter((l) => l.villageName === village).length });
    const html = fs.readFileSync(out, 'utf8');
    expect(html).not.toMatch(FULL_ID);
    expect(html).toContain('贷款金额合计（大写）');
  });

  it('loans-gongshi writes the 公示', async () => {
    const out = path.join(b.ctx.dataDir, '信贷公示.html');
    const month = loans[0].issueDate.slice(0, 7);
    const r = await cli('loans-gongshi', '--month', month, '--start', '2030-01-01', out);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'html', rows: loans.filter((l) => l.issueDate.startsWith(month)).length, gongshi: { startDate: '2030-01-01' } });
    expect(fs.readFileSync(out, 'utf8')).toContain('公示期：2030年1月1日至');
  });

  it.skipIf(!hasChromium || !hasPoppler)('a PDF: header and 第X页 共Y页 on every page, each loan once, 合计 and 大写, masked IDs', async () => {
    const out = path.join(OUT, 'loans-cli.pdf');
    fs.rmSync(out, { force: true });
    const r = await cli('loans', '--start', '2030-01-01', out);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'pdf', rows: 160 });
    const count = Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [out], { encoding: 'utf8' }).stdout)?.[1] ?? 0);
    expect(count).toBeGreaterThan(1);
    const pages = Array.from({ length: count }, (_, i) =>
      spawnSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), out, '-'], { encoding: 'utf8' }).stdout);
    pages.forEach((text, i) => {
      for (const h of ['序号', '借款人', '身份证号', '贷款银行', '状态']) expect(text, `“${h}” on page ${i + 1}`).toContain(h);
      expect(text).toMatch(new RegExp(`第\\s*${i + 1}\\s*页\\s*共\\s*${count}\\s*页`));
      expect(text, `no full ID on page ${i + 1}`).not.toMatch(FULL_ID);
    });
    const all = pages.join('\n');
    expect(pages[0]).toContain('乐平镇2030年脱贫人口小额信贷台账');
    const serials = [...all.matchAll(/^\s*(\d{1,3})\s+\S+\s+\S+\s+\d{6}\*{8}[0-9X]{4}/gm)].map((m) => Number(m[1])).sort((x, y) => x - y);
    expect(serials).toEqual(Array.from({ length: 160 }, (_, i) => i + 1));
    const last = pages[count - 1];
    const total = sumFen(loans);
    expect(last).toMatch(/合计\s+共160笔/);
    expect(last).toContain(formatYuan(total));
    expect(last).toContain(`人民币${amountInWords(total)}`);
    spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', out, path.join(OUT, 'loans-page1')]);
  });
});
