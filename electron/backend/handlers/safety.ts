import type { safetyChannels } from '../../../shared/api/safety';
import {
  backupNow, backupsDir, downloadBackup, getBackupSettings, lastBackupAt, listBackups, restoreSource, updateBackupSettings, verifySource,
} from '../services/backups';
import { disableLock, lockNow, lockStatus, setLock, unlock } from '../services/lock';
import { auditFacets, exportAudit, queryAudit } from '../services/auditLog';
import type { HandlersFor } from './types';

export const safetyHandlers: HandlersFor<keyof typeof safetyChannels> = {
  'backup.list': (ctx) => ({ dir: backupsDir(ctx), files: listBackups(ctx), lastBackupAt: lastBackupAt(ctx), settings: getBackupSettings(ctx) }),
  'backup.now': (ctx) => backupNow(ctx),
  'backup.download': (ctx, p) => downloadBackup(ctx, p.name),
  'backup.verify': (ctx, p) => verifySource(ctx, p),
  'backup.restore': (ctx, p) => restoreSource(ctx, p),
  'backup.settings': (ctx) => getBackupSettings(ctx),
  'backup.updateSettings': (ctx, p) => updateBackupSettings(ctx, p),

  'lock.status': (ctx) => lockStatus(ctx),
  'lock.set': (ctx, p) => setLock(ctx, p),
  'lock.disable': (ctx, p) => disableLock(ctx, p.password),
  'lock.lock': (ctx) => lockNow(ctx),
  'lock.unlock': (ctx, p) => unlock(ctx, p.password),

  'audit.query': (ctx, p) => queryAudit(ctx, p),
  'audit.facets': (ctx) => auditFacets(ctx),
  'audit.export': (ctx, p) => exportAudit(ctx, p),
};
