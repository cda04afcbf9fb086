/**
 * Printing, the pure parts: 大写金额 (the amounts issue 6 names), masking, 生僻字 detection, the
 * shared layout (repeated header, no split rows, page numbers, 合计, closing block), the generic
 * list view, and where the CLI looks for a browser.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { amountInWords } from '../../shared/money';
import { maskId, maskPhone } from '../../shared/idcard';
import { rareCharWarning, rareChars } from '../../shared/rarechars';
import { cnDate, gongshiPeriod, orientationOf, renderPrintDocument, type PrintDoc } from '../../electron/backend/print/layout';
import { listDocument, printId, printList, printPhone } from '../../electron/backend/print/list';
import { chromiumArgs, chromiumCandidates, findChromium } from '../../electron/backend/print/pdf';
import { DEFAULT_SETTINGS } from '../../electron/backend/services/settings';

describe('大写金额 (issue 6 amounts, in 分)', () => {
  it.each([
    [0, '零元整'],
    [5, '伍分'], // 0.05
    [1000, '壹拾元整'], // 10
    [10050, '壹佰元伍角整'], // 100.5
    [1001000, '壹万零壹拾元整'], // 10,010
    [100000001, '壹佰万元零壹分'], // 1,000,000.01
    [7039600, '柒万零叁佰玖拾陆元整'], // the example in the issue
  ])('%i 分 → %s', (fen, words) => {
    expect(amountInWords(fen)).toBe(words);
  });
});

describe('masking on print', () => {
  const id = '14072419830918081X';
  it('keeps first 6 and last 4 of an ID with 8 stars', () => {
    expect(maskId(id)).toBe('140724********081X');
    expect(maskId(id)).not.toMatch(/\d{17}[\dX]/);
  });
  it('masks the middle of a phone', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(printPhone('139 1234 5678')).toBe('139****5678');
    expect(printPhone(null)).toBe('');
  });
  it('follows the maskIdsOnPrint setting', () => {
    expect(printId({ ...DEFAULT_SETTINGS, maskIdsOnPrint: true }, id)).toBe('140724********081X');
    expect(printId({ ...DEFAULT_SETTINGS, maskIdsOnPrint: false }, id)).toBe(id);
    expect(DEFAULT_SETTINGS.maskIdsOnPrint).toBe(true);
  });
});

describe('生僻字', () => {
  it('finds characters outside the common CJK range', () => {
    expect(rareChars('张三')).toEqual([]);
    expect(rareChars('阿依古丽·买买提')).toEqual([]);
    expect(rareChars('王𠀀')).toEqual([{ char: '𠀀', code: 'U+20000', kind: 'ext' }]);
    expect(rareChars('李㐀')).toEqual([{ char: '㐀', code: 'U+3400', kind: 'extA' }]);
    expect(rareChars('赵\uE000')[0].kind).toBe('pua');
    expect(rareChars('𠀀𠀀')).toHaveLength(1);
  });
  it('says which character and what to do', () => {
    expect(rareCharWarning('姓名', '张三')).toBeNull();
    const w = rareCharWarning('第3行姓名', '王𠀀')!;
    expect(w).toContain('“𠀀”');
    expect(w).toContain('U+20000');
    expect(w).toContain('第3行姓名“王𠀀”');
  });
});

const doc = (over: Partial<PrintDoc> = {}): PrintDoc => ({
  title: '关于东关村2024年乡村公益性岗位拟聘用人员的公示',
  preamble: ['现予以公示。'],
  columns: [
    { header: '序号', width: 2.5, align: 'center' }, { header: '姓名', width: 4 }, { header: '身份证号', width: 10, nowrap: true },
    { header: '月补贴（元）', width: 5, align: 'right' },
  ],
  rows: [[1, '张三', '140724********081X', '500.00'], [2, '<李四>', '140724********0339', '600.50']],
  total: ['合计', '共2人', '', '1,100.50'],
  amountInWords: { label: '月补贴合计（大写）', fen: 110050 },
  closing: { gongshi: gongshiPeriod('2024-07-01', 5), objection: '如有异议，请在公示期内实名反映。', supervisionPhone: '0358-1234567', units: ['东关村村民委员会'], date: '2024-07-01' },
  ...over,
});

describe('shared print layout', () => {
  it('counts the 公示期 in calendar days, both ends included', () => {
    expect(gongshiPeriod('2024-07-01', 5)).toEqual({ start: '2024-07-01', end: '2024-07-05', days: 5 });
    expect(gongshiPeriod('2024-12-30', 7)).toEqual({ start: '2024-12-30', end: '2025-01-05', days: 7 });
    expect(gongshiPeriod('2024-02-27', 3).end).toBe('2024-02-29');
    expect(cnDate('2024-07-01')).toBe('2024年7月1日');
  });

  it('repeats the header on every page, never splits a row, numbers the pages', () => {
    const html = renderPrintDocument(doc());
    expect(html).toMatch(/<thead><tr><th>序号<\/th><th>姓名<\/th><th>身份证号<\/th><th>月补贴（元）<\/th><\/tr><\/thead>/);
    expect(html).toMatch(/thead\s*\{\s*display:\s*table-header-group/);
    expect(html).toMatch(/tr\s*\{\s*break-inside:\s*avoid/);
    expect(html).toMatch(/@bottom-center\s*\{\s*content:\s*"第" counter\(page\) "页 共" counter\(pages\) "页"/);
    expect(html).toContain('size: A4 portrait'); // 21.5 character widths: narrow
    expect(html).not.toMatch(/<script|https?:\/\/|@import|url\(/i); // self-contained, no remote fonts
    expect(html).toContain('"SimSun", "宋体"');
    expect(html).toContain('"Noto Serif CJK SC"');
  });

  it('prints 合计 with the amount in words and the closing block', () => {
    const html = renderPrintDocument(doc());
    expect(html).toContain('<tr class="total">');
    expect(html).toContain('月补贴合计（大写）：人民币壹仟壹佰元伍角整（¥1,100.50）');
    expect(html).toContain('公示期：2024年7月1日至2024年7月5日（共5天）');
    expect(html).toContain('监督电话：0358-1234567');
    expect(html).toContain('东关村村民委员会（盖章）');
    expect(html).toContain('<div class="date">2024年7月1日</div>');
  });

  it('escapes data', () => {
    const html = renderPrintDocument(doc());
    expect(html).toContain('&lt;李四&gt;');
    expect(html).not.toContain('<李四>');
  });

  it('chooses landscape for wide tables, portrait for narrow ones', () => {
    expect(orientationOf(doc())).toBe('portrait');
    const wide = doc({ columns: Array.from({ length: 10 }, (_, i) => ({ header: `列${i}`, width: 6 })) });
    expect(orientationOf(wide)).toBe('landscape');
    expect(renderPrintDocument(wide)).toContain('size: A4 landscape');
    expect(orientationOf({ ...wide, orientation: 'portrait' })).toBe('portrait');
  });

  it('shows an empty table with a note instead of nothing', () => {
    const html = renderPrintDocument(doc({ rows: [], emptyText: '（无拟聘用人员）' }));
    expect(html).toContain('<tr class="empty"><td colspan="4">（无拟聘用人员）</td></tr>');
  });
});

describe('generic list view (workshops, loans)', () => {
  const s = { ...DEFAULT_SETTINGS, township: '乐平镇', supervisionPhone: '0358-7654321', gongshiDays: 7 };
  const columns = [
    { header: '序号', width: 2.5, align: 'center' as const }, { header: '车间名称', width: 10 }, { header: '负责人', width: 4 },
    { header: '身份证号', width: 10, nowrap: true }, { header: '补助（元）', width: 5, align: 'right' as const },
  ];
  it('builds the standard title, 合计 and seal line, and warns about 生僻字', () => {
    const r = printList(s, {
      subject: '帮扶车间信息表', date: '2024-03-05', columns, nameColumn: '负责人',
      rows: [[1, '东关手工车间', '王𠀀', printId(s, '14072419830918081X'), '5,000.00'], [2, '南关编织车间', '李四', printId(s, '140724198309180339'), '3,000.00']],
      count: { column: '车间名称', unit: '个' }, sums: { '补助（元）': 800000 }, amountInWords: { label: '补助合计（大写）', fen: 800000 },
    });
    expect(r.title).toBe('乐平镇2024年帮扶车间信息表');
    expect(r.html).toContain('共2个');
    expect(r.html).toContain('8,000.00');
    expect(r.html).toContain('人民币捌仟元整');
    expect(r.html).toContain('乐平镇人民政府（盖章）');
    expect(r.html).toContain('审核人：');
    expect(r.html).not.toMatch(/\d{17}[\dX]/);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain('第1行负责人“王𠀀”');
  });
  it('becomes a 公示 with 公示期 and 监督电话 from the settings', () => {
    const { doc: d } = listDocument(s, { subject: '小额信贷贴息名单公示', columns, rows: [], gongshiStart: '2024-12-30' });
    expect(d.closing?.gongshi).toEqual({ start: '2024-12-30', end: '2025-01-05', days: 7 });
    const html = renderPrintDocument(d);
    expect(html).toContain('公示期：2024年12月30日至2025年1月5日（共7天）');
    expect(html).toContain('监督电话：0358-7654321');
  });
  it('warns when the township is not set', () => {
    expect(listDocument(DEFAULT_SETTINGS, { subject: 'x', columns, rows: [] }).warnings[0]).toContain('乡镇名称');
  });
});

describe('finding a browser for PDF', () => {
  it('honours LEDGER_CHROMIUM first', () => {
    expect(chromiumCandidates({ LEDGER_CHROMIUM: '/opt/x/chrome' }, 'linux')[0]).toBe('/opt/x/chrome');
    expect(findChromium({ LEDGER_CHROMIUM: '/opt/x/chrome' }, 'linux', (p) => p === '/opt/x/chrome' || p === '/usr/bin/chromium')).toBe('/opt/x/chrome');
  });
  it('looks for Debian chromium, chromium-browser and Chrome on Linux', () => {
    const c = chromiumCandidates({}, 'linux');
    expect(c.slice(0, 3)).toEqual(['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']);
    expect(findChromium({}, 'linux', (p) => p === '/usr/bin/google-chrome')).toBe('/usr/bin/google-chrome');
    expect(findChromium({}, 'linux', () => false)).toBeNull();
  });
  it('looks for Edge and Chrome on Windows', () => {
    const c = chromiumCandidates({ 'ProgramFiles(x86)': 'C:\\Program Files (x86)', ProgramFiles: 'C:\\Program Files', LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'win32');
    expect(c[0]).toBe('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe');
    expect(c).toContain('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
    expect(c).toContain('C:\\Users\\a\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe');
  });
  it('runs headless, without network extras, into a throw-away profile', () => {
    const a = chromiumArgs(path.resolve('/tmp/a b/页.html'), '/tmp/out.pdf', '/tmp/profile');
    for (const f of ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--user-data-dir=/tmp/profile', '--print-to-pdf=/tmp/out.pdf']) expect(a).toContain(f);
    expect(a[a.length - 1]).toMatch(/^file:\/\/.*a%20b/);
  });
});
