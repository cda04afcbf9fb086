import { afterEach, describe, expect, it } from 'vitest';
import { followLedgerClock, ledgerNow, ledgerToday } from '../../renderer/src/clock';

const local = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

describe('the page\'s clock follows the ledger\'s', () => {
  afterEach(() => followLedgerClock(ledgerNowString(new Date())));

  it('counts from the now app.info reported, and runs on from there', () => {
    const at = Date.now();
    followLedgerClock('2024-03-15 10:00:00', at);
    expect(ledgerToday()).toBe('2024-03-15');
    const ran = ledgerNow().valueOf() - new Date(2024, 2, 15, 10, 0, 0).getTime();
    expect(ran).toBeGreaterThanOrEqual(0);
    expect(ran).toBeLessThan(60_000);
  });

  it('keeps the computer\'s clock when the two differ by less than the request\'s own delay', () => {
    followLedgerClock('2024-03-15 10:00:00');
    followLedgerClock(ledgerNowString(new Date(Date.now() - 1500)));
    expect(ledgerToday()).toBe(local(new Date()));
    followLedgerClock('not a date');
    expect(ledgerToday()).toBe(local(new Date()));
  });
});

function ledgerNowString(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${local(d)} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
