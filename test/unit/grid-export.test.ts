import { describe, expect, it } from 'vitest';
import { gridColumnTypes } from '../../electron/backend/export/grid';

describe('导出当前列表 column types', () => {
  it('keeps IDs, phones and codes as text and plain amounts as numbers', () => {
    const headers = ['姓名', '身份证号', '电话', '户编号', '贷款金额（元）', '人数', '脱贫年度', '备注'];
    const rows = [
      ['王建国', '140724198505051239', '13912345678', '072410020200001', '50,000.00', '3', '2018', '12'],
      ['李秀英', '14072419870303002X', '', '072410020200002', '3,000.50', '12', '2019', '见附件'],
    ];
    expect(gridColumnTypes(headers, rows)).toEqual(['text', 'text', 'text', 'text', 'number', 'number', 'text', 'text']);
  });

  it('never makes an 18-digit number column numeric, even under a plain header', () => {
    expect(gridColumnTypes(['内容'], [['140724198505051239'], ['140724198505051247']])).toEqual(['text']);
    expect(gridColumnTypes(['空列'], [[''], ['']])).toEqual(['text']);
  });
});
