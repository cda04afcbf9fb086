import { App, Button, Input, Modal, Popover, Space } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { invoke, setOperatorPrompt } from '../api';
import { useAppInfo } from '../appInfo';
import { errorMessage } from '../lib/format';
import { useLock } from './LockGate';

/** Saves the operator alone: the backend keeps every other setting as it is. */
async function saveOperator(name: string): Promise<string> {
  return (await invoke('settings.update', { operator: name })).operator;
}

function OperatorForm({ initial, onSaved, compact }: { initial: string; onSaved: (name: string) => void; compact?: boolean }) {
  const { message } = App.useApp();
  const [name, setName] = useState(initial);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const n = name.trim();
    if (!n) { message.warning('请填写您的姓名'); return; }
    setBusy(true);
    try { onSaved(await saveOperator(n)); message.success(`操作员：${n}`); } catch (e) { message.error(errorMessage(e)); } finally { setBusy(false); }
  };
  return (
    <Space.Compact size="small">
      <Input
        aria-label="本次操作员" placeholder="您的姓名" value={name} maxLength={20} style={{ width: compact ? 110 : 140 }}
        onChange={(e) => setName(e.target.value)} onPressEnter={submit} autoFocus={!compact}
      />
      {/* Not 确定: every dialog has one, and this prompt sits on every page of a fresh install. */}
      <Button type="primary" loading={busy} onClick={submit}>确认姓名</Button>
    </Space.Compact>
  );
}

/**
 * The header's right end: who is working (recorded on every change; asked for when empty, the
 * first start on a new PC) and, with the 程序锁 on, a 锁定 button for leaving the desk.
 */
export function HeaderSafety() {
  const { info, refresh } = useAppInfo();
  const { status, lock } = useLock();
  const [operator, setOperator] = useState<string | null>(null);
  const [changing, setChanging] = useState(false);

  // Re-read when anything in the header changed (e.g. the settings page saved the operator).
  useEffect(() => {
    invoke('settings.get', {}).then((s) => setOperator(s.operator), () => setOperator(null));
  }, [info]);

  const saved = (name: string) => { setOperator(name); setChanging(false); refresh(); };

  // The first change of a session without a name: one prompt, then the change goes through. The name is kept
  // in this computer's ledger, so the next session starts with it (更换 when someone else sits down).
  const [asking, setAsking] = useState(false);
  const pending = useRef<((ok: boolean) => void)[]>([]);
  useEffect(() => {
    setOperatorPrompt(() => new Promise<boolean>((resolve) => { pending.current.push(resolve); setAsking(true); }));
    return () => setOperatorPrompt(null);
  }, []);
  const settle = (ok: boolean) => { const all = pending.current; pending.current = []; setAsking(false); all.forEach((r) => r(ok)); };

  return (
    <span style={{ marginLeft: 'auto', display: 'inline-flex', alignItems: 'center', gap: 12, whiteSpace: 'nowrap' }}>
      {operator === '' && (
        <span className="app-header-item" data-testid="operator-prompt" style={{ display: 'inline-flex', alignItems: 'center', gap: 6, overflow: 'visible' }}>
          请填写操作员（记在每次修改上）：<OperatorForm initial="" onSaved={saved} compact />
        </span>
      )}
      {!!operator && (
        <span className="app-header-item" data-testid="header-operator">
          操作员：{operator}
          <Popover
            open={changing} onOpenChange={setChanging} trigger="click" placement="bottomRight" title="更换操作员"
            content={<OperatorForm initial={operator} onSaved={saved} />}
          >
            <Button type="link" size="small">更换</Button>
          </Popover>
        </span>
      )}
      {status?.enabled && <Button size="small" onClick={lock} data-testid="lock-now">锁定</Button>}
      <Modal open={asking} title="请填写操作员姓名" footer={null} onCancel={() => settle(false)} destroyOnHidden data-testid="operator-required">
        <p>每次修改都会记下是谁做的（操作日志）。填写一次，这台电脑以后会记住；换人时点页面顶部的“更换”。</p>
        <OperatorForm initial="" onSaved={(name) => { saved(name); settle(true); }} />
      </Modal>
    </span>
  );
}
