import { describe, expect, it } from 'vitest';
import { openBackend } from '../../electron/backend/index';
import { runCliInProcess } from '../support/cli';
import { call, tmpDir } from './helpers';

async function cli(dir: string, ...args: string[]) {
  const r = await runCliInProcess([...args, '--data', dir]);
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('unlocking a month', () => {
  it('needs a reason and the 程序锁 password, is audited, and refuses a month that is not locked', async () => {
    const dir = tmpDir();
    const b = openBackend({ dataDir: dir, mode: 'test', operator: '王会计' });
    await call(b, 'attendance.lock', { month: '2026-03' });
    await expect(call(b, 'attendance.unlock', { month: '2026-03', reason: '  ' })).rejects.toThrow(/原因/);
    await call(b, 'lock.set', { password: 'abcd1234', idleMinutes: 10 });
    await expect(call(b, 'attendance.unlock', { month: '2026-03', reason: '补发张三3月工资' })).rejects.toThrow(/程序锁密码/);
    await expect(call(b, 'attendance.unlock', { month: '2026-03', reason: '补发张三3月工资', password: 'wrong' })).rejects.toThrow(/不正确/);
    expect((await call(b, 'attendance.month', { month: '2026-03' })).locked).toBe(true);
    await call(b, 'attendance.unlock', { month: '2026-03', reason: '补发张三3月工资', password: 'abcd1234' });
    expect((await call(b, 'attendance.month', { month: '2026-03' })).locked).toBe(false);
    const row = b.ctx.db.prepare("SELECT operator, action, before_json AS b, after_json AS a FROM audit_log WHERE table_name = 'month_locks' ORDER BY id DESC LIMIT 1").get() as { operator: string; action: string; b: string; a: string };
    expect(row.operator).toBe('王会计');
    // The lock's row as it was (who locked it, when) and the reason (db/repo/attendance.ts).
    expect(row.action).toBe('delete');
    expect(JSON.parse(row.b)).toMatchObject({ month: '2026-03', operator: '王会计' });
    expect(JSON.parse(row.b).locked_at).toMatch(/^\d{4}-\d{2}-\d{2} /);
    expect(JSON.parse(row.a)).toEqual({ reason: '补发张三3月工资' });
    await expect(call(b, 'attendance.unlock', { month: '2026-03', reason: '再解锁' })).rejects.toThrow(/没有锁定/);
    await call(b, 'attendance.lock', { month: '2026-04' });
    b.close();

    const noReason = await cli(dir, 'unlock-month', '2026-04');
    expect(noReason.code).toBe(2);
    expect(noReason.err).toMatch(/--reason/);
    const notLocked = await cli(dir, 'unlock-month', '2026-05', '--reason', '补发');
    expect(notLocked.code).toBe(2);
    expect(notLocked.err).toMatch(/没有锁定/);
    // The CLI is run by whoever holds the data folder: no 程序锁 password.
    const ok = await cli(dir, 'unlock-month', '2026-04', '--reason', '补发李四4月工资');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/已解锁 2026-04/);
    const again = openBackend({ dataDir: dir, mode: 'test' });
    expect(again.ctx.db.prepare("SELECT count(*) AS n FROM month_locks WHERE month = '2026-04'").get()).toEqual({ n: 0 });
    again.close();
  });
});
