import { describe, expect, it } from 'vitest';
import { openBackend } from '../../electron/backend/index';
import { tmpDir, validId } from './helpers';

/** From the screens a change needs the operator's name; once given, the change goes through and is logged under it. */
describe('operator required before the first change', () => {
  it('refuses a change without a name (nothing written), then accepts it once the name is set', async () => {
    const b = openBackend({ dataDir: tmpDir(), mode: 'browser' });
    try {
      const v = await b.invoke('villages.create', { name: '西关村', code: '140724100202' });
      expect(v.ok).toBe(false);
      if (!v.ok) {
        expect(v.error.message).toContain('操作员');
        expect(v.error.details).toEqual({ operatorRequired: true });
      }
      expect(b.ctx.db.prepare('SELECT count(*) AS n FROM villages').get()).toEqual({ n: 0 });
      // Settings are not about anyone: setting the name itself (or the township) needs no name.
      expect((await b.invoke('settings.update', { operator: '张会计' })).ok).toBe(true);
      const ok = await b.invoke('villages.create', { name: '西关村', code: '140724100202' });
      expect(ok.ok).toBe(true);
      const p = await b.invoke('persons.create', {
        idNo: validId('14072419850505123'), name: '王建国', villageId: ok.ok ? (ok.data as { id: number }).id : 0, householdNo: null, householdType: '脱贫户',
        monitorCategory: null, riskEliminated: null, exitYear: 2018, relation: '户主', laborSkill: null, phone: null,
      });
      expect(p.ok).toBe(true);
      const ops = b.ctx.db.prepare("SELECT DISTINCT operator FROM audit_log WHERE table_name IN ('villages', 'persons')").all();
      expect(ops).toEqual([{ operator: '张会计' }]);
    } finally {
      b.close();
    }
  });
});
