import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/api/contract';
import { fieldLabel } from '../../electron/backend/validation';
import { runCliInProcess, runCliProcess } from '../support/cli';
import { freshBackend, tmpDir } from './helpers';

/**
 * A refused request is answered in Chinese that names the field and says what to write instead;
 * zod's English ("Invalid input: expected number, received string") never reaches the clerk.
 */

const ENGLISH = /Invalid|expected|received|Too (small|big)|option/i;

const cases: { channel: string; params: unknown; says: (string | RegExp)[] }[] = [
  { channel: 'persons.get', params: { id: 'x' }, says: ['“记录编号”', '应填数字', '“x”'] },
  { channel: 'loans.addRepayment', params: { loanId: 1, date: '2026-02-30', principalFen: -5 },
    says: ['“日期”', '2026-02-30', '不是真实存在的日期', '“还款本金”', '不能是负数'] },
  { channel: 'loans.addRepayment', params: { loanId: '1', date: '2026/02/03', principalFen: 'abc' },
    says: ['“贷款”：应填数字', 'YYYY-MM-DD', '“还款本金”：应填数字（现在是文字“abc”）'] },
  { channel: 'attendance.lock', params: { month: '2026-13' }, says: ['“月份”', '2026-13', '01 到 12'] },
  { channel: 'export.wages', params: { month: '2026-3' }, says: ['“月份”', 'YYYY-MM'] },
  { channel: 'attendance.save', params: { month: '2026-03', rows: [{ appointmentId: 1, dueDays: 22, presentDays: 40, assessment: '好', paidFen: null, paidReason: null }] },
    says: ['第1行的“实出勤天数”：不能大于 31', '第1行的“考核结果”', '“合格”、“不合格”'] },
  { channel: 'settings.update', params: { subsidyDayBasis: 300, gongshiDays: 0, maskIdsOnPrint: 'yes' },
    says: ['“公示天数”：不能小于 1', '“打印隐藏身份证号”', '“贴息计息天数基数”：只能是 360、365 之一'] },
  { channel: 'loans.alerts', params: { asOf: '2026-13-01' }, says: ['“统计日期”', '不是真实存在的日期'] },
  { channel: 'loans.subsidy', params: { from: '2026-01-01' }, says: ['“结束日期”：必须填写'] },
  { channel: 'villages.create', params: { name: '村'.repeat(50), code: null }, says: ['“村名”：最多 40 个字', '请删减'] },
  { channel: 'persons.create', params: { name: '' }, says: ['“姓名”：不能为空', '“身份证号”：必须填写', '“户类型”：必须填写，可选'] },
  { channel: 'workshops.paySubsidies', params: { workshopId: 1, personIds: ['a'], paidDate: '2026-01-01' }, says: ['“人员”中的第1项：应填数字'] },
  { channel: 'appointments.exit', params: { id: 1, date: '2026-01-01', reason: '不干了' }, says: ['“原因”', '“本人不再需要”'] },
  { channel: 'loans.create', params: { personId: 1, amountFen: 0, issueDate: '2026-01-01', dueDate: '2027-01-01', status: '正常' }, says: ['“贷款金额”：贷款金额应大于0'] },
  { channel: 'posts.revoke', params: { id: 1, date: '0026-01-01' }, says: ['“日期”', '不是真实存在的日期'] },
];

describe('bad calls through dispatch', () => {
  it.each(cases)('$channel answers in Chinese naming the field', async ({ channel, params, says }) => {
    const b = freshBackend();
    const r = await b.invoke(channel, params);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.message).toMatch(/^参数不正确：/);
    expect(r.error.message).toMatch(/请改正后重试。$/);
    expect(r.error.message).not.toMatch(ENGLISH);
    for (const s of says) expect(r.error.message).toMatch(typeof s === 'string' ? new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : s);
    // Forms can point at the field.
    expect(r.error.details).toMatchObject({ issues: expect.any(Array) });
    b.close();
  });

  it('a real date and month still pass', async () => {
    const b = freshBackend();
    expect((await b.invoke('loans.alerts', { asOf: '2024-02-29' })).ok).toBe(true);
    expect((await b.invoke('attendance.month', { month: '2026-12' })).ok).toBe(true);
    b.close();
  });

  it('age limits whose minimum is above the maximum are refused and nothing is saved', async () => {
    const b = freshBackend();
    const r = await b.invoke('settings.update', { ageMaleMin: 70, township: '乐平镇' });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { field: 'ageMaleMin' } } });
    if (!r.ok) expect(r.error.message).toContain('公益岗位 男 年龄：最小年龄（70 岁）大于最大年龄（65 岁）');
    const s = await b.invoke('settings.get', {});
    expect(s).toMatchObject({ ok: true, data: { ageMaleMin: 18, township: '' } });
    expect(b.ctx.db.prepare("SELECT count(*) AS n FROM audit_log WHERE table_name = 'settings'").get()).toEqual({ n: 0 });
    b.close();
  });

  it('every parameter of every channel has a Chinese name for these messages', () => {
    const missing = new Set<string>();
    const walk = (schema: unknown, channel: string) => {
      const def = (schema as { def?: { type: string; shape?: Record<string, unknown>; innerType?: unknown; element?: unknown; options?: unknown[] } }).def;
      if (!def) return;
      if (def.type === 'object' && def.shape) {
        for (const [k, v] of Object.entries(def.shape)) { if (!fieldLabel(k, channel)) missing.add(`${channel}: ${k}`); walk(v, channel); }
      } else if (def.innerType) walk(def.innerType, channel);
      else if (def.element) walk(def.element, channel);
      else if (def.options) for (const o of def.options) walk(o, channel);
    };
    for (const [channel, spec] of Object.entries(contract)) walk(spec.params, channel);
    expect([...missing]).toEqual([]);
  });
});

describe('bad input on the command line', () => {
  const cli = (dir: string, ...args: string[]) => runCliInProcess([...args, '--data', dir]);

  it('exits 2 with the Chinese message on stderr and writes no file', async () => {
    const dir = tmpDir();
    const out = path.join(dir, 'wages.xlsx');
    const table: [string[], RegExp][] = [
      [['loans', 'alerts', '2026-13-01'], /“统计日期”：“2026-13-01”不是真实存在的日期/],
      [['loans', 'subsidy', '2026-01-01', '2026-02-30'], /“结束日期”：“2026-02-30”不是真实存在的日期/],
      [['export', 'wages', '2026-13', out], /“月份”：“2026-13”不是真实存在的月份/],
    ];
    for (const [args, says] of table) {
      const r = await cli(dir, ...args);
      expect(r.status, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(says);
      expect(r.stderr).not.toMatch(ENGLISH);
    }
    expect(fs.existsSync(out)).toBe(false);
  }, 180_000);

  it('as a process (npm run -s cli): exit status 2, the message on stderr, nothing on stdout', () => {
    const r = runCliProcess(['loans', 'alerts', '2026-13-01', '--json', '--data', tmpDir()]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/“统计日期”：“2026-13-01”不是真实存在的日期/);
    expect(r.stdout).toBe('');
  }, 180_000);
});
