import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Result } from '../../shared/api/contract';
import { invoke } from './api';
import { followLedgerClock } from './clock';

type Info = Result<'app.info'>;

interface AppInfoValue {
  info: Info | null;
  error: string | null;
  /** Call after anything the header shows has changed (settings saved, backup taken). */
  refresh: () => void;
}

const AppInfoContext = createContext<AppInfoValue>({ info: null, error: null, refresh: () => {} });

export function AppInfoProvider({ children }: { children: ReactNode }) {
  const [info, setInfo] = useState<Info | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    const asked = Date.now();
    invoke('app.info', {}).then((i) => {
      // The ledger's now as of the moment between asking and hearing back.
      followLedgerClock(i.now, (asked + Date.now()) / 2);
      setInfo(i); setError(null);
    }, (e: Error) => setError(e.message));
  }, []);
  // Another tab or window on the same ledger (browser mode) hears of a change at once, and every tab
  // looks again when it comes back into view: a second tab no longer shows 未设置乡镇 until reloaded.
  const channel = useMemo(() => (typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('ledger-app-info')), []);
  const refresh = useCallback(() => { load(); channel?.postMessage('changed'); }, [load, channel]);
  useEffect(() => {
    load();
    const onShow = () => { if (document.visibilityState === 'visible') load(); };
    if (channel) channel.onmessage = () => load();
    window.addEventListener('focus', onShow);
    document.addEventListener('visibilitychange', onShow);
    return () => { window.removeEventListener('focus', onShow); document.removeEventListener('visibilitychange', onShow); if (channel) channel.onmessage = null; };
  }, [load, channel]);
  return <AppInfoContext.Provider value={{ info, error, refresh }}>{children}</AppInfoContext.Provider>;
}

export const useAppInfo = () => useContext(AppInfoContext);
