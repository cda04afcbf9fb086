import { describe, expect, it } from 'vitest';
import { openBackend } from '../../electron/backend/index';
import { clockFrom } from '../../electron/backend/services/context';
import { advanceClock, call, tmpDir, validId } from './helpers';

/**
 * The backend's one clock (Ctx.now): what a write records, the names of backups and the 'today' of
 * defaults and checks come from it, so a test sets the time instead of sleeping for it.
 */
describe('the injected clock', () => {
  it('stamps audit rows, records and backup names with the clock it was opened with, and moves when advanced', async () => {
    const fixed = new Date(2031, 4, 6, 7, 8, 9); // 2031-05-06 07:08:09 local, far from the real date
    const b = openBackend({ dataDir: tmpDir('ledger-clock-'), mode: 'test', operator: '测试员', now: () => fixed });
    try {
      const v = await call(b, 'villages.create', { name: '钟表村', code: null });
      const p = await call(b, 'persons.create', {
        idNo: validId('14072419800101003'), name: '时钟', villageId: v.id, householdNo: 'HH-CLOCK', householdType: '脱贫户',
        monitorCategory: null, riskEliminated: null, exitYear: 2016, relation: '户主', laborSkill: '普通劳动力', phone: null,
      });
      const stamps = b.ctx.db.prepare('SELECT DISTINCT at FROM audit_log').all() as { at: string }[];
      expect(stamps).toEqual([{ at: '2031-05-06 07:08:09' }]);
      expect(b.ctx.db.prepare('SELECT created_at, updated_at FROM persons WHERE id = ?').get(p.id)).toEqual({
        created_at: '2031-05-06 07:08:09', updated_at: '2031-05-06 07:08:09',
      });

      // A date after the clock's today is refused as "in the future", one before it is not.
      const w = await call(b, 'workshops.create', {
        name: '钟表车间', villageId: v.id, entity: null, creditCode: null, leader: null, phone: null, industry: '服装加工', recognizedDate: '2031-05-01', note: null,
      });
      await expect(call(b, 'workshops.create', {
        name: '明天车间', villageId: v.id, entity: null, creditCode: null, leader: null, phone: null, industry: '服装加工', recognizedDate: '2031-05-07', note: null,
      })).rejects.toThrow(/晚于今天/);
      expect(w.id).toBeGreaterThan(0);

      const bk = await call(b, 'backup.now', {});
      expect(bk.name).toContain('20310506');

      advanceClock(b, 86_400_000);
      await call(b, 'villages.create', { name: '次日村', code: null });
      const last = b.ctx.db.prepare('SELECT at FROM audit_log ORDER BY id DESC LIMIT 1').get() as { at: string };
      expect(last.at).toBe('2031-05-07 07:08:09');
    } finally { b.close(); }
  });

  it('LEDGER_NOW starts the clock at a given local moment and lets it run on; a malformed value is refused by name', () => {
    const c = clockFrom('2030-01-02 03:04:05');
    const t = c();
    expect([t.getFullYear(), t.getMonth() + 1, t.getDate(), t.getHours(), t.getMinutes()]).toEqual([2030, 1, 2, 3, 4]);
    expect(c().getTime()).toBeGreaterThanOrEqual(t.getTime()); // runs on, never backwards
    const midnight = clockFrom('2030-01-02')();
    expect([midnight.getDate(), midnight.getHours(), midnight.getMinutes()]).toEqual([2, 0, 0]);
    expect(() => clockFrom('明天')).toThrow(/LEDGER_NOW/);
    // Unset: the computer's clock.
    const real = clockFrom('')().getTime();
    expect(Math.abs(real - Date.now())).toBeLessThan(60_000);
  });

  it('a backend opened under LEDGER_NOW reports that day as today', async () => {
    const before = process.env.LEDGER_NOW;
    process.env.LEDGER_NOW = '2029-12-31 23:00:00';
    const dataDir = tmpDir('ledger-clock-env-');
    const b = openBackend({ dataDir, mode: 'test', operator: '测试员' });
    try {
      await call(b, 'villages.create', { name: '跨年村', code: null });
      const at = (b.ctx.db.prepare('SELECT at FROM audit_log').get() as { at: string }).at;
      expect(at.startsWith('2029-12-31 23:')).toBe(true);
      const f = await call(b, 'backup.now', {});
      expect(f.name).toContain('20291231');
    } finally {
      b.close();
      if (before === undefined) delete process.env.LEDGER_NOW; else process.env.LEDGER_NOW = before;
    }
  });
});
