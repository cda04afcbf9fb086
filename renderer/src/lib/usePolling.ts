import { useEffect, useLayoutEffect, useRef } from 'react';

/**
 * The one way the screens follow a job the backend runs (an import, the exchange export): while `active`,
 * ask for `current`'s next state every `ms` and hand it to `set`; a failed request goes to onError and the
 * polling stops with it. Each new state schedules the next request, so requests never overlap.
 */
export function usePolling<T>(current: T | null, active: boolean, next: (current: T) => Promise<T>, set: (value: T) => void,
  onError: (e: unknown) => void, ms = 300): void {
  // The callbacks are read when the timer fires: a new render's closures never restart the wait.
  const fns = useRef({ next, set, onError });
  useLayoutEffect(() => { fns.current = { next, set, onError }; });
  useEffect(() => {
    if (current == null || !active) return;
    let live = true;
    const t = setTimeout(() => {
      fns.current.next(current).then((v) => { if (live) fns.current.set(v); }, (e: unknown) => { if (live) fns.current.onError(e); });
    }, ms);
    return () => { live = false; clearTimeout(t); };
  }, [current, active, ms]);
}
