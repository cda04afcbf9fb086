import { z } from 'zod';
import { ch, FileOut, iso, page } from './schema';
import { BACKUP_KIND_LABELS, BACKUP_KINDS, LOCK_PASSWORD_MIN } from './labels';

export { BACKUP_KINDS, BACKUP_KIND_LABELS, LOCK_PASSWORD_MIN };
export const BackupKind = z.enum(BACKUP_KINDS);
export type BackupKind = z.infer<typeof BackupKind>;

export const BackupFile = z.object({
  name: z.string(),
  /** data: in <数据目录>/backups (can be downloaded and restored from the page); external: another folder or a USB drive. */
  location: z.enum(['data', 'external']),
  dir: z.string(),
  size: z.number(),
  /** Local time "YYYY-MM-DD HH:mm:ss". */
  at: z.string(),
  kind: BackupKind,
  exists: z.boolean(),
});
export type BackupFile = z.infer<typeof BackupFile>;

/** What 校验 found; ok=false carries the Chinese reason in message. */
export const BackupCheck = z.object({
  ok: z.boolean(),
  message: z.string(),
  fileName: z.string(),
  size: z.number(),
  schemaVersion: z.number().nullable(),
  township: z.string().nullable(),
  persons: z.number().nullable(),
  villages: z.number().nullable(),
  lastChangeAt: z.string().nullable(),
  /** True when the file's SHA-256 (its .sha256 file) or the per-table digests inside it were checked; false: structure only (an older backup). */
  contentVerified: z.boolean().optional(),
});
export type BackupCheck = z.infer<typeof BackupCheck>;

export const BackupSettings = z.object({
  autoBackup: z.boolean(),
  keepDaily: z.number().int().min(1).max(60),
  keepWeekly: z.number().int().min(0).max(52),
});
export type BackupSettings = z.infer<typeof BackupSettings>;

/** A backup named by the page (a file in the data folder's backups, never a path) or uploaded as bytes. */
export const BackupSource = z.union([
  z.object({ name: z.string().min(1).max(255) }),
  z.object({ fileName: z.string().min(1).max(255), base64: z.string().min(1) }),
]);
export type BackupSource = z.infer<typeof BackupSource>;

export const LockStatus = z.object({ enabled: z.boolean(), locked: z.boolean(), idleMinutes: z.number() });
export type LockStatus = z.infer<typeof LockStatus>;
const password = z.string().max(64);

export const AuditFilters = z.object({
  from: iso.optional(),
  to: iso.optional(),
  operator: z.string().optional(),
  table: z.string().optional(),
  action: z.string().optional(),
  batchId: z.number().int().optional(),
  recordId: z.number().int().optional(),
});
export type AuditFilters = z.infer<typeof AuditFilters>;

export const AuditChange = z.object({ field: z.string(), label: z.string(), before: z.string(), after: z.string() });
export const AuditRow = z.object({
  id: z.number(),
  /** Whom the row is about in words: a person and village, a household by its head, a workshop, a month. */
  subject: z.string(),
  at: z.string(),
  operator: z.string(),
  action: z.string(),
  actionLabel: z.string(),
  table: z.string(),
  tableLabel: z.string(),
  recordId: z.number().nullable(),
  batchId: z.number().nullable(),
  /** One line: what changed (字段：旧 → 新；…) or what was created/deleted. */
  summary: z.string(),
  changes: z.array(AuditChange),
});
export type AuditRow = z.infer<typeof AuditRow>;
const Option = z.object({ value: z.string(), label: z.string() });

// Channels of the safety module: add entries here (zod params and result), handlers in electron/backend/handlers/safety.ts.
export const safetyChannels = {
  'backup.list': ch(z.object({}), z.object({
    dir: z.string(), files: z.array(BackupFile), lastBackupAt: z.string().nullable(), settings: BackupSettings,
  })),
  /** 立即备份 into <数据目录>/backups; the page then offers the file for download (to a USB drive). */
  'backup.now': ch(z.object({}), BackupFile),
  'backup.download': ch(z.object({ name: z.string().min(1).max(255) }), FileOut),
  'backup.verify': ch(BackupSource, BackupCheck),
  /** Checks the file, backs up the current data, then swaps the files. */
  'backup.restore': ch(BackupSource, z.object({ restoredFrom: z.string(), safetyBackup: BackupFile, check: BackupCheck })),
  'backup.settings': ch(z.object({}), BackupSettings),
  'backup.updateSettings': ch(BackupSettings.partial(), BackupSettings),

  'lock.status': ch(z.object({}), LockStatus),
  /** Turns the app lock on or changes its password (the current one is needed when a lock is set). */
  'lock.set': ch(z.object({
    password: password.min(LOCK_PASSWORD_MIN, `密码至少 ${LOCK_PASSWORD_MIN} 位`),
    idleMinutes: z.number().int().min(1).max(240),
    currentPassword: password.optional(),
  }), LockStatus),
  'lock.disable': ch(z.object({ password }), LockStatus),
  'lock.lock': ch(z.object({}), LockStatus),
  'lock.unlock': ch(z.object({ password }), LockStatus),

  'audit.query': ch(AuditFilters.extend(page), z.object({ rows: z.array(AuditRow), total: z.number() })),
  'audit.facets': ch(z.object({}), z.object({ operators: z.array(z.string()), tables: z.array(Option), actions: z.array(Option) })),
  'audit.export': ch(AuditFilters, FileOut),
} as const;
