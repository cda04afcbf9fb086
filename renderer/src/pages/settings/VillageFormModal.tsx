import { Alert, App, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import type { Village } from '../../../../shared/api/contract';
import { isVillageCode } from '../../../../shared/domain';
import { invoke } from '../../api';
import { errorMessage } from '../../lib/format';

interface Props {
  open: boolean;
  /** null adds a new village. */
  village: Village | null;
  onClose: () => void;
  onSaved: (v: Village) => void;
}

export function VillageFormModal({ open, village, onClose, onSaved }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; code?: string }>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ name: village?.name ?? '', code: village?.code ?? '' });
    setError(null);
  }, [open, village, form]);

  const save = async () => {
    let v: { name: string; code?: string };
    try { v = await form.validateFields(); } catch { return; } // the form shows what is wrong
    setSaving(true);
    try {
      const params = { name: v.name.trim(), code: v.code?.trim() || null };
      const saved = village ? await invoke('villages.update', { id: village.id, ...params }) : await invoke('villages.create', params);
      message.success(`已保存：${saved.name}`);
      onSaved(saved);
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={open} title={village ? `修改村：${village.name}` : '新增村'} okText="保存" cancelText="取消" onOk={save} onCancel={onClose} confirmLoading={saving} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} name="village" layout="vertical">
        <Form.Item name="name" label="村名" rules={[{ required: true, whitespace: true, message: '请输入村名' }, { max: 40, message: '村名不能超过40个字' }]}>
          <Input placeholder="如 李家庄村" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="code" label="村代码（12位行政区划代码）"
          rules={[{ validator: (_, c?: string) => (!c || isVillageCode(c.trim()) ? Promise.resolve() : Promise.reject(new Error('村代码应为12位数字'))) }]}
        >
          <Input maxLength={12} placeholder="可暂不填写" autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
