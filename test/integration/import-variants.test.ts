// County files that differ from the samples: other header wordings, page-break header repeats,
// note and numbering rows, data on a later sheet, .xls/CSV/GBK, odd dates and amounts. Each
// workbook is written to a temp dir, read back through the import channels, and the staged values
// (or the Chinese row/column message) are checked.
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/index';
import type { ImportJob, PreviewRow } from '../../shared/api/contract';
import { call, freshBackend, tmpDir, validId } from './helpers';
import { unzip, zip } from './safety-zip';

type V = string | number | Date | null | { formula: string; result: number };
interface SheetSpec { name: string; rows: V[][]; merges?: string[]; hiddenRows?: number[]; hiddenCols?: number[]; state?: 'hidden' }
type Kind = 'persons' | 'posts' | 'post-library' | 'post-wages' | 'workshops' | 'loans';

const dir = tmpDir('ledger-variants-');

async function writeXlsx(name: string, sheets: SheetSpec[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, s.state ? { state: s.state } : undefined);
    s.rows.forEach((r, i) => { if (r.length) ws.getRow(i + 1).values = [null, ...r] as ExcelJS.CellValue[]; });
    for (const m of s.merges ?? []) ws.mergeCells(m);
    for (const r of s.hiddenRows ?? []) ws.getRow(r).hidden = true;
    for (const c of s.hiddenCols ?? []) ws.getColumn(c).hidden = true;
  }
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

/** SheetJS writes what exceljs cannot: BIFF8 .xls, and xlsx date cells as t="d" (ISO text). */
function writeSheetJs(name: string, rows: V[][], bookType: 'xls' | 'xlsx', merges: string[] = []): string {
  const ws = XLSX.utils.aoa_to_sheet(rows as unknown[][], { cellDates: true });
  ws['!merges'] = merges.map((m) => XLSX.utils.decode_range(m));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Sheet1');
  const file = path.join(dir, name);
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType, cellDates: true }) as Buffer);
  return file;
}

function writeCsv(name: string, rows: (string | number | null)[][], encoding: 'gbk' | 'utf8' = 'gbk'): string {
  const text = rows.map((r) => r.map((v) => (v == null ? '' : String(v))).join(',')).join('\r\n') + '\r\n';
  const file = path.join(dir, name);
  fs.writeFileSync(file, encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8'));
  return file;
}

async function stage(b: Backend, kind: Kind, file: string, month?: string): Promise<ImportJob> {
  let job = await call(b, 'import.start', { kind, fileName: path.basename(file), base64: fs.readFileSync(file).toString('base64'), options: month ? { month } : undefined });
  for (let i = 0; i < 600 && job.state === 'reading'; i++) {
    await new Promise((r) => setTimeout(r, 30));
    job = await call(b, 'import.status', { jobId: job.jobId });
  }
  return job;
}

async function rowsOf(b: Backend, job: ImportJob, category: 'all' | 'new' | 'error' = 'all'): Promise<PreviewRow[]> {
  return (await call(b, 'import.preview', { jobId: job.jobId, category, offset: 0, limit: 500 })).rows;
}

const errorsOf = (rows: PreviewRow[]) => rows.flatMap((r) => r.errors.map((e) => `${e.row}|${e.column}|${e.message}`));

// Valid IDs: area 140724 (昔阳县), real birth dates, odd 17th digit = 男.
const ID = {
  a: validId('14072419850312001'), b: validId('14072419900718002'), c: validId('14072419780101003'),
  d: validId('14072419661230004'), e: validId('14072419920229005'), f: validId('14072419880808016'),
};
const wide = (s: string) => s.replace(/[0-9A-Za-z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));

describe('persons roster variants', () => {
  it('reads the 2023 monitoring-system wording (风险是否已消除, 易返贫致贫户(监测对象)类型, 人联系电话) in another column order with extra columns', async () => {
    const file = await writeXlsx('persons-monitoring-2023.xlsx', [{
      name: '（自定义）监测对象信息',
      rows: [
        ['（自定义）监测对象信息'],
        ['数据日期：2023-06-30', null, null, '导出人：乐平镇'],
        ['县(市、区、旗)', '乡(镇)', '所在村', '户编号', '人编号', '公民身份号码', '姓名', '民族', '与户主关系', '易返贫致贫户(监测对象)类型', '风险是否已消除', '人联系电话', '人数'],
        ['昔阳县', '乐平镇', '东关村', '014072400100001', '01', ID.a, '张三', '汉族', '户主', '边缘易致贫户', '否', '13812345678', 3],
        ['昔阳县', '乐平镇', '东关村', '014072400100001', '02', ID.b, '李四', '汉族', '配偶', '边缘易致贫户', '是', null, 3],
      ],
    }]);
    const b = freshBackend();
    const job = await stage(b, 'persons', file);
    expect(job.state).toBe('ready');
    expect(job.headerRow).toBe(3);
    const rows = await rowsOf(b, job);
    expect(errorsOf(rows)).toEqual([]);
    expect(rows[0].values).toMatchObject({ 行政村: '东关村', 姓名: '张三', 证件号码: ID.a, 监测对象类别: '边缘易致贫户', 风险是否消除: '否', 联系电话: '13812345678', 家庭人口数: '3' });
    expect(rows[1].values).toMatchObject({ 风险是否消除: '是' });
  });

  it('skips what a printed roster repeats at page breaks, its 栏次 numbering row, a merged 说明 line, template rows and the 合计/签字 footer', async () => {
    const header = ['序号', '行政村', '姓名', '身份证号码', '户类型', '联系电话'];
    const file = await writeXlsx('persons-printed.xlsx', [{
      name: '花名册',
      rows: [
        ['乐平镇脱贫人口花名册'],
        ['填报单位：乐平镇人民政府（盖章）', null, null, '填表日期：2023年7月1日'],
        header,
        [1, 2, 3, 4, 5, 6], // 栏次 row printed under the header of official forms
        [1, '东关村', '张三', ID.a, '脱贫户', '13812345678'],
        [2, '东关村', '李四', ID.b, '监测户', null],
        [],
        header, // the header again where the printout starts page 2
        [3, '西关村', '王五', ID.c, '脱贫户', null],
        [4, null, null, null, null, { formula: 'LEN(D12)', result: 0 }], // an unused template row: 序号 and a formula
        [5, null, null, null, null, null],
        ['合 计', null, '3人'],
        ['说明：1.身份证号码须为18位；2.户类型填脱贫户、监测户或一般户。'],
        ['审核人：', null, '填表人：', null, '联系电话：'],
      ],
      merges: ['A1:F1', 'A2:C2', 'A15:F15'],
    }]);
    const b = freshBackend();
    const job = await stage(b, 'persons', file);
    expect(job.state).toBe('ready');
    const rows = await rowsOf(b, job);
    expect(errorsOf(rows)).toEqual([]);
    expect(rows.map((r) => [r.row, r.values['姓名']])).toEqual([[5, '张三'], [6, '李四'], [9, '王五']]);
  });

  it('finds the roster on the second sheet behind a 填表说明 sheet, and reads hidden rows and columns as data', async () => {
    const file = await writeXlsx('persons-second-sheet.xlsx', [
      { name: '填表说明', rows: [['填表说明'], ['1. 姓名、身份证号必填'], ['2. 村名写全称，如 东关村']] },
      { name: '汇总', rows: [['村', '户数', '人数'], ['东关村', 1, 2]] },
      {
        name: '明细',
        rows: [['姓名', '证件号码', '行政村', '备用列'], ['张三', ID.a, '东关村', 'x'], ['李四', ID.b, '东关村', 'y'], ['王五', ID.c, '西关村', 'z']],
        hiddenRows: [3], hiddenCols: [4],
      },
    ]);
    const b = freshBackend();
    const job = await stage(b, 'persons', file);
    expect(job.state).toBe('ready');
    expect(job.sheet).toBe('明细');
    expect(job.counts).toEqual({ new: 3, changed: 0, unchanged: 0, error: 0 });
  });

  it('cleans IDs with spaces, full-width digits, lowercase x and the CSV ="…" / leading-apostrophe guards; an ID stored as a number is a damaged-ID error on its row and column', async () => {
    const idX = validId('14072419700505031');
    const withX = idX.endsWith('X') ? idX : validId('14072419700505011');
    const file = writeCsv('persons-ids.csv', [
      ['姓名', '身份证号', '行政村'],
      ['张三', ` ${ID.a.slice(0, 6)} ${ID.a.slice(6)}  `, '东关村'],
      ['李四', wide(ID.b), '东关村'],
      ['王五', withX.toLowerCase(), '东关村'],
      ['赵六', `="${ID.d}"`, '西关村'],
      ['钱七', `'${ID.e}`, '西关村'],
      ['孙八', '1.40724E+17', '西关村'],
    ]);
    const b = freshBackend();
    const job = await stage(b, 'persons', file);
    const rows = await rowsOf(b, job);
    expect(rows.filter((r) => r.category === 'new').map((r) => r.values['证件号码'])).toEqual([ID.a, ID.b, withX.toUpperCase(), ID.d, ID.e]);
    const errs = rows.filter((r) => r.category === 'error');
    expect(errs).toHaveLength(1);
    expect(errs[0].errors[0]).toMatchObject({ row: 7, column: '身份证号' });
    expect(errs[0].errors[0].message).toMatch(/身份证号损坏.*科学计数法/);
  });

  it('puts back the leading zero of a 户编号 stored as a number, so the county file later names the same household', async () => {
    const header = ['行政村', '户编号', '姓名', '证件号码', '与户主关系', '户类型'];
    const rows = (no: (n: string) => string | number) => [
      ['东关村', no('072410010100001'), '张三', ID.a, '户主', '脱贫户'], ['东关村', no('072410010100001'), '李四', ID.b, '配偶', '脱贫户'],
      ['西关村', no('072410010200007'), '王五', ID.c, '户主', '监测户'],
    ];
    const b = freshBackend();
    const asNumbers = await writeXlsx('hh-numbers.xlsx', [{ name: 'Sheet1', rows: [header, ...rows((n) => Number(n))] }]);
    let job = await stage(b, 'persons', asNumbers);
    expect((await rowsOf(b, job)).map((r) => r.fields.householdNo)).toEqual(['072410010100001', '072410010100001', '072410010200007']);
    await call(b, 'import.commit', { jobId: job.jobId });
    const asText = await writeXlsx('hh-text.xlsx', [{ name: 'Sheet1', rows: [header, ...rows((n) => n)] }]);
    job = await stage(b, 'persons', asText);
    expect(job.counts).toEqual({ new: 0, changed: 0, unchanged: 3, error: 0 });
    expect((b.ctx.db.prepare('SELECT count(*) AS n FROM households').get() as { n: number }).n).toBe(2);
    b.close();
  });

  it('reads an .xls (BIFF8) with title rows, a merged village block and a real date column', async () => {
    const file = writeSheetJs('persons-old.xls', [
      ['乐平镇人员信息表'],
      ['序号', '村名', '姓名', '身份证号码', '脱贫年份', '联系电话'],
      [1, '东关村', '张三', ID.a, 2016, 13812345678],
      [2, null, '李四', ID.b, 2017, null],
      [3, null, '王五', ID.c, 2018, null],
    ], 'xls', ['A1:F1', 'B3:B5']);
    const b = freshBackend();
    const job = await stage(b, 'persons', file);
    expect(job.state).toBe('ready');
    const rows = await rowsOf(b, job);
    expect(errorsOf(rows)).toEqual([]);
    expect(rows.map((r) => r.values['行政村'])).toEqual(['东关村', '东关村', '东关村']);
    expect(rows[0].values).toMatchObject({ 联系电话: '13812345678', 脱贫年度: '2016' });
  });

  it('fills a village down where WPS "取消合并" left it only in the first row of each block', async () => {
    const file = await writeXlsx('persons-unmerged.xlsx', [{
      name: 'Sheet1',
      rows: [['行政村', '姓名', '身份证号'], ['东关村', '张三', ID.a], [null, '李四', ID.b], ['西关村', '王五', ID.c], [null, '赵六', ID.d]],
    }]);
    const b = freshBackend();
    const rows = await rowsOf(b, await stage(b, 'persons', file));
    expect(rows.map((r) => r.values['行政村'])).toEqual(['东关村', '东关村', '西关村', '西关村']);
  });

  it('reads 同上 in the village column as the village above, and keeps the first of two phone numbers in one cell', async () => {
    const file = writeCsv('persons-ditto.csv', [
      ['村名', '姓名', '身份证号', '联系电话'],
      ['东关村', '张三', ID.a, '13812345678/13912345678'],
      ['同上', '李四', ID.b, '13612345678、0354-4123456'],
      ['〃', '王五', ID.c, '0354 4123456'],
    ], 'utf8');
    const b = freshBackend();
    const rows = await rowsOf(b, await stage(b, 'persons', file));
    expect(errorsOf(rows)).toEqual([]);
    expect(rows.map((r) => [r.values['行政村'], r.values['联系电话']])).toEqual([['东关村', '13812345678'], ['东关村', '13612345678'], ['东关村', '03544123456']]);
  });

  it('takes a sheet with one data row, passes over an empty sheet, and names the file and sheet when no header can be found', async () => {
    const one = await writeXlsx('persons-one.xlsx', [{ name: '空表', rows: [] }, { name: '名单', rows: [['姓名', '身份证号'], ['张三', ID.a]] }]);
    const b = freshBackend();
    const job = await stage(b, 'persons', one);
    expect(job.sheet).toBe('名单');
    expect(job.counts.new).toBe(1);

    const report = await writeXlsx('work-report.xlsx', [{ name: '工作总结', rows: [['2023年乐平镇巩固脱贫成果工作总结'], ['一、基本情况', '全镇共有脱贫户993户'], ['二、主要做法', '落实帮扶责任']] }]);
    const refused = await stage(b, 'persons', report);
    expect(refused.state).toBe('failed');
    expect(refused.message).toMatch(/^文件“work-report\.xlsx”的工作表“工作总结”：未找到姓名\/身份证号列.*请确认选对了文件和工作表/);

    const stats = await writeXlsx('village-stats.xlsx', [{ name: '村级统计', rows: [['2023年乐平镇各村统计'], ['村', '户数', '人数'], ['东关村', 12, 30]] }]);
    const asksToo = await stage(b, 'persons', stats);
    expect(asksToo.state).toBe('needsMapping');
    expect(asksToo.message).toMatch(/^文件“village-stats\.xlsx”的工作表“村级统计”：未找到姓名\/身份证号列/);

    const noId = await writeXlsx('persons-no-id.xlsx', [{ name: '名单', rows: [['姓名', '行政村'], ['张三', '东关村']] }]);
    const asks = await stage(b, 'persons', noId);
    expect(asks.state).toBe('needsMapping');
    expect(asks.message).toContain('persons-no-id.xlsx');
    expect(asks.message).toContain('名单');
  });
});

describe('公益岗位 roster variants', () => {
  it('reads the FORMATS.md layout: 村, 身份证号, 聘用起止日期 in one cell, 补贴标准(元/月) with 元/月 text, 合计 and signature rows', async () => {
    const file = await writeXlsx('posts-formats-layout.xlsx', [{
      name: '花名册',
      rows: [
        ['乐平镇2023年乡村公益性岗位人员花名册'],
        ['填报单位：乐平镇人民政府（盖章）', null, null, null, null, null, null, '填报日期：2023年1月5日'],
        ['序号', '村', '姓名', '性别', '身份证号', '人员类别', '岗位名称', '资金来源', '聘用起止日期', '补贴标准(元/月)', '联系电话', '备注'],
        [1, '东关村', '张三', '男', ID.a, '脱贫户', '保洁员', '光伏收益', '2023.1.1-2023.12.31', '500元/月', '13812345678', null],
        [2, null, '李四', '女', ID.b, '监测户', '护林员', '衔接资金', '2023-01-01至2023-12-31', 600, null, null],
        [3, '西关村', '王五', '男', ID.c, '脱贫户', '保洁员', '光伏收益', '2023年3月1日～2023年12月31日', '1,200.00', null, null],
        ['合计：3人', null, null, null, null, null, null, null, null, { formula: 'SUM(J4:J6)', result: 2300 }],
        ['审核人：', null, null, '填表人：', null, null, '联系电话：'],
      ],
      merges: ['A1:L1', 'B4:B5'],
    }]);
    const b = freshBackend();
    const job = await stage(b, 'posts', file);
    expect(job.state).toBe('ready');
    const rows = await rowsOf(b, job);
    expect(errorsOf(rows)).toEqual([]);
    expect(rows.map((r) => [r.values['行政村'], r.values['聘用开始时间'], r.values['聘用结束时间'], r.values['月补贴标准（元）']])).toEqual([
      ['东关村', '2023-01-01', '2023-12-31', '500.00'],
      ['东关村', '2023-01-01', '2023-12-31', '600.00'],
      ['西关村', '2023-03-01', '2023-12-31', '1200.00'],
    ]);
  });

  it('joins a two-row header that a GBK CSV carries without merges (岗位信息 / 聘用信息 groups above the column names)', async () => {
    const file = writeCsv('posts-two-row.csv', [
      ['乐平镇公益岗位花名册', null, null, null, null, null, null],
      ['序号', '所在村', '岗位信息', null, '人员信息', null, '聘用信息'],
      [null, null, '岗位名称', '资金来源', '姓名', '公民身份号码', '上岗日期', '月补贴'],
      [1, '东关村', '保洁员', '光伏收益', '张三', ID.a, '2023年3月5号', 500],
      [2, null, '护林员', '衔接资金', '李四', ID.b, '2023/3/1 10:00', 600],
    ]);
    const b = freshBackend();
    const job = await stage(b, 'posts', file);
    expect(job.state).toBe('ready');
    expect(job.headerRow).toBe(3);
    const rows = await rowsOf(b, job);
    expect(errorsOf(rows)).toEqual([]);
    expect(rows.map((r) => [r.values['行政村'], r.values['岗位名称'], r.values['聘用开始时间'], r.values['月补贴标准（元）']])).toEqual([
      ['东关村', '保洁员', '2023-03-05', '500.00'],
      ['东关村', '护林员', '2023-03-01', '600.00'],
    ]);
  });

  it('reads date cells that SheetJS-style writers store as ISO text (t="d") and 8-digit numeric dates', async () => {
    const file = writeSheetJs('posts-iso-dates.xlsx', [
      ['行政村', '岗位名称', '姓名', '身份证号码', '聘用开始时间', '聘用结束时间', '月补贴标准'],
      ['东关村', '保洁员', '张三', ID.a, new Date(Date.UTC(2023, 2, 5)), 20231231, 500],
    ], 'xlsx');
    const b = freshBackend();
    const rows = await rowsOf(b, await stage(b, 'posts', file));
    expect(errorsOf(rows)).toEqual([]);
    expect(rows[0].values).toMatchObject({ 聘用开始时间: '2023-03-05', 聘用结束时间: '2023-12-31' });
  });
});

describe('工资发放表 variants', () => {
  it('reads a pay sheet headed 证件号 with 合计(小写)/大写 lines and a repeated header, after the roster is in', async () => {
    const b = freshBackend();
    const roster = await writeXlsx('posts-for-wages.xlsx', [{
      name: '花名册',
      rows: [['行政村', '岗位名称', '姓名', '身份证号码', '聘用开始时间', '月补贴标准（元）'],
        ['东关村', '保洁员', '张三', ID.a, '2023-01-01', 500], ['东关村', '护林员', '李四', ID.b, '2023-01-01', 600]],
    }]);
    const rj = await stage(b, 'posts', roster);
    expect(rj.counts.new).toBe(2);
    await call(b, 'import.commit', { jobId: rj.jobId });
    const head = ['序号', '姓名', '证件号', '岗位', '应出勤天数', '出勤天数', '考核等次', '应发金额(元)', '实发金额(元)', '本人签字'];
    const file = await writeXlsx('wages-2023-03.xlsx', [{
      name: '3月',
      rows: [
        ['东关村2023年3月公益岗位补贴发放表'],
        ['单位(公章)：', null, null, '金额单位：元', null, null, '日期：2023年4月2日'],
        head,
        [1, '张三', ID.a, '保洁员', 22, 22, '合格', 500, 500, null],
        head,
        [2, '李四', ID.b, '护林员', 22, 22, '合格', 600, 600, null],
        ['合计（小写）', null, null, null, null, null, null, 1100, 1100],
        ['合计人民币（大写）：壹仟壹佰元整'],
        ['单位负责人：', null, '审核人：', null, '经办人（填表人）：'],
      ],
      merges: ['A8:J8'],
    }]);
    const job = await stage(b, 'post-wages', file);
    expect(job.state).toBe('ready');
    const rows = await rowsOf(b, job);
    expect(errorsOf(rows)).toEqual([]);
    expect(rows.map((r) => [r.row, r.values['姓名'], r.values['月份'], r.values['实发金额']])).toEqual([[4, '张三', '2023-03', '500.00'], [6, '李四', '2023-03', '600.00']]);
  });

  it('reads 22天 as days, 优秀/称职 as 合格 and 不称职 as 不合格; 基本称职 is left for the clerk to decide', async () => {
    const b = freshBackend();
    const roster = await writeXlsx('posts-for-grades.xlsx', [{
      name: '花名册',
      rows: [['行政村', '岗位名称', '姓名', '身份证号码', '聘用开始时间', '月补贴标准（元）'],
        ['东关村', '保洁员', '张三', ID.a, '2023-01-01', 500], ['东关村', '护林员', '李四', ID.b, '2023-01-01', 600],
        ['西关村', '保洁员', '王五', ID.c, '2023-01-01', 500], ['西关村', '护路员', '赵六', ID.d, '2023-01-01', 500]],
    }]);
    await call(b, 'import.commit', { jobId: (await stage(b, 'posts', roster)).jobId });
    const file = await writeXlsx('wages-grades.xlsx', [{
      name: '2023年3月',
      rows: [['2023年3月公益岗位工资发放表'], ['姓名', '身份证号', '应出勤天数', '实出勤天数', '考核结果', '实发金额'],
        ['张三', ID.a, '22天', '22天', '优秀', 500], ['李四', ID.b, 22, 20, '称职', 545.45], ['王五', ID.c, 22, 5, '不称职', 0], ['赵六', ID.d, 22, 22, '基本称职', 500]],
    }]);
    const rows = await rowsOf(b, await stage(b, 'post-wages', file));
    expect(rows.map((r) => r.values['考核结果'] ?? null)).toEqual(['合格', '合格', '不合格', null]);
    expect(errorsOf(rows)).toEqual(['6|考核结果|考核结果“基本称职”无法对应“合格”或“不合格”：基本称职、基本合格等请按本乡镇的考核办法改成其中之一']);
    b.close();
  });
});

describe('岗位库 variants', () => {
  it('reads 所在村 / 岗位 / 设岗人数 / 工资标准 元/月 (unit without brackets) with a 小计 row per village', async () => {
    const file = await writeXlsx('post-library.xlsx', [{
      name: '岗位库',
      rows: [
        ['乐平镇乡村公益性岗位库'],
        ['序号', '所在村', '岗位', '资金来源', '设岗人数', '岗位职责', '工资标准 元/月'],
        [1, '东关村', '保洁员', '光伏收益', 2, '村内道路保洁', 500],
        [2, '东关村', '护林员', '衔接资金', 1, '巡山护林', 600],
        ['小计', null, null, null, 3],
        [3, '西关村', '保洁员', '光伏收益', 1, '村内道路保洁', 500],
        ['合计', null, null, null, 4],
      ],
    }]);
    const b = freshBackend();
    const job = await stage(b, 'post-library', file);
    expect(job.state).toBe('ready');
    const rows = await rowsOf(b, job);
    expect(errorsOf(rows)).toEqual([]);
    expect(rows.map((r) => [r.values['行政村'], r.values['岗位名称'], r.values['人员数量'], r.values['月补贴标准（元）']])).toEqual([
      ['东关村', '保洁员', '2', '500.00'], ['东关村', '护林员', '1', '600.00'], ['西关村', '保洁员', '1', '500.00'],
    ]);
  });
});

describe('帮扶车间 variants', () => {
  it('reads the FORMATS.md workshop ledger wording (车间全称, 类型, 地址(乡镇/村), 认定(建立)时间, 带动就业人数, 其中脱贫人口(含监测对象))', async () => {
    const file = await writeXlsx('workshops-formats.xlsx', [{
      name: '车间台账',
      rows: [
        ['乐平镇就业帮扶车间台账'],
        ['统计截止：2023年9月30日'],
        ['车间全称', '经营主体', '类型', '地址(乡镇/村)', '负责人', '联系电话', '认定(建立)时间', '带动就业人数', '其中脱贫人口(含监测对象)', '补贴享受情况', '运营状态'],
        ['东关村手工编织车间', '昔阳县巧手编织专业合作社', '居家式', '东关村', '张三', '13812345678', '2021年3月', 12, 6, '已享受', '正常运营'],
        ['西关村服装加工车间', '昔阳县西关服饰有限公司', '厂房式', '西关村', '李四', '0354-4123456', 20210305, '20人', '8人', '未享受', '正常运营'],
      ],
    }]);
    const b = freshBackend();
    const job = await stage(b, 'workshops', file);
    expect(job.state).toBe('ready');
    const rows = await rowsOf(b, job);
    expect(errorsOf(rows)).toEqual([]);
    expect(rows.map((r) => [r.values['车间名称'], r.values['行政村'], r.values['行业类别'], r.values['认定时间'], r.values['吸纳就业人数'], r.values['其中脱贫劳动力']])).toEqual([
      ['东关村手工编织车间', '东关村', '居家式', '2021-03-01', '12', '6'],
      ['西关村服装加工车间', '西关村', '厂房式', '2021-03-05', '20', '8'],
    ]);
  });
});

describe('务工台账 variants', () => {
  it('reads 务工起止时间 written with a single dash (2023.3.1-2023.12.31) or open-ended, under a 车间 block merged down', async () => {
    const file = await writeXlsx('employments.xlsx', [{
      name: '务工人员台账',
      rows: [
        ['东关村手工编织车间务工人员花名册'],
        ['序号', '所在车间', '姓名', '身份证号码', '务工起止时间', '月工资（元）'],
        [1, '东关村手工编织车间', '张三', ID.a, '2023.3.1-2023.12.31', '2,000元'],
        [2, null, '李四', ID.b, '2023-03-01-2023-12-31', 1800],
        [3, null, '王五', ID.c, '2023年5月1日至今', 1800],
      ],
      merges: ['A1:F1', 'B3:B5'],
    }]);
    const b = freshBackend();
    const job = await stage(b, 'workshops', file);
    expect(job.state).toBe('ready');
    const rows = await rowsOf(b, job);
    expect(errorsOf(rows)).toEqual([]);
    expect(rows.map((r) => [r.values['车间名称'], r.values['入职日期'], r.values['离职日期'], r.values['月工资（元）']])).toEqual([
      ['东关村手工编织车间', '2023-03-01', '2023-12-31', '2,000'],
      ['东关村手工编织车间', '2023-03-01', '2023-12-31', '1,800'],
      ['东关村手工编织车间', '2023-05-01', '', '1,800'],
    ]);
  });
});

describe('小额信贷 ledger variants', () => {
  it('reads 借款人 / 所在村 / 金额（元） / 发放时间 / 到期日 with text, dotted, numeric and serial dates', async () => {
    const file = await writeXlsx('loans-yuan.xlsx', [{
      name: '贷款台账',
      rows: [
        ['乐平镇脱贫人口小额信贷台账'],
        ['序号', '所在村', '借款人', '身份证号码', '贷款银行', '金额（元）', '发放时间', '到期日', '利率'],
        [1, '东关村', '张三', ID.a, '昔阳农商行', 50000, '2021.3.5', '2024.3.4', '3.85%'],
        [2, '西关村', '李四', ID.b, '昔阳农商行', '30,000元', 20220110, 20250109, 3.65],
        [3, '西关村', '王五', ID.c, '邮储银行', { formula: '2*10000', result: 20000 }, new Date(Date.UTC(2022, 5, 1)), 46173, 3.45],
        ['合计', null, null, null, null, 100000],
      ],
    }]);
    const b = freshBackend();
    const job = await stage(b, 'loans', file);
    expect(job.state).toBe('ready');
    const rows = await rowsOf(b, job);
    expect(errorsOf(rows)).toEqual([]);
    expect(rows.map((r) => [r.values['行政村'], r.values['贷款金额'], r.values['放款日期'], r.values['到期日期']])).toEqual([
      ['东关村', '50,000.00元', '2021-03-05', '2024-03-04'],
      ['西关村', '30,000.00元', '2022-01-10', '2025-01-09'],
      ['西关村', '20,000.00元', '2022-06-01', '2026-05-31'],
    ]);
  });

  it('reads the FORMATS.md 贴息 ledger wording (合同号, 金额 in 万元, 放款日, 到期日, 户主身份证号) and ignores its 贴息 columns', async () => {
    const file = await writeXlsx('loans-subsidy-ledger.xlsx', [{
      name: 'Sheet1',
      rows: [
        ['2023年脱贫人口小额信贷贴息台账'],
        ['单位：万元、元'],
        ['序号', '村', '借款人', '户主身份证号', '户类型', '贷款银行', '合同号', '贷款金额(万元)', '放款日', '到期日', '利率', '本期起止', '天数', '应贴息', '已还息', '是否逾期', '备注'],
        [1, '东关村', '张三', ID.a, '脱贫户', '昔阳农商行', 'XY2023-001', 5, '2023-03-05', '2026-03-04', 3.45, '2023-03-05至2023-06-20', 107, 512.71, 0, '否', null],
        [2, '东关村', '李四', ID.b, '监测户', '昔阳农商行', 'XY2023-002', '3万', '2023/4/1', '2026/3/31', 3.45, null, null, null, null, '否', null],
      ],
    }]);
    const b = freshBackend();
    const job = await stage(b, 'loans', file);
    expect(job.state).toBe('ready');
    const rows = await rowsOf(b, job);
    expect(errorsOf(rows)).toEqual([]);
    expect(rows.map((r) => [r.values['合同编号'], r.values['贷款金额'], r.values['放款日期']])).toEqual([
      ['XY2023-001', '50,000.00元', '2023-03-05'], ['XY2023-002', '30,000.00元', '2023-04-01'],
    ]);
  });
});

describe('formulas saved without their results', () => {
  it('warns once for the sheet, naming the first such cell and telling the clerk to open and save the file in Excel/WPS', async () => {
    const file = await writeXlsx('loans-uncalculated.xlsx', [{
      name: '贷款台账',
      rows: [
        ['序号', '所在村', '借款人', '身份证号码', '贷款银行', '金额（元）', '发放时间', '到期日'],
        [1, '东关村', '张三', ID.a, '昔阳农商行', 50000, '2021-03-05', '2024-03-04'],
        [2, '西关村', '李四', ID.b, '昔阳农商行', { formula: 'F2*2' } as unknown as V, '2022-01-10', '2025-01-09'],
        [3, '西关村', '王五', ID.c, '邮储银行', { formula: 'F2/2' } as unknown as V, '2022-06-01', '2025-05-31'],
      ],
    }]);
    const b = freshBackend();
    const job = await stage(b, 'loans', file);
    expect(job.state).toBe('ready');
    expect(job.warnings).toHaveLength(1);
    expect(job.warnings[0]).toMatch(/loans-uncalculated\.xlsx.*贷款台账.*2 个公式单元格没有保存计算结果（第一个在 G3）.*Excel 或 WPS 打开它，保存一次/);
    // A file with every formula's result saved says nothing.
    const ok = await stage(b, 'loans', await writeXlsx('loans-calculated.xlsx', [{
      name: '贷款台账',
      rows: [
        ['序号', '所在村', '借款人', '身份证号码', '贷款银行', '金额（元）', '发放时间', '到期日'],
        [1, '东关村', '张三', ID.a, '昔阳农商行', { formula: '2*25000', result: 50000 }, '2021-03-05', '2024-03-04'],
      ],
    }]));
    expect(ok.warnings).toEqual([]);
  });
});

describe('workbooks whose XML names every element with a prefix (<x:row>, as .NET Open XML SDK writes them)', () => {
  it('reads the same rows, merges and shared strings as the plain file', async () => {
    const plain = await writeXlsx('persons-plain.xlsx', [{
      name: '名单',
      rows: [
        ['乐平镇脱贫人口名单'],
        ['行政村', '姓名', '身份证号', '户编号', '户类型'],
        ['东关村', '张三', ID.a, '014072400100001', '脱贫户'],
        [null, '李四', ID.b, '014072400100001', '脱贫户'],
        ['西关村', '王五', ID.c, '014072400100002', '监测户'],
      ],
      merges: ['B3:B4'],
    }]);
    const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const prefixed = path.join(dir, 'persons-prefixed.xlsx');
    fs.writeFileSync(prefixed, zip(unzip(fs.readFileSync(plain)).map((p) => {
      if (!/^xl\/(worksheets\/.*|sharedStrings|workbook|styles)\.xml$/.test(p.name)) return p;
      const xml = p.data.toString('utf8');
      expect(xml).toContain(NS);
      return { name: p.name, data: Buffer.from(xml.replace(NS, NS.replace('xmlns=', 'xmlns:x=')).replace(/<(\/?)([A-Za-z]+)(?=[\s>/])/g, '<$1x:$2'), 'utf8') };
    })));
    expect(fs.readFileSync(prefixed).length).toBeGreaterThan(0);
    const b = freshBackend();
    const a = await stage(b, 'persons', plain), p = await stage(b, 'persons', prefixed);
    expect(p.state).toBe('ready');
    expect(p.counts).toEqual(a.counts);
    const values = async (j: ImportJob) => (await rowsOf(b, j)).map((r) => [r.values['行政村'], r.values['姓名'], r.values['证件号码'], r.errors.length]);
    expect(await values(p)).toEqual(await values(a));
    expect((await values(p))[1]).toEqual(['东关村', '李四', ID.b, 0]);
  });
});

describe('hidden sheets', () => {
  it('are passed over in an .xls as in an .xlsx: a hidden lookup sheet before the roster is not taken for data', async () => {
    const ws1 = XLSX.utils.aoa_to_sheet([['行政村', '姓名', '身份证号'], ['隐藏村', '隐藏人', ID.d]]);
    const ws2 = XLSX.utils.aoa_to_sheet([['行政村', '姓名', '身份证号'], ['东关村', '张三', ID.a], ['西关村', '李四', ID.b]]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws1, '字典');
    XLSX.utils.book_append_sheet(wb, ws2, '名单');
    wb.Workbook = { Sheets: [{ name: '字典', Hidden: 1 }, { name: '名单', Hidden: 0 }] };
    const file = path.join(dir, 'persons-hidden-sheet.xls');
    fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xls' }) as Buffer);
    const b = freshBackend();
    const job = await stage(b, 'persons', file);
    expect(job.state).toBe('ready');
    expect(job.sheets.map((s) => s.name)).toEqual(['名单']);
    expect((await rowsOf(b, job)).map((r) => r.values['姓名'])).toEqual(['张三', '李四']);
  });

  it('an ID typed into a date-formatted column (no date can hold it) is reported as a damaged ID, not a failed file', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['姓名', '身份证号']);
    ws.addRow(['张三', validId('14072419670101001')]);
    const bad = ws.addRow(['李四', 140724198309180000]);
    bad.getCell(2).numFmt = 'yyyy-mm-dd';
    const file = path.join(dir, 'id-in-date-column.xlsx');
    await wb.xlsx.writeFile(file);
    const b = freshBackend();
    const job = await stage(b, 'persons', file);
    expect(job.state).toBe('ready');
    const errors = (await rowsOf(b, job, 'error')).flatMap((r) => r.errors);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 3, column: '身份证号' });
    expect(errors[0].message).toMatch(/身份证号.*被存成了数字/);
    expect(job.counts.new).toBe(1);
  });
});
