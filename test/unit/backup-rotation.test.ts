import { describe, expect, it } from 'vitest';
import { backupFileName, parseBackupName, planRotation, safeFilePart, weekOf } from '../../electron/backend/services/backups';

/** One automatic backup a day at 09:00 from `first` for `days` days, newest last. */
function daily(first: string, days: number, skip: Set<number> = new Set()) {
  const out: { name: string; at: string }[] = [];
  const d = new Date(`${first}T09:00:00`);
  for (let i = 0; i < days; i++, d.setDate(d.getDate() + 1)) {
    if (skip.has(i)) continue;
    const name = backupFileName('乐平镇', 'auto', d);
    out.push({ name, at: parseBackupName(name).at! });
  }
  return out;
}

describe('backup file names', () => {
  it('carry the township, the kind and the local time', () => {
    const d = new Date(2026, 10, 28, 15, 30, 0);
    expect(backupFileName('乐平镇', 'manual', d)).toBe('乐平镇-台账备份-20261128-153000.sqlite');
    expect(backupFileName('', 'auto', d)).toBe('自动备份-20261128-153000.sqlite');
    expect(backupFileName('乐平镇', 'before-restore', d)).toBe('乐平镇-恢复前备份-20261128-153000.sqlite');
  });
  it('never put path separators or reserved characters in a file name', () => {
    expect(safeFilePart('../乐平:镇*?"<>|\\/ ')).toBe('乐平镇');
    expect(backupFileName('a/b\\c', 'manual', new Date(2026, 0, 2, 3, 4, 5))).toBe('abc-台账备份-20260102-030405.sqlite');
  });
  it('are read back: kind and time, including a second one in the same second and the pre-migration copies', () => {
    expect(parseBackupName('乐平镇-台账备份-20261128-153000.sqlite')).toEqual({ kind: 'manual', at: '2026-11-28 15:30:00', day: '20261128' });
    expect(parseBackupName('乐平镇-自动备份-20261128-090000-2.sqlite')).toMatchObject({ kind: 'auto', day: '20261128' });
    expect(parseBackupName('恢复前备份-20261128-090000.sqlite').kind).toBe('before-restore');
    expect(parseBackupName('before-migration-v4-20261128-010203.sqlite').kind).toBe('before-migration');
    expect(parseBackupName('我的副本.sqlite')).toEqual({ kind: 'other', at: null, day: null });
  });
});

describe('rotation: keep 7 daily and 4 weekly', () => {
  it('weeks start on Monday', () => {
    expect(weekOf('20261130')).toBe('20261130'); // a Monday
    expect(weekOf('20261206')).toBe('20261130'); // the Sunday after
    expect(weekOf('20270101')).toBe('20261228'); // across the new year
  });

  it('keeps everything while there are fewer than 7 days', () => {
    const files = daily('2026-11-01', 5);
    expect(planRotation(files, 7, 4)).toEqual({ keep: files.map((f) => f.name).reverse(), remove: [] });
  });

  it('after 60 days: the last 7 days and the newest of each of the 4 weeks before them', () => {
    const files = daily('2026-10-01', 60); // 2026-10-01 … 2026-11-29
    const { keep, remove } = planRotation(files, 7, 4);
    expect(keep).toHaveLength(11);
    expect(remove).toHaveLength(49);
    const days = keep.map((n) => parseBackupName(n).day);
    expect(days.slice(0, 7)).toEqual(['20261129', '20261128', '20261127', '20261126', '20261125', '20261124', '20261123']);
    // 11-23 is a Monday, so the older weeks end on Sundays: 11-22, 11-15, 11-08, 11-01.
    expect(days.slice(7)).toEqual(['20261122', '20261115', '20261108', '20261101']);
  });

  it('counts days that have a backup, not calendar days (the PC was off for a week)', () => {
    const files = daily('2026-11-01', 30, new Set([24, 25, 26, 27])); // no backups 11-25 … 11-28
    const days = planRotation(files, 7, 4).keep.map((n) => parseBackupName(n).day);
    expect(days.slice(0, 7)).toEqual(['20261130', '20261129', '20261124', '20261123', '20261122', '20261121', '20261120']);
  });

  it('keeps the newest of two backups on the same day and drops the other', () => {
    const a = { name: backupFileName('', 'auto', new Date(2026, 10, 28, 8, 0, 0)), at: '2026-11-28 08:00:00' };
    const b = { name: backupFileName('', 'auto', new Date(2026, 10, 28, 17, 0, 0)), at: '2026-11-28 17:00:00' };
    expect(planRotation([a, b], 7, 4)).toEqual({ keep: [b.name], remove: [a.name] });
  });

  it('follows the settings: 3 daily and no weekly', () => {
    const files = daily('2026-11-01', 20);
    const { keep } = planRotation(files, 3, 0);
    expect(keep.map((n) => parseBackupName(n).day)).toEqual(['20261120', '20261119', '20261118']);
  });
});
