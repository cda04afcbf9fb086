import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { LOCK_PASSWORD_MIN } from '../../../shared/api/labels';
import { invoke } from '../api';
import { errorMessage } from '../lib/format';
import { useLock } from './LockGate';

interface Values { password: string; confirm: string; idleMinutes: number; currentPassword?: string }

/** 设置 › 程序锁: off by default; the password is kept only as a scrypt hash by the backend. */
export function LockSettingsCard() {
  const { message } = App.useApp();
  const { status, refresh } = useLock();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const enabled = !!status?.enabled;

  const save = async (v: Values) => {
    setBusy(true); setError(null);
    try {
      await invoke('lock.set', { password: v.password, idleMinutes: v.idleMinutes, currentPassword: enabled ? v.currentPassword ?? '' : undefined });
      form.resetFields(['password', 'confirm', 'currentPassword']);
      refresh();
      message.success(enabled ? '程序锁密码已修改' : '程序锁已开启：下次打开程序或离开超过设定时间时需要输入密码');
    } catch (e) { setError(errorMessage(e)); } finally { setBusy(false); }
  };

  const turnOff = async () => {
    const current = form.getFieldValue('currentPassword') as string | undefined;
    if (!current) { form.setFields([{ name: 'currentPassword', errors: ['关闭程序锁需要输入当前密码'] }]); return; }
    setBusy(true); setError(null);
    try {
      await invoke('lock.disable', { password: current });
      form.resetFields();
      refresh();
      message.success('程序锁已关闭');
    } catch (e) { setError(errorMessage(e)); } finally { setBusy(false); }
  };

  return (
    <Card title={<Space>程序锁{enabled ? <Tag color="green">已开启</Tag> : <Tag>未开启</Tag>}</Space>} data-testid="lock-settings">
      <Typography.Paragraph type="secondary">
        多人共用一台电脑时建议开启：打开程序时、离开电脑超过设定的分钟数后，要输入密码才能继续使用。密码只以加密摘要保存，忘记时请技术人员按使用说明关闭。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={save} name="lock" initialValues={{ idleMinutes: status?.idleMinutes ?? 10 }} key={String(enabled)}>
        <Row gutter={16}>
          {enabled && (
            <Col span={8}>
              <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
                <Input.Password autoComplete="current-password" />
              </Form.Item>
            </Col>
          )}
          <Col span={8}>
            <Form.Item name="password" label={enabled ? '新密码' : '密码'} rules={[{ required: true, message: '请输入密码' }, { min: LOCK_PASSWORD_MIN, message: `密码至少 ${LOCK_PASSWORD_MIN} 位` }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="confirm" label="再输入一次" dependencies={['password']}
              rules={[{ required: true, message: '请再输入一次密码' }, ({ getFieldValue }) => ({
                validator: (_, v) => (!v || v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))),
              })]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="idleMinutes" label="无操作多少分钟后锁定" rules={[{ required: true, message: '请输入分钟数' }]}>
              <InputNumber min={1} max={240} precision={0} suffix="分钟" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>{enabled ? '修改密码' : '开启程序锁'}</Button>
          {enabled && <Button danger onClick={turnOff} disabled={busy}>关闭程序锁</Button>}
        </Space>
      </Form>
    </Card>
  );
}
