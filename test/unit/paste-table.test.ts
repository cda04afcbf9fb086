import { describe, expect, it } from 'vitest';
import { pastedTable, splitPasted } from '../../shared/pasteTable';

describe('a block pasted from Excel/WPS', () => {
  it('keeps a header that is there and the rows below it', () => {
    const t = pastedTable('姓名\t证件号码\t性别\r\n王建国\t140724198505051239\t男\r\n')!;
    expect(t).toMatchObject({ rows: 1, guessedHeader: false });
    expect(t.text.split('\n')[0]).toBe('姓名\t证件号码\t性别');
  });

  it('guesses the header of bare rows from their cells', () => {
    const rows = [
      '1\t西关村\t王建国\t140724198505051239\t男\t户主\t脱贫户\t普通劳动力\t13912345678',
      '2\t西关村\t李秀英\t14072419870303002X\t女\t配偶\t脱贫户\t弱劳动力或半劳动力\t',
      '3\t沙垴村\t张志刚\t140724199001010018\t男\t户主\t监测户\t普通劳动力\t0354-4123456',
    ].join('\r\n');
    const t = pastedTable(rows)!;
    expect(t.guessedHeader).toBe(true);
    expect(t.rows).toBe(3);
    expect(t.text.split('\n')[0].split('\t')).toEqual(['序号', '行政村', '姓名', '证件号码', '性别', '与户主关系', '户类型', '劳动技能', '联系电话']);
  });

  it('keeps quoted cells with tabs or line breaks whole, and names unknown columns by position', () => {
    expect(splitPasted('"a\tb"\tc\n"x\ny"\t"he said ""hi"""\n')).toEqual([['a\tb', 'c'], ['x\ny', 'he said "hi"']]);
    const t = pastedTable('王建国\t140724198505051239\t备注写了些什么，很长\n李秀英\t14072419870303002X\t另一段备注，也很长\n')!;
    expect(t.text.split('\n')[0].split('\t')).toEqual(['姓名', '证件号码', '第3列']);
  });

  it('recognises a copied header by any name the importer maps, not only the county’s own', () => {
    // 户员姓名 and 公民身份证号码 are importer synonyms of 姓名 and 证件号码; 电话（手机） normalises to 电话.
    const t = pastedTable('户员姓名\t公民身份证号码\t电话（手机）\r\n王建国\t140724198505051239\t13912345678\r\n')!;
    expect(t).toMatchObject({ rows: 1, guessedHeader: false });
    // Two column names are needed: a bare row that happens to hold one (a village called 村) stays data.
    expect(pastedTable('村\t王建国\t140724198505051239\r\n')!.guessedHeader).toBe(true);
  });

  it('is not a table when a single value is pasted', () => {
    expect(pastedTable('140724198505051239')).toBeNull();
    expect(pastedTable('\n\n')).toBeNull();
  });
});

describe('a block pasted into the post library or the attendance sheet', () => {
  it('keeps a copied 岗位库 header (with a unit in brackets) as it is', () => {
    const t = pastedTable('序号\t行政村\t岗位名称\t月补贴标准（元）\n1\t西关村\t保洁员\t500\n', 'post-library')!;
    expect(t).toMatchObject({ rows: 1, guessedHeader: false });
    // The persons words alone would not have recognised it.
    expect(pastedTable('序号\t岗位名称\t月补贴标准（元）\n1\t保洁员\t500\n')!.guessedHeader).toBe(true);
  });

  it('guesses the 岗位库 columns of bare rows', () => {
    const t = pastedTable([
      '1\t西关村\t保洁员\t乡村公益岗\t衔接资金\t2\t村内道路保洁\t每天2小时\t500\t2026-01-05',
      '2\t沙垴村\t护林员\t生态护林员\t衔接资金\t1\t巡山护林\t每天4小时\t600\t2026-01-06',
    ].join('\n'), 'post-library')!;
    expect(t.text.split('\n')[0].split('\t')).toEqual(['序号', '行政村', '岗位名称', '岗位类别', '资金来源', '人员数量', '第7列', '第8列', '月补贴标准（元）', '村委会研究日期']);
  });

  it('guesses a 工资发放表 block: days before amounts, due before present, 应发 before 实发', () => {
    const t = pastedTable([
      '1\t西关村\t保洁员\t王建国\t140724198505051239\t22\t22\t合格\t500\t500',
      '2\t西关村\t保洁员\t李秀英\t14072419870303002X\t22\t20\t合格\t454.55\t454.55',
    ].join('\n'), 'post-wages')!;
    expect(t.text.split('\n')[0].split('\t')).toEqual(['序号', '行政村', '岗位名称', '姓名', '身份证号码', '应出勤天数', '实出勤天数', '考核结果', '应发金额', '实发金额']);
  });
});
