import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Result } from '../../shared/api/contract';
import { invoke } from './api';

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
  const refresh = useCallback(() => {
    invoke('app.info', {}).then((i) => { setInfo(i); setError(null); }, (e: Error) => setError(e.message));
  }, []);
  useEffect(refresh, [refresh]);
  return <AppInfoContext.Provider value={{ info, error, refresh }}>{children}</AppInfoContext.Provider>;
}

export const useAppInfo = () => useContext(AppInfoContext);
