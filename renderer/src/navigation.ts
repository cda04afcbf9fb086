import { useEffect, useState } from 'react';

/** Nav order follows the clerk's month (DESIGN.md, Screens). */
export const NAV_ITEMS = [
  { key: 'overview', label: '概览' },
  { key: 'persons', label: '人员名单' },
  { key: 'posts', label: '公益岗位' },
  { key: 'workshops', label: '帮扶车间' },
  { key: 'loans', label: '小额信贷' },
  { key: 'monitoring', label: '防返贫监测' },
  { key: 'issues', label: '问题清单' },
  { key: 'imports', label: '导入记录' },
  { key: 'audit', label: '操作日志' },
  { key: 'backup', label: '备份与恢复' },
  { key: 'settings', label: '设置' },
] as const;

export type NavKey = (typeof NAV_ITEMS)[number]['key'];
/** Pages reachable from other pages but not listed in the navigation. */
export type RouteKey = NavKey | 'import' | 'print' | 'exchange';

const ROUTES = new Set<string>([...NAV_ITEMS.map((i) => i.key), 'import', 'print', 'exchange']);
// 概览 is the start page; with no data yet it says where to begin (import the county's roster).
const DEFAULT_ROUTE: RouteKey = 'overview';

function fromHash(): RouteKey {
  const key = location.hash.replace(/^#\/?/, '');
  return ROUTES.has(key) ? (key as RouteKey) : DEFAULT_ROUTE;
}

// The hash survives a reload and needs no router; the ?token= query of browser mode stays untouched.
export function navigate(route: RouteKey): void {
  location.hash = `/${route}`;
}

export function useRoute(): RouteKey {
  const [route, setRoute] = useState<RouteKey>(fromHash);
  useEffect(() => {
    const onChange = () => setRoute(fromHash());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
