import dayjs, { type Dayjs } from 'dayjs';
import { useSyncExternalStore } from 'react';

/**
 * The page's clock: the ledger's. The backend reports its now (app.info); the page keeps the
 * difference from the computer's clock and counts from it, so a form's default date, "today" in the
 * header and the dates a picker refuses are the ledger's days — the ones the backend judges "after
 * today" by. They differ only when the ledger runs on another clock (LEDGER_NOW for a scripted or
 * training session) or the server sits in another time zone; a difference under two seconds is the
 * request's own delay and is ignored.
 */
let offsetMs = 0;
const listeners = new Set<() => void>();

/** Takes the ledger's now as app.info reports it ("YYYY-MM-DD HH:mm:ss", the ledger's local time). */
export function followLedgerClock(now: string, at = Date.now()): void {
  const t = dayjs(now);
  if (!t.isValid()) return;
  const off = t.valueOf() - at;
  const next = Math.abs(off) < 2000 ? 0 : off;
  if (next === offsetMs) return;
  offsetMs = next;
  for (const l of listeners) l();
}

/** Now on the ledger's clock: use instead of dayjs() for anything that means "now" or "today". */
export function ledgerNow(): Dayjs {
  // eslint-disable-next-line no-restricted-syntax -- the one place the computer's clock is read
  return offsetMs ? dayjs(Date.now() + offsetMs) : dayjs();
}

/** Today on the ledger's clock, YYYY-MM-DD (what the backend's ID and date checks compare with). */
export const ledgerToday = (): string => ledgerNow().format('YYYY-MM-DD');

/** Re-renders when the ledger's clock turns out to differ from the computer's (values computed from "today" then follow). */
export function useLedgerClock(): number {
  return useSyncExternalStore((l) => { listeners.add(l); return () => listeners.delete(l); }, () => offsetMs);
}
