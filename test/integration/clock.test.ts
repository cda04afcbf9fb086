import XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { openBackend } from '../../electron/backend/index';
import { clockFrom } from '../../electron/backend/services/context';
import { advanceClock, call, importBuffer, tmpDir, validId } from './helpers';
import { countySheet } from '../support/countySheet';

const sheet = (header: string[], rows: (string | number)[][], note = '填表说明：按实际填写') => countySheet('监测台账', note, header, rows);

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

      // An exported workbook's 创建时间/修改时间 (docProps) are the clock's moment too.
      const xlsx = await call(b, 'export.persons', {});
      const props = XLSX.read(Buffer.from(xlsx.base64, 'base64'), { bookProps: true }).Props!;
      expect([props.CreatedDate, props.ModifiedDate]).toEqual([fixed, fixed]);

      advanceClock(b, 86_400_000);
      await call(b, 'villages.create', { name: '次日村', code: null });
      const last = b.ctx.db.prepare('SELECT at FROM audit_log ORDER BY id DESC LIMIT 1').get() as { at: string };
      expect(last.at).toBe('2031-05-07 07:08:09');
    } finally { b.close(); }
  });

  it('the monitoring imports judge "after today" and a download\'s year by the clock, not the computer\'s', async () => {
    // 2021-03-10: every date below is after it yet long before the real today, so a parser on the real clock accepts them.
    const b = openBackend({ dataDir: tmpDir('ledger-clock-import-'), mode: 'test', operator: '测试员', now: () => new Date(2021, 2, 10, 12, 0, 0) });
    try {
      const head = validId('14072419850301001');
      // A 监测对象信息 download with no 导出时间 above the header: its 人均纯收入 is taken as this year's.
      const dl = await importBuffer(b, 'monitoring', 'monitoring.xlsx', await sheet(
        ['户编号', '姓名', '证件号码', '与户主关系', '户类型', '监测对象类别', '识别监测时间', '人均纯收入（元）'],
        [['072410020300001', '钟表', head, '户主', '监测户', '边缘易致贫户', '202101', 6000]]));
      expect(dl.errors).toEqual([]);
      expect(b.ctx.db.prepare('SELECT year FROM monitor_incomes').all()).toEqual([{ year: 2021 }]);

      const cases = await importBuffer(b, 'monitoring-cases', 'monitoring-cases.xlsx', await sheet(['户编号', '户主姓名', '户主身份证号', '发现日期', '县级认定日期'],
        [['072410020300001', '钟表', head, '2021-03-01', '2022-01-05']]));
      expect(cases.errors.map((e) => e.message)).toEqual(['县级认定日期 2022-01-05 晚于今天，不能记录尚未发生的步骤，请核对']);

      const visits = await importBuffer(b, 'visits', 'visits.xlsx', await sheet(['户编号', '户主姓名', '户主身份证号', '走访日期', '走访人'],
        [['072410020300001', '钟表', head, '2021-03-11', '张三'], ['072410020300001', '钟表', head, '2021-03-10', '张三']]));
      expect(visits.errors.map((e) => e.message)).toEqual(['走访日期 2021-03-11 晚于今天，走访记录只能记已经发生的走访，请核对']);
      expect(visits.inserted).toBe(1);

      // A 身份证号 whose birth date is after the ledger's today does not exist yet (the computer's today would take it).
      const roster = await importBuffer(b, 'persons', 'persons.xlsx', await sheet(['序号', '行政村', '姓名', '身份证号', '性别', '与户主关系', '户类型'],
        [[1, '西关村', '钟未生', validId('14072420220105001'), '男', '户主', '脱贫户'], [2, '西关村', '钟已生', validId('14072420200105001'), '男', '户主', '脱贫户']]));
      expect(roster.errors.map((e) => e.message)).toEqual([expect.stringContaining('出生日期 20220105 不存在')]);
    } finally { b.close(); }
  });

  it('P12 judges a 身份证号\'s birth date by the ledger\'s today, not the computer\'s', async () => {
    // 2061: a holder born in 2055 has a 身份证号 that exists on the ledger's clock and not yet on the computer's.
    const b = openBackend({ dataDir: tmpDir('ledger-clock-p12-'), mode: 'test', operator: '测试员', now: () => new Date(2061, 0, 10, 9, 0, 0) });
    try {
      const v = await call(b, 'villages.create', { name: '钟表村', code: null });
      const post = await call(b, 'posts.create', { villageId: v.id, name: '保洁员', category: '乡村公益岗', fundSource: null, headcount: 5, duties: null, workTime: null, wageFen: 50000, councilDate: null, councilRecord: '2061-01-05 村两委会议' });
      const p = await call(b, 'persons.create', {
        idNo: validId('14072420550105001'), name: '钟未来', villageId: v.id, householdNo: 'HH-P12', householdType: '脱贫户',
        monitorCategory: null, riskEliminated: null, exitYear: 2016, relation: '户主', laborSkill: '普通劳动力', phone: null,
      });
      await call(b, 'appointments.create', { postId: post.id, personId: p.id, agreementNo: 'XY-1', startDate: '2061-01-06', endDate: '2061-12-31', wageFen: 50000, bankAccount: null, bankName: null, status: '在岗', remark: null });
      const rules = (await call(b, 'checks.run', { module: 'posts', asOf: '2061-01-10' })).map((x) => x.rule);
      expect(rules.length).toBeGreaterThan(0); // the child holding a post is reported, by other rules
      expect(rules).not.toContain('P12');
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
      // The page takes its "today" from here (renderer/src/clock.ts).
      expect((await call(b, 'app.info', {})).now.startsWith('2029-12-31 23:')).toBe(true);
    } finally {
      b.close();
      if (before === undefined) delete process.env.LEDGER_NOW; else process.env.LEDGER_NOW = before;
    }
  });
});
