import type { DB } from '../db/open';

export interface Ctx {
  db: DB;
  dataDir: string;
  dbFile: string;
  mode: string;
  version: string;
  operator(): string;
  /**
   * The ledger's clock: every timestamp a write records, backup names and "today" defaults come from
   * here, never from new Date() in a service, so tests (and LEDGER_NOW) can set the time instead of waiting for it.
   */
  now(): Date;
  /**
   * HTML → PDF for 'print.pdf' where the front door has its own renderer (Electron's printToPDF,
   * see electron/printPdf.ts); absent, a Chromium/Edge found on the computer (print/pdf.ts).
   */
  htmlToPdf?: (html: string, opts: { orientation: 'landscape' | 'portrait' }) => Promise<{ pdf: Buffer; browser: string }>;
}

/**
 * The clock a backend runs on: the computer's, or — with LEDGER_NOW="YYYY-MM-DD HH:mm:ss" (local time;
 * a date alone means its midnight) — one that starts at that moment and runs on at the real pace, so a
 * scripted session or a test sees a known "today" and writes still come in order.
 */
export function clockFrom(env: string | undefined = process.env.LEDGER_NOW): () => Date {
  if (!env?.trim()) return () => new Date();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(env.trim());
  if (!m) throw new Error(`LEDGER_NOW 的格式应为 YYYY-MM-DD 或 YYYY-MM-DD HH:mm:ss，而不是“${env}”`);
  const start = new Date(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)).getTime();
  const offset = start - Date.now();
  return () => new Date(Date.now() + offset);
}

/** Local time as "YYYY-MM-DD HH:mm:ss" (now, or the given moment): pass ctx.now() for the ledger's now. */
export const nowLocal = (d = new Date()) => {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};
