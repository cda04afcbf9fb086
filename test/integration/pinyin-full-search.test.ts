import { describe, expect, it } from 'vitest';
import { call, freshBackend, validId } from './helpers';

/** 人员名单 search by full pinyin as well as by initials: huomeilan and hml both find 霍美兰. */
describe('full-pinyin person search', () => {
  it('finds by whole pinyin, unfinished pinyin and initials, and nothing else', async () => {
    const b = freshBackend();
    const names = ['霍美兰', '霍梅', '胡美丽', '王建国', '西安', '先锋'];
    for (const [i, name] of names.entries()) {
      await call(b, 'persons.create', { idNo: validId(`14072419800101${String(100 + i)}`.slice(0, 17)), name, villageId: null, householdNo: null,
        householdType: '脱贫户', monitorCategory: null, riskEliminated: null, exitYear: null, relation: null, laborSkill: null, phone: null });
    }
    const find = async (name: string) => (await call(b, 'persons.query', { name, limit: 100 })).rows.map((r) => r.name).sort();
    expect(await find('huomeilan')).toEqual(['霍美兰']);
    expect(await find('HuoMeiLan')).toEqual(['霍美兰']);
    expect(await find('huomei')).toEqual(['霍梅', '霍美兰']);
    expect(await find('huomeil')).toEqual(['霍美兰']);
    expect(await find('hml')).toEqual(['胡美丽', '霍美兰']); // initials alone cannot tell them apart
    expect(await find('hm')).toEqual(['胡美丽', '霍梅', '霍美兰']);
    expect(await find('wangjianguo')).toEqual(['王建国']);
    expect(await find('xian')).toEqual(['先锋', '西安']);
    expect(await find('huomeilanx')).toEqual([]);
  });
});
