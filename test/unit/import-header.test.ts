import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyMerges, detectHeader, normLabel, rowShape, type FieldSpec } from '../../electron/backend/import/header';
import { readWorkbook, sniff, decodeText, parseCsv, type SheetData } from '../../electron/backend/import/read';
import { coerceBool, coerceDate, coerceId, coerceInt, coerceAmount, unitFromHeader } from '../../electron/backend/import/coerce';
import { PERSON_FIELDS } from '../../shared/importColumns';
import { sample } from '../samples';
import iconv from 'iconv-lite';
import XLSX from '@e965/xlsx';

const POST_FIELDS: FieldSpec[] = [
  { key: 'village', label: '行政村', synonyms: ['行政村', '村'], fillDown: true },
  { key: 'post', label: '岗位名称', synonyms: ['岗位名称'] },
  { key: 'name', label: '姓名', synonyms: ['姓名'], required: true },
  { key: 'idNo', label: '身份证号码', synonyms: ['身份证号码', '身份证号'], required: true },
];

describe('header detection', () => {
  it('finds a two-row merged header below the title rows and joins group/leaf labels', () => {
    const sheet: SheetData = {
      name: 'S', mergesKnown: true,
      rows: [
        ['某镇公益岗位花名册'],
        ['填报单位（盖章）'],
        ['序号', '岗位信息', null, '人员信息', null],
        [null, '行政村', '岗位名称', '姓名', '身份证号码'],
        [1, '东村', '保洁员', '王建国', '14072419830918081X'],
        [2, null, '护林员', '李四', '140724198309180817'],
      ],
      merges: [
        { top: 0, left: 0, bottom: 0, right: 4 }, { top: 1, left: 0, bottom: 1, right: 4 },
        { top: 2, left: 0, bottom: 3, right: 0 }, { top: 2, left: 1, bottom: 2, right: 2 }, { top: 2, left: 3, bottom: 2, right: 4 },
        { top: 4, left: 1, bottom: 5, right: 1 },
      ],
    };
    applyMerges(sheet);
    const h = detectHeader(sheet, POST_FIELDS)!;
    expect(h.headerRow).toBe(3);
    expect(h.headers).toEqual(['序号', '岗位信息/行政村', '岗位信息/岗位名称', '人员信息/姓名', '人员信息/身份证号码']);
    expect(h.mapping).toMatchObject({ village: 1, post: 2, name: 3, idNo: 4 });
    expect(h.missing).toEqual([]);
    expect(sheet.rows[5][1]).toBe('东村'); // the merged village block is filled down
  });
  it('maps synonyms in any order and reports missing required columns', () => {
    const sheet: SheetData = { name: 'S', mergesKnown: false, merges: [], rows: [['联系电话', '公民身份号码', '村名', '户主'], ['1', '2', '3', '4']] };
    const h = detectHeader(sheet, PERSON_FIELDS)!;
    expect(h.mapping.idNo).toBe(1);
    expect(h.mapping.village).toBe(2);
    expect(h.mapping.phone).toBe(0);
    expect(h.missing).toEqual(['name']);
    // Other systems' words for the same columns.
    const other = detectHeader({ name: 'S', mergesKnown: false, merges: [], rows: [['姓名', '身份证号码', '农户类型', '手机号码', '家庭人口'], ['a', '1', '脱贫户', '2', '3']] }, PERSON_FIELDS)!;
    expect([other.mapping.householdType, other.mapping.phone, other.mapping.householdSize]).toEqual([2, 3, 4]);
  });
  it('normalizes labels: spaces, full-width and unit brackets', () => {
    expect(normLabel(' 身份证\n号码（必填） ')).toBe('身份证号码');
    expect(normLabel('月补贴标准(元)')).toBe('月补贴标准');
  });
  it('skips 合计, 小计, signature and blank rows but not data', () => {
    expect(rowShape(['合 计', null, '120人']).skip).toBe(true);
    expect(rowShape([null, '小计', 5]).skip).toBe(true);
    expect(rowShape(['审核人：', null, '填表人：']).skip).toBe(true);
    expect(rowShape([null, '', '  ']).skip).toBe(true);
    expect(rowShape([1, '合村', '王建国']).skip).toBe(false);
  });
});

describe('coercion', () => {
  it('treats an ID stored as a number as damaged, never guessed', () => {
    const r = coerceId(140724198309180000);
    expect(r.ok).toBe(false);
    if (!r.ok) { expect(r.damaged).toBe(true); expect(r.digits).toBe('140724198309180'); expect(r.message).toContain('文本'); }
    const s = coerceId('1.40724E+17');
    expect(s.ok).toBe(false);
    expect(coerceId('１４０７２４ 19830918081x')).toEqual({ ok: true, value: '14072419830918081X' });
  });
  it('reads dates, integers, 是/否 and amounts by header unit', () => {
    expect(coerceDate('2023年1月1日')).toEqual({ ok: true, value: '2023-01-01' });
    expect(coerceDate('去年').ok).toBe(false);
    expect(coerceInt('3人')).toEqual({ ok: true, value: 3 });
    expect(coerceBool('是')).toEqual({ ok: true, value: true });
    expect(coerceBool('否')).toEqual({ ok: true, value: false });
    expect(coerceBool('也许').ok).toBe(false);
    expect(unitFromHeader('贷款金额（万元）')).toBe('wan');
    expect(unitFromHeader('月补贴标准（元）')).toBe('yuan');
    expect(coerceAmount(4.5, 'wan')).toEqual({ ok: true, value: 4500000 });
  });
});

describe('readers', () => {
  it('sniffs the bytes, not the extension', () => {
    expect(sniff(fs.readFileSync(sample('persons-county-export.xls')), 'a.xlsx')).toBe('xls');
    expect(sniff(fs.readFileSync(sample('persons-county-export.xlsx')), 'a.csv')).toBe('xlsx');
    expect(() => sniff(fs.readFileSync(sample('bad/not-excel.xlsx')), 'not-excel.xlsx')).toThrow(/不是有效的 Excel 文件/);
    expect(() => sniff(Buffer.alloc(0), 'x.xlsx')).toThrow(/空的/);
  });
  it('decodes GBK, UTF-8 with and without BOM, and quoted CSV fields', () => {
    const text = '姓名,备注\r\n王建国,"含,逗号"\r\n';
    expect(decodeText(iconv.encode(text, 'gbk'))).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toBe(text);
    expect(parseCsv(text)).toEqual([['姓名', '备注'], ['王建国', '含,逗号']]);
    // Tab-separated under a title line, a comma inside one name; Excel's sep= line; semicolons.
    expect(parseCsv('乐平镇人员名单\r\n姓名\t身份证号\r\n王,建国\t1\r\n李秀英\t2\r\n')).toEqual([['乐平镇人员名单'], ['姓名', '身份证号'], ['王,建国', '1'], ['李秀英', '2']]);
    expect(parseCsv('sep=;\r\n姓名;备注\r\n王建国;"含;分号"\r\n')).toEqual([['姓名', '备注'], ['王建国', '含;分号']]);
    expect(parseCsv('姓名;备注\n王建国;无\n')).toEqual([['姓名', '备注'], ['王建国', '无']]);
  });
  it('reads the two-row merged roster with its merges and real date cells', async () => {
    const { sheets } = await readWorkbook(fs.readFileSync(sample('posts-roster-township.xlsx')), 'r.xlsx');
    const s = sheets[0];
    expect(s.rows.length).toBe(127);
    expect(s.merges.length).toBe(19);
    expect(s.rows.flat().some((c) => c instanceof Date)).toBe(true);
  });
  it('reads the .xls copy with the same rows and merges', async () => {
    const x = (await readWorkbook(fs.readFileSync(sample('posts-roster-township.xlsx')), 'r.xlsx')).sheets[0];
    const b = (await readWorkbook(fs.readFileSync(sample('posts-roster-township.xls')), 'r.xls')).sheets[0];
    expect(b.merges.length).toBe(x.merges.length);
    expect(b.rows.length).toBe(x.rows.length);
  });
  it('refuses a truncated xlsx with a Chinese message instead of hanging', async () => {
    await expect(readWorkbook(fs.readFileSync(sample('bad/truncated.xlsx')), 'truncated.xlsx')).rejects.toThrow(/损坏或不完整/);
  });
  it('names an OpenDocument sheet (.ods) as such and says to save it as .xlsx', async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['姓名', '身份证号'], ['王建国', '14072419830918081X']]), '名单');
    const ods = XLSX.write(wb, { bookType: 'ods', type: 'buffer' }) as Buffer;
    await expect(readWorkbook(ods, '名单.ods')).rejects.toThrow(/“名单.ods”是 OpenDocument 表格（.ods）.*另存为/);
  });
});
