import { describe, expect, it } from 'vitest';
import { call, freshBackend, validId } from './helpers';

/** 操作日志 names the records a change points at (村, 户, 人员 …) instead of showing their row numbers. */
describe('操作日志 reference fields', () => {
  it('a person created in a village and household shows the village and the household head by name', async () => {
    const b = freshBackend();
    const v = await call(b, 'villages.create', { name: '西关村', code: null });
    await call(b, 'persons.create', {
      idNo: validId('14072419800101001'), name: '王建国', villageId: v.id, householdNo: 'HH-9', householdType: '脱贫户',
      monitorCategory: null, riskEliminated: null, exitYear: 2019, relation: '户主', laborSkill: null, phone: null,
    });
    const log = await call(b, 'audit.query', { table: 'persons', limit: 5 });
    const changes = log.rows[0].changes;
    const village = changes.find((c) => c.field === 'village_id' || c.field === 'villageId');
    const household = changes.find((c) => c.field === 'household_id' || c.field === 'householdId');
    expect(village?.after).toBe('西关村');
    expect(household?.after).toBe('王建国户');
    expect(log.rows[0].summary).not.toMatch(/村：\d+|户：\d+/);
  });
});
