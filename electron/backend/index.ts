import type { Statement } from 'better-sqlite3';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DB_FILE, openDatabase, type DB } from './db/open';
import { dispatch } from './dispatch';
import { clockFrom, type Ctx } from './services/context';
import { startSafety } from './services/backups';

export interface Backend {
  ctx: Ctx;
  invoke(channel: string, params: unknown): ReturnType<typeof dispatch>;
  close(): void;
}

/** Our own package.json (name township-ledger) in the nearest folder up from this module. */
function packageVersion(): string {
  try {
    let dir = path.dirname(fileURLToPath(import.meta.url));
    for (let i = 0; i < 4; i++, dir = path.dirname(dir)) {
      const f = path.join(dir, 'package.json');
      if (!fs.existsSync(f)) continue;
      const pkg = JSON.parse(fs.readFileSync(f, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'township-ledger' && pkg.version) return pkg.version;
    }
  } catch { /* bundled without package.json */ }
  return '0.0.0';
}

/** The 操作员 setting alone: read for every audit row of an import, so it skips parsing the whole settings. */
function storedOperator(db: DB): string {
  let st = operatorReads.get(db);
  if (!st) { st = db.prepare("SELECT value FROM settings WHERE key = 'operator'"); operatorReads.set(db, st); }
  const row = st.get() as { value: string } | undefined;
  if (!row) return '';
  try { const v: unknown = JSON.parse(row.value); return typeof v === 'string' ? v.trim() : ''; } catch { return ''; }
}
const operatorReads = new WeakMap<DB, Statement>();

/** Opens the backend on a data directory; the same object serves Electron IPC, the web bridge and the CLI. */
export function openBackend(opts: {
  dataDir: string; mode: string; nativeBinding?: string; operator?: string; htmlToPdf?: Ctx['htmlToPdf'];
  /** See OpenOptions: the wait for another writer, and the line a waiting command prints. */
  busyTimeoutMs?: number; onBusyWait?: (timeoutMs: number) => void;
  /** The ledger's clock (Ctx.now); default the computer's, or LEDGER_NOW's (services/context.ts clockFrom). */
  now?: () => Date;
}): Backend {
  const db = openDatabase({ dataDir: opts.dataDir, nativeBinding: opts.nativeBinding, busyTimeoutMs: opts.busyTimeoutMs, onBusyWait: opts.onBusyWait });
  const ctx: Ctx = {
    db, dataDir: opts.dataDir, dbFile: path.join(opts.dataDir, DB_FILE), mode: opts.mode, version: packageVersion(),
    operator: () => opts.operator ?? (storedOperator(ctx.db) || '录入员'),
    htmlToPdf: opts.htmlToPdf,
    now: opts.now ?? clockFrom(),
  };
  // The daily automatic backup runs where the program stays open (Electron, browser mode), not per CLI call.
  const stopSafety = startSafety(ctx, { nativeBinding: opts.nativeBinding, autoBackup: opts.mode === 'electron' || opts.mode === 'browser' });
  return {
    ctx,
    invoke: (channel, params) => dispatch(ctx, channel, params),
    // ctx.db, not db: a restore swaps the file and reopens it.
    close: () => { stopSafety(); ctx.db.close(); },
  };
}
