import path from 'node:path';
import { BACKUP_KIND_LABELS } from '../../shared/api/safety';
import { backupNow, listBackups, restoreFile, verifyFile } from '../backend/services/backups';
import { disableLock } from '../backend/services/lock';
import { Usage, type CliModule } from './types';

const size = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/** backup / verify / restore / backups / lock-off: the data-safety commands a township IT person runs. */
export const safetyCli: CliModule = {
  commands: {
    backup: {
      usage: 'backup <文件夹>                        立即备份：在该文件夹（如U盘）写入一个备份文件，名称含乡镇和时间',
      async run(c) {
        const dir = c.pos[0];
        if (!dir) throw new Usage('请给出备份到哪个文件夹，例如：backup E:\\台账备份');
        const f = await backupNow(c.backend.ctx, path.resolve(dir));
        const file = path.join(f.dir, f.name);
        c.out({ file, name: f.name, size: f.size, at: f.at }, `已备份：${file}（${size(f.size)}）`);
        return 0;
      },
    },
    verify: {
      usage: 'verify <备份文件>                      校验备份文件：完整、未损坏、是本程序的台账（退出码 0 表示可用）',
      async run(c) {
        const file = c.pos[0];
        if (!file) throw new Usage('请给出要校验的备份文件，例如：verify 乐平镇-台账备份-20261128-153000.sqlite');
        const r = verifyFile(c.backend.ctx, file);
        if (c.json) c.out(r, '');
        else if (r.ok) c.out(r, `${path.resolve(file)}\n${r.message}`);
        if (!r.ok) process.stderr.write(`校验未通过：${r.message}\n`);
        return r.ok ? 0 : 1;
      },
    },
    restore: {
      usage: 'restore <备份文件>                     从备份恢复到数据目录（先校验，并先把当前数据备份到 数据目录/backups）',
      async run(c) {
        const file = c.pos[0];
        if (!file) throw new Usage('请给出要恢复的备份文件，例如：restore 乐平镇-台账备份-20261128-153000.sqlite');
        const abs = path.resolve(file);
        const r = await restoreFile(c.backend.ctx, abs);
        const safety = path.join(r.safetyBackup.dir, r.safetyBackup.name);
        c.out({ restoredFrom: abs, safetyBackup: safety, persons: r.check.persons, schemaVersion: r.check.schemaVersion },
          `已从 ${abs} 恢复（人员 ${r.check.persons} 人）。\n恢复前的数据已备份到：${safety}`);
        return 0;
      },
    },
    backups: {
      usage: 'backups                                列出备份（数据目录/backups 中的，以及备份到其他文件夹的记录）',
      async run(c) {
        const list = listBackups(c.backend.ctx);
        const lines = list.length ? list.map((f) => `${f.at}  ${BACKUP_KIND_LABELS[f.kind]}  ${size(f.size).padStart(8)}  ${path.join(f.dir, f.name)}${f.exists ? '' : '（找不到，可能U盘未插入）'}`) : ['还没有备份。'];
        c.out(list, lines.join('\n'));
        return 0;
      },
    },
    'lock-off': {
      usage: 'lock-off                               关闭程序锁（忘记密码时，由管理员在本机运行）',
      async run(c) {
        const s = disableLock(c.backend.ctx, null);
        c.out(s, '程序锁已关闭。请在“设置”中重新设置密码。');
        return 0;
      },
    },
  },
};
