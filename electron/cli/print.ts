import fs from 'node:fs';
import path from 'node:path';
import { Usage, type CliModule, type CliRun, type Command } from './types';
import { PRINT_KIND_LABELS, type PrintKind } from '../../shared/api/print';
import { closePdfBrowser, findChromium, htmlToPdf } from '../backend/print/pdf';
import { cnDate } from '../backend/print/layout';

const USAGE_TAIL = '[--village 村名] [--month YYYY-MM] [--start YYYY-MM-DD] <输出.pdf|输出.html>';

async function villageId(c: CliRun): Promise<number | undefined> {
  const name = c.flags.get('village');
  if (name === undefined) return undefined;
  if (name === true || !String(name).trim()) throw new Usage('请在 --village 后写村名，例如 --village 东关村');
  const want = String(name).trim();
  const list = await c.call('villages.list', {});
  const bare = (s: string) => s.replace(/(村民委员会|村委会|村)$/, '');
  const hit = list.find((v) => v.name === want) ?? list.find((v) => bare(v.name) === bare(want));
  if (!hit) throw new Usage(`没有名为“${want}”的村。现有的村：${list.map((v) => v.name).join('、') || '（无）'}`);
  return hit.id;
}

function flagValue(c: CliRun, name: string, re: RegExp, example: string): string | undefined {
  const v = c.flags.get(name);
  if (v === undefined) return undefined;
  if (v === true || !re.test(v)) throw new Usage(`--${name} 的格式应为 ${example}`);
  return v;
}

/**
 * print <kind> … <out>: the HTML from print.html; for .pdf rendered by a local Chromium/Edge.
 * Without one the HTML is written next to the requested PDF and the exit code is 2: a script that
 * asked for a PDF must not take “no PDF” for success. A printed 公示 is recorded for the P10 check.
 */
async function printTo(c: CliRun, kind: PrintKind, subject: string): Promise<number> {
  const target = c.pos[0];
  const usage = `用法：print ${subject} ${USAGE_TAIL}`;
  if (!target) throw new Usage(usage);
  const out = path.resolve(target);
  const ext = path.extname(out).toLowerCase();
  if (ext !== '.pdf' && ext !== '.html' && ext !== '.htm') throw new Usage(`输出文件应以 .pdf 或 .html 结尾。${usage}`);
  const month = flagValue(c, 'month', /^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM，例如 2024-07');
  const startDate = flagValue(c, 'start', /^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD，例如 2024-07-01');
  const params = { kind, villageId: await villageId(c), month, startDate };
  const r = await c.call('print.html', params);
  const label = PRINT_KIND_LABELS[kind];
  const lines: string[] = [];
  let file = out, format: 'pdf' | 'html' = ext === '.pdf' ? 'pdf' : 'html', browser: string | null = null;

  if (format === 'pdf') {
    browser = findChromium();
    if (!browser) {
      file = out.slice(0, -ext.length) + '.html';
      fs.writeFileSync(file, r.html, 'utf8');
      const msg = `这台电脑上没有找到 Chromium、Chrome 或 Edge 浏览器，无法生成 PDF（可用环境变量 LEDGER_CHROMIUM 指定浏览器程序）。已改为写出网页版：${file}，用浏览器打开后按 Ctrl+P 打印或另存为 PDF。`;
      c.out({ file, format: 'html', pdf: null, title: r.title, rows: r.rows, warnings: r.warnings, error: msg }, msg);
      if (!c.json) process.stderr.write(`${msg}\n`);
      return 2;
    }
    // One PDF per CLI run: it pays for starting the browser, so say so (stderr keeps --json output clean).
    if (!c.json) process.stderr.write(`正在用 ${path.basename(browser)} 生成 PDF（启动浏览器需要几秒）…\n`);
    try {
      const { pdf } = await htmlToPdf(r.html, { browser });
      fs.writeFileSync(out, pdf);
    } finally { await closePdfBrowser(); }
  } else {
    fs.writeFileSync(out, r.html, 'utf8');
  }

  let recorded = null;
  if ((kind === 'gongshi' || kind === 'exitGongshi') && r.rows > 0) {
    recorded = await c.call('print.record', { kind, villageId: params.villageId, startDate, month });
  }
  lines.push(`已生成${label}：${file}（${r.title}，${r.rows} 条）`);
  if (r.gongshi) lines.push(`公示期：${cnDate(r.gongshi.startDate)}至${cnDate(r.gongshi.endDate)}（共${r.gongshi.days}天）${recorded ? '，已记录本次公示' : ''}`);
  for (const w of r.warnings) lines.push(`提醒：${w}`);
  c.out({ file, format, title: r.title, rows: r.rows, orientation: r.orientation, warnings: r.warnings, gongshi: r.gongshi, recorded, browser }, lines.join('\n'));
  return 0;
}

export const cmd = (kind: PrintKind, subject: string, text: string): Command => ({
  usage: `print ${subject} ${USAGE_TAIL}\n                                         ${text}`,
  run: (c) => printTo(c, kind, subject),
});

export const printCli: CliModule = {
  prints: {
    gongshi: cmd('gongshi', 'gongshi', '打印公益岗位聘用公示（--village 只打一个村；--month 只列该月新聘人员；--start 公示开始日期，默认今天）'),
    exit: cmd('exitGongshi', 'exit', '打印公益岗位退岗公示（--month 只列该月退岗人员）'),
    roster: cmd('roster', 'roster', '打印公益岗位人员花名册（--month 列出该月在岗人员）'),
    wages: cmd('wages', 'wages', '打印月度工资发放表（含本人签字栏；--month 发放月份，默认最近有考勤的月份）'),
    workshops: cmd('workshops', 'workshops', '打印帮扶车间名单（--village 只打一个村；--start 统计截止日期，默认今天）'),
    employments: cmd('employments', 'employments', '打印帮扶车间在岗务工人员台账（身份证号按设置隐藏中间位）'),
    loans: cmd('loans', 'loans', '打印小额信贷台账（--village 只打一个村；--month 只列该月发放的贷款；--start 统计截止日期，默认今天）'),
    'loans-gongshi': cmd('loanGongshi', 'loans-gongshi', '打印小额信贷发放公示（--month 该月发放的贷款，默认公示当年发放的；--start 公示开始日期，默认今天）'),
  },
};
