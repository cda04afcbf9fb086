import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readBack, writeWorkbook, type TableSheet } from '../../electron/backend/export/workbook';
import { readXlsx } from '../../electron/backend/import/xlsx-reader';
import { parseLayout, readMeta, sheetHash, META_SHEET } from '../../electron/backend/export/exchange';
import type { Cell, SheetData } from '../../electron/backend/import/read';
import { call, freshBackend, validId } from './helpers';

/**
 * The 交换包 hashes readBack(sheet) instead of writing and re-reading the package. These tests hold
 * readBack against the real thing — writeWorkbook, then readXlsx — on the text that is hardest to
 * get right (formula starts, control characters XML cannot hold, lone surrogates, _xHHHH_ escapes,
 * line breaks, 生僻字), two-row headers with every kind of group, totals, footers and blank rows.
 */

const ODD = [
  '=1+1', '+1', '-1', '@SUM(A1)', '\t=1+1', '\r=1+1', '＝1+1', "'=1", 'a\u0001b\u001fc', '\u0007', 'x\uD800y', '\uDC00', '😀𠀀',
  '_x0041_ and _x00e9_', '_X0041_', '&amp; <b> "q" \'s\'', 'line1\nline2\r\nline3', '  lead and trail  ', '', '䶮·阿卜杜', '\u007f',
];
const NUMBERS = [0, 0.01, 9999999.99, -5, 123456789012345, 1234567890123456789, 1e-7, 3.45];

function sheets(): TableSheet[] {
  const cols = ['序号', '姓名', '身份证号码', '金额（元）', '备注', '空列'];
  return [
    {
      name: '一行表头', title: '=标题', note: '＝说明', footer: '\t=签字',
      columns: cols.map((header, i) => ({ header, type: i === 2 ? 'text' : i === 3 ? 'money' : undefined })),
      rows: [
        ...ODD.map((t, i) => [i + 1, t, validId('14072419800101001'), NUMBERS[i % NUMBERS.length], t, null]),
        [null, null, null, null, null, null], // a blank row: the county's reader stops there, and so must the count
        ...NUMBERS.map((n, i) => [100 + i, `数${i}`, n, n, null, null]), // numbers in a text column are written as text
      ],
      total: ['合计', `${ODD.length}人`, null, 12.34, null, null],
    },
    {
      // 岗位信息 over three columns, a group of one, and ungrouped columns merged down both rows.
      name: '两行表头', title: '花名册', note: '',
      columns: [
        { header: '序号' }, { header: '行政村', group: '岗位信息' }, { header: '岗位名称', group: '岗位信息' }, { header: '=岗位类别', group: '岗位信息' },
        { header: '姓名', group: '人员' }, { header: '银行卡号', group: '@聘用', type: 'text' }, { header: '备注' },
      ],
      rows: ODD.map((t, i) => [i + 1, t, '保洁员', null, t, `6217${i}`, i % 2 ? null : t]),
      footer: '审核人：　　填表人：',
    },
    { name: 'empty but headed', title: 't', columns: [{ header: 'a' }, { header: 'b' }], rows: [] },
  ];
}

const canonRows = (sd: Pick<SheetData, 'rows'>) => sd.rows.map((r) => {
  const c: (Cell | null)[] = (r ?? []).map((v) => (v === '' || v == null ? null : v));
  while (c.length && c[c.length - 1] == null) c.pop();
  return c;
});
const byPosition = (m: SheetData['merges']) => [...m].sort((a, b) => a.top - b.top || a.left - b.left);

describe('readBack: what the reader gets from the one writer, without writing', () => {
  it('matches writeWorkbook then readXlsx, cell for cell, merge for merge, hash for hash', async () => {
    const list = sheets();
    const read = await readXlsx(await writeWorkbook(list, { created: new Date(2024, 0, 1) }));
    expect(read.map((s) => s.name)).toEqual(list.map((s) => s.name));
    list.forEach((s, i) => {
      const mine = readBack(s), real = read[i];
      expect(canonRows(mine), s.name).toEqual(canonRows(real));
      expect(byPosition(mine.merges), s.name).toEqual(byPosition(real.merges));
      expect(sheetHash(mine), s.name).toBe(sheetHash(real));
      const a = parseLayout(mine), b = parseLayout(real);
      expect([a.headerRow, a.data.length, a.headers, a.groups, a.footer], s.name).toEqual([b.headerRow, b.data.length, b.headers, b.groups, b.footer]);
    });
  });

  it('sheetHash hashes JSON.stringify([name, rows from row 3, trailing blanks trimmed]), as packages always have', () => {
    const canon = (v: Cell | undefined) => (v == null ? null : v instanceof Date ? `D:${v.toISOString()}` : v === '' ? null : v);
    const reference = (sd: Pick<SheetData, 'name' | 'rows'>) => {
      const rows = sd.rows.slice(2).map((r) => { const c = (r ?? []).map(canon); while (c.length && c[c.length - 1] == null) c.pop(); return c; });
      while (rows.length && rows[rows.length - 1].length === 0) rows.pop();
      return crypto.createHash('sha256').update(JSON.stringify([sd.name, rows])).digest('hex');
    };
    const cases: Pick<SheetData, 'name' | 'rows'>[] = [
      { name: '空', rows: [] },
      { name: 't', rows: [['标题'], ['说明']] },
      { name: 'x"y', rows: [['t'], [], ['a', null, ''], [], [null, ''], ['b', 1, true, new Date(Date.UTC(2024, 1, 29))], [], ['', null]] },
      { name: '中间空行', rows: [[], [], [], [], ['a'], [], ['合计', 3.5, '']] },
      ...sheets().map((s) => readBack(s)),
    ];
    for (const sd of cases) expect(sheetHash(sd), sd.name).toBe(reference(sd));
  });

  it('the exchange package records the hashes and row counts of the file it writes', async () => {
    const b = freshBackend();
    await call(b, 'settings.update', { township: '=甲乡', regionCode: '140724100000', county: '昔阳县' });
    const v = await call(b, 'villages.create', { name: '@李家村', code: null });
    for (const [i, name] of ['王建国', '李秀英', '䶮·阿卜杜'].entries()) {
      await call(b, 'persons.create', {
        idNo: validId(`1407241980010100${i}`), name, villageId: v.id, householdNo: `_x0041_-${i}`, householdType: '脱贫户',
        monitorCategory: null, riskEliminated: null, exitYear: 2016, relation: '户主', laborSkill: '普通劳动力', phone: null,
      });
    }
    const f = await call(b, 'exchange.export', {});
    const read = await readXlsx(Buffer.from(f.base64, 'base64'), { includeHidden: true });
    const meta = readMeta(read.find((s) => s.name === META_SHEET)!)!;
    expect(meta.sheets.length).toBeGreaterThan(5);
    for (const m of meta.sheets) {
      const sd = read.find((s) => s.name === m.name)!;
      expect(sheetHash(sd), m.name).toBe(m.hash);
      expect(parseLayout(sd, m.headerRow).data.length, m.name).toBe(m.rows);
    }
    expect(meta.sheets.find((m) => m.kind === 'persons')?.rows).toBe(3);
    b.close();
  });
});
