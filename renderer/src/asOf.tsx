import { Button, DatePicker, Space, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { DATE_FORMAT } from './lib/format';
import { ledgerNow, ledgerToday, useLedgerClock } from './clock';

interface AsOfValue {
  /** The 统计日期 the clerk chose; null = today (each request then leaves the date to the backend's clock). */
  chosen: string | null;
  /** The date in effect, YYYY-MM-DD. */
  asOf: string;
  /** For channels that take an optional asOf: undefined while it is today, so "today" stays the backend's today. */
  param: string | undefined;
  setAsOf: (iso: string | null) => void;
}

const AsOfContext = createContext<AsOfValue>({ chosen: null, asOf: ledgerToday(), param: undefined, setAsOf: () => {} });

/**
 * 统计日期: one date for the whole window. 概览, 问题清单, 考勤与工资 (its month) and the loan pages
 * read it, so a report for a past day agrees across pages. It lives above the pages (they remount
 * on every route change) and is not saved: a new session starts at today.
 */
export function AsOfProvider({ children }: { children: ReactNode }) {
  const [chosen, setChosen] = useState<string | null>(null);
  const clock = useLedgerClock(); // today is the ledger's: worked out again once its clock is known
  const value = useMemo<AsOfValue>(() => ({
    chosen, asOf: chosen ?? ledgerToday(), param: chosen ?? undefined,
    setAsOf: (iso) => setChosen(iso && iso !== ledgerToday() ? iso : null),
  }), [chosen, clock]);
  return <AsOfContext.Provider value={value}>{children}</AsOfContext.Provider>;
}

export const useAsOf = () => useContext(AsOfContext);

/** The header's 统计日期 picker (today by default; later days are not offered). */
export function AsOfPicker() {
  const { chosen, asOf, setAsOf } = useAsOf();
  return (
    <Space size={4} className="app-header-asof" data-testid="header-asof">
      <Tooltip title="概览、问题清单、考勤与工资和小额信贷都按这一天统计和判断">
        <span className={chosen ? 'app-header-asof-label app-header-asof-past' : 'app-header-asof-label'}>统计日期</span>
      </Tooltip>
      <DatePicker
        size="small" value={dayjs(asOf)} format={DATE_FORMAT} allowClear={false} aria-label="统计日期" style={{ width: 128 }}
        disabledDate={(d) => d.isAfter(ledgerNow(), 'day')} onChange={(d) => d && setAsOf(d.format(DATE_FORMAT))}
      />
      {chosen && <Button size="small" onClick={() => setAsOf(null)} data-testid="header-asof-today">回到今天</Button>}
    </Space>
  );
}
