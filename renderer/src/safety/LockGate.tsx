import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { LockStatus } from '../../../shared/api/safety';
import { invoke, LOCKED_EVENT } from '../api';
import { useAppInfo } from '../appInfo';
import { errorMessage } from '../lib/format';

interface LockValue {
  status: LockStatus | null;
  /** Locks now (the header's 锁定 button). */
  lock: () => void;
  /** Call after the lock was set up or turned off in the settings. */
  refresh: () => void;
}
const LockContext = createContext<LockValue>({ status: null, lock: () => {}, refresh: () => {} });
export const useLock = () => useContext(LockContext);

const ACTIVITY = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;
const IDLE_CHECK_MS = 5_000;

/**
 * 程序锁: when a password is set, the app starts behind this screen and returns to it after the
 * set idle minutes. The backend holds the locked state and answers nothing else meanwhile, so the
 * screen is not the only guard. While locked after use, the pages stay mounted (nothing typed is
 * lost) but hidden, and the screen covers any open drawer or dialog.
 */
export function LockGate({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<LockStatus | null>(null);
  const [opened, setOpened] = useState(false); // the pages have been shown once (after the first unlock)

  const apply = useCallback((s: LockStatus) => {
    setStatus(s);
    if (!s.locked) setOpened(true);
  }, []);
  const refresh = useCallback(() => {
    invoke('lock.status', {}).then(apply, () => apply({ enabled: false, locked: false, idleMinutes: 10 }));
  }, [apply]);
  useEffect(refresh, [refresh]);

  const lock = useCallback(() => {
    invoke('lock.lock', {}).then(apply, () => refresh());
  }, [apply, refresh]);

  // Any call the backend refused as locked (e.g. another tab locked it) shows the screen here too.
  useEffect(() => {
    const onLocked = () => setStatus((s) => (s ? { ...s, locked: true } : s));
    window.addEventListener(LOCKED_EVENT, onLocked);
    return () => window.removeEventListener(LOCKED_EVENT, onLocked);
  }, []);

  const enabled = !!status?.enabled, locked = !!status?.locked, idleMinutes = status?.idleMinutes ?? 10;
  useEffect(() => {
    if (!enabled || locked) return;
    let last = Date.now();
    const bump = () => { last = Date.now(); };
    for (const e of ACTIVITY) window.addEventListener(e, bump, { capture: true, passive: true });
    const timer = setInterval(() => { if (Date.now() - last >= idleMinutes * 60_000) lock(); }, IDLE_CHECK_MS);
    return () => {
      for (const e of ACTIVITY) window.removeEventListener(e, bump, { capture: true });
      clearInterval(timer);
    };
  }, [enabled, locked, idleMinutes, lock]);

  if (!status) return null;
  return (
    <LockContext.Provider value={{ status, lock, refresh }}>
      {opened && <div style={{ display: locked ? 'none' : 'contents' }}>{children}</div>}
      {locked && <LockScreen onUnlocked={apply} />}
    </LockContext.Provider>
  );
}

function LockScreen({ onUnlocked }: { onUnlocked: (s: LockStatus) => void }) {
  const { info } = useAppInfo();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { (document.activeElement as HTMLElement | null)?.blur?.(); }, []);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      onUnlocked(await invoke('lock.unlock', { password }));
    } catch (e) {
      setError(errorMessage(e));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      role="dialog" aria-modal="true" aria-label="程序已锁定" data-testid="lock-screen"
      style={{ position: 'fixed', inset: 0, zIndex: 3000, background: '#f3f5f8', display: 'flex', alignItems: 'center', justifyContent: 'center' }}
    >
      <Card style={{ width: 400 }}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>乡镇帮扶台账已锁定</Typography.Title>
        <Typography.Paragraph type="secondary">
          {info?.township ? `${info.township}。` : ''}为保护群众的身份证号、电话和银行账号，请输入程序锁密码后继续使用。
        </Typography.Paragraph>
        <Form layout="vertical" onFinish={submit}>
          <Form.Item label="程序锁密码" htmlFor="lock-password">
            <Input.Password id="lock-password" autoFocus value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" block loading={busy} disabled={!password}>解锁</Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16, marginBottom: 0 }}>
          忘记密码：请技术人员按使用说明“数据安全”一节，在本机关闭程序锁。
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
