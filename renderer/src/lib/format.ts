import dayjs from 'dayjs';
import { ledgerNow } from '../clock';

export const DATE_FORMAT = 'YYYY-MM-DD';

/** Backend times are local "YYYY-MM-DD HH:mm:ss"; the clerk reads minutes, not seconds. */
export function formatDateTime(s: string | null | undefined): string {
  if (!s) return '';
  const d = dayjs(s);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : s;
}

export function todayStamp(): string {
  return ledgerNow().format('YYYYMMDD');
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
