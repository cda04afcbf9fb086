import { describe, expect, it } from 'vitest';
import { call, freshBackend, validId } from './helpers';

/** 打印前核对: a 公示 or 工资发放表 comes with the 问题清单's findings about exactly the people on it. */
describe('print pre-check', () => {
  it('lists the findings of the people on the sheet and nobody else', async () => {
    const b = freshBackend();
    await call(b, 'settings.update', { township: '乐平镇', supervisionPhone: '0354-4123456' });
    const v = await call(b, 'villages.create', { name: '西关村', code: null });
    const post = await call(b, 'posts.create', {
      villageId: v.id, name: '保洁员', category: '乡村公益岗', fundSource: '衔接资金', headcount: 5, duties: null, workTime: null,
      wageFen: 50_000, councilDate: '2024-01-05', councilRecord: '村两委研究通过',
    });
    const hire = async (seq: number, birth: string, name: string, start: string, laborSkill = '普通劳动力') => {
      const p = await call(b, 'persons.create', {
        idNo: validId(`140724${birth}${String(seq).padStart(3, '0')}`), name, villageId: v.id, householdNo: null, householdType: '脱贫户',
        monitorCategory: null, riskEliminated: null, exitYear: null, relation: '户主', laborSkill, phone: null,
      });
      await call(b, 'appointments.create', { postId: post.id, personId: p.id, agreementNo: null, startDate: start, endDate: null, wageFen: 50_000, bankAccount: '6217000010000000001', bankName: '信用社' });
      return p;
    };
    const old = await hire(11, '19500101', '王老汉', '2024-03-01');
    const weak = await hire(12, '19800101', '李无力', '2024-03-01', '无劳动力');
    const fine = await hire(13, '19800101', '张健康', '2024-04-01');

    const march = await call(b, 'print.html', { kind: 'gongshi', month: '2024-03', startDate: '2024-03-10' });
    expect(march.rows).toBe(2);
    const ids = new Set(march.findings.map((f) => f.id));
    expect(ids).toEqual(new Set([old.idNo, weak.idNo]));
    expect(march.findings.map((f) => f.message).join()).toMatch(/无劳动力|人岗不适/);

    const april = await call(b, 'print.html', { kind: 'gongshi', month: '2024-04', startDate: '2024-04-10' });
    expect(april.rows).toBe(1);
    expect(april.findings.filter((f) => f.id === fine.idNo && f.severity === 'error')).toEqual([]);
    expect(april.findings.some((f) => f.id === old.idNo)).toBe(false);

    const wages = await call(b, 'print.html', { kind: 'wages', month: '2024-03', startDate: '2024-03-31' });
    expect(wages.findings.some((f) => f.id === old.idNo)).toBe(true);
    // Lists of workshops and loans are not about post holders.
    expect((await call(b, 'print.html', { kind: 'loans' })).findings).toEqual([]);
  });
});
