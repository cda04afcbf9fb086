import { Alert, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { invoke } from '../../api';
import { errorMessage } from '../../lib/format';

interface Props {
  month: string | null;
  onClose: () => void;
  onUnlocked: () => void;
}

/** 解锁本月: a correction after 发放 needs a reason (kept in the 操作日志) and, when set, the 程序锁 password. */
export function UnlockMonthDialog({ month, onClose, onUnlocked }: Props) {
  const [reason, setReason] = useState('');
  const [password, setPassword] = useState('');
  const [needsPassword, setNeedsPassword] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!month) return;
    setReason(''); setPassword(''); setError(null);
    invoke('lock.status', {}).then((s) => setNeedsPassword(s.enabled), () => setNeedsPassword(false));
  }, [month]);

  const ok = async () => {
    if (!reason.trim()) { setError('请写明解锁原因，例如：补发张三3月工资'); return; }
    if (needsPassword && !password) { setError('已设置程序锁：请输入程序锁密码'); return; }
    setBusy(true);
    try {
      await invoke('attendance.unlock', { month: month!, reason: reason.trim(), password: needsPassword ? password : undefined });
      onUnlocked();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={!!month} title={`解锁 ${month ?? ''}`} okText="解锁" cancelText="取消" onOk={() => void ok()} onCancel={onClose}
      confirmLoading={busy} okButtonProps={{ danger: true, 'data-testid': 'unlock-ok' }} destroyOnHidden
    >
      <p>解锁后本月考勤和工资可以再修改。解锁的原因和操作员会记入操作日志；改好后请重新锁定。</p>
      <Form layout="vertical">
        <Form.Item label="解锁原因" required>
          <Input.TextArea
            autoFocus rows={2} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)}
            placeholder="例如：补发张三3月工资" aria-label="解锁原因" data-testid="unlock-reason"
          />
        </Form.Item>
        {needsPassword && (
          <Form.Item label="程序锁密码" required>
            <Input.Password value={password} onChange={(e) => setPassword(e.target.value)} aria-label="程序锁密码" data-testid="unlock-password" onPressEnter={() => void ok()} />
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="unlock-error" />}
    </Modal>
  );
}
