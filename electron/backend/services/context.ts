import type { DB } from '../db/open';

export interface Ctx {
  db: DB;
  dataDir: string;
  dbFile: string;
  mode: string;
  version: string;
  operator(): string;
  /**
   * HTML → PDF for 'print.pdf' where the front door has its own renderer (Electron's printToPDF,
   * see electron/printPdf.ts); absent, a Chromium/Edge found on the computer (print/pdf.ts).
   */
  htmlToPdf?: (html: string, opts: { orientation: 'landscape' | 'portrait' }) => Promise<{ pdf: Buffer; browser: string }>;
}

/** Local time as "YYYY-MM-DD HH:mm:ss" (now, or the given moment). */
export const nowLocal = (d = new Date()) => {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};
