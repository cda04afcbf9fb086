import type { DB } from '../db/open';

export interface Ctx {
  db: DB;
  dataDir: string;
  dbFile: string;
  mode: string;
  version: string;
  operator(): string;
}

export const nowLocal = () => {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};
