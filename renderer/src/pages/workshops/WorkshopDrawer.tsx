import { Alert, App, AutoComplete, Button, Col, DatePicker, Drawer, Form, Input, Popconfirm, Row, Select, Space, Spin, Tabs } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import type { Village } from '../../../../shared/api/contract';
import type { Workshop, WorkshopDetail } from '../../../../shared/api/workshops';
import { validateCreditCode } from '../../../../shared/creditcode';
import { isValidPhone } from '../../../../shared/domain';
import { INDUSTRIES, WORKSHOP_STATUSES, type WorkshopStatus } from '../../../../shared/workshops';
import { invoke } from '../../api';
import { DATE_FORMAT, errorMessage } from '../../lib/format';
import { EmploymentsTab } from './EmploymentsTab';
import { fromDay, notAfterToday, StatusTag, toDay } from './format';
import { QualificationTab } from './QualificationTab';
import { StatusTab } from './StatusTab';
import { showFormError } from '../../lib/formError';

export type DrawerTab = 'info' | 'status' | 'employments' | 'qualification';

interface InfoValues {
  name: string;
  villageId?: number;
  entity?: string;
  creditCode?: string;
  leader?: string;
  phone?: string;
  industry?: string;
  recognizedDate?: Dayjs;
  status?: WorkshopStatus;
  note?: string;
}

const blank = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

function toValues(w: Workshop | null): Partial<InfoValues> {
  if (!w) return { status: '正常运营' };
  return {
    name: w.name, villageId: w.villageId ?? undefined, entity: w.entity ?? undefined, creditCode: w.creditCode ?? undefined, leader: w.leader ?? undefined,
    phone: w.phone ?? undefined, industry: w.industry ?? undefined, recognizedDate: toDay(w.recognizedDate), status: w.status, note: w.note ?? undefined,
  };
}

/**
 * The 统一社会信用代码 is checked on every keystroke. A code that came in with an old ledger and
 * fails the checksum is shown as a warning and may be kept; a new or changed one must pass.
 */
function creditCodeRules(original: string | null) {
  const check = (v: string | undefined) => (v && v.trim() ? validateCreditCode(v) : null);
  return [
    { validator: (_: unknown, v: string | undefined) => { const r = check(v); return !r || r.ok || r.code === original ? Promise.resolve() : Promise.reject(new Error(r.message)); } },
    { warningOnly: true, validator: (_: unknown, v: string | undefined) => { const r = check(v); return r && !r.ok && r.code === original ? Promise.reject(new Error(r.message)) : Promise.resolve(); } },
  ];
}
const phoneRule = {
  validator: (_: unknown, v: string | undefined) =>
    !v || isValidPhone(v.replace(/\s/g, '')) ? Promise.resolve() : Promise.reject(new Error('联系电话应为11位手机号或带区号的固定电话')),
};

function InfoForm({ workshop, villages, onSaved, onDeleted }: {
  workshop: Workshop | null; villages: Village[]; onSaved: (w: Workshop) => void; onDeleted: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<InfoValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const deleted = !!workshop?.deletedAt;

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(toValues(workshop));
    setError(null);
    // An imported code that fails the checksum shows its warning at once, not only after typing.
    if (workshop?.creditCodeProblem) void form.validateFields(['creditCode']).catch(() => {});
  }, [workshop, form]);

  const save = async (v: InfoValues) => {
    setSaving(true);
    setError(null);
    try {
      const input = {
        name: v.name.trim(), villageId: v.villageId ?? null, entity: blank(v.entity), creditCode: blank(v.creditCode), leader: blank(v.leader),
        phone: blank(v.phone), industry: blank(v.industry), recognizedDate: fromDay(v.recognizedDate), note: blank(v.note),
      };
      const saved = workshop ? await invoke('workshops.update', { ...input, id: workshop.id }) : await invoke('workshops.create', { ...input, status: v.status ?? '正常运营' });
      message.success(`已保存：${saved.name}`);
      onSaved(saved);
    } catch (e) {
      showFormError(form, e, setError);
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!workshop) return;
    try {
      await invoke('workshops.delete', { id: workshop.id });
      message.success(`已删除“${workshop.name}”，可在回收站恢复`);
      onDeleted();
    } catch (e) { setError(errorMessage(e)); }
  };
  const restore = async () => {
    if (!workshop) return;
    try { onSaved(await invoke('workshops.restore', { id: workshop.id })); message.success(`已恢复“${workshop.name}”`); } catch (e) { setError(errorMessage(e)); }
  };

  return (
    <>
      {deleted && <Alert type="warning" showIcon title="此车间已删除（在回收站中），恢复后才能修改。" style={{ marginBottom: 16 }} action={<Button size="small" onClick={restore}>恢复</Button>} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="workshop-form-error" />}
      <Form<InfoValues> form={form} name="workshop" layout="vertical" onFinish={save} disabled={deleted} data-testid="workshop-form" requiredMark>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label="车间名称" rules={[{ required: true, whitespace: true, message: '请填写车间名称' }, { max: 60, message: '车间名称不能超过60个字' }]}>
              <Input autoComplete="off" placeholder="如 沙垴来料加工帮扶车间" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="villageId" label="行政村" extra={villages.length ? undefined : '还没有村：请到“设置 → 村管理”添加'}>
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder="选择村" options={villages.map((v) => ({ value: v.id, label: v.name }))} />
            </Form.Item>
          </Col>
          <Col span={12}><Form.Item name="entity" label="经营主体"><Input autoComplete="off" placeholder="营业执照上的名称" /></Form.Item></Col>
          <Col span={12}>
            <Form.Item name="creditCode" label="统一社会信用代码" rules={creditCodeRules(workshop?.creditCode ?? null)} validateFirst>
              <Input maxLength={24} autoComplete="off" placeholder="18位，营业执照左上角" style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Col>
          <Col span={8}><Form.Item name="leader" label="负责人"><Input autoComplete="off" /></Form.Item></Col>
          <Col span={8}><Form.Item name="phone" label="联系电话" rules={[phoneRule]}><Input autoComplete="off" /></Form.Item></Col>
          <Col span={8}>
            <Form.Item name="industry" label="行业类别">
              <AutoComplete options={INDUSTRIES.map((v) => ({ value: v }))} placeholder="如 来料加工" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="recognizedDate" label="认定时间">
              <DatePicker format={DATE_FORMAT} disabledDate={notAfterToday} style={{ width: '100%' }} placeholder="选择日期" />
            </Form.Item>
          </Col>
          <Col span={8}>
            {workshop ? (
              <Form.Item label="运营状态" extra="在“运营状态”页变更，留有记录">
                <StatusTag status={workshop.status} />{workshop.statusDate ? ` 自 ${workshop.statusDate}` : ''}
              </Form.Item>
            ) : (
              <Form.Item name="status" label="运营状态" rules={[{ required: true, message: '请选择运营状态' }]}>
                <Select options={WORKSHOP_STATUSES.map((s) => ({ value: s, label: s }))} />
              </Form.Item>
            )}
          </Col>
          <Col span={24}><Form.Item name="note" label="备注"><Input.TextArea rows={2} maxLength={500} /></Form.Item></Col>
        </Row>
        <div style={{ display: 'flex', gap: 8 }}>
          <Button type="primary" htmlType="submit" loading={saving}>{workshop ? '保存' : '登记车间'}</Button>
          {workshop && !deleted && (
            <Popconfirm title={`删除“${workshop.name}”？`} description="删除后可在回收站恢复。" okText="删除" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={remove}>
              <Button danger style={{ marginLeft: 'auto' }}>删除车间</Button>
            </Popconfirm>
          )}
        </div>
      </Form>
    </>
  );
}

interface Props {
  open: boolean;
  /** null: register a new workshop. */
  workshopId: number | null;
  initialTab?: DrawerTab;
  villages: Village[];
  onClose: () => void;
  /** After any change: the list refreshes. */
  onChanged: () => void;
}

/** One workshop: its fields, status history, 务工台账, figures, qualification and subsidies. */
export function WorkshopDrawer({ open, workshopId, initialTab, villages, onClose, onChanged }: Props) {
  const [id, setId] = useState<number | null>(workshopId);
  const [detail, setDetail] = useState<WorkshopDetail | null>(null);
  const [tab, setTab] = useState<DrawerTab>(initialTab ?? 'info');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setId(workshopId); setTab(initialTab ?? 'info'); setDetail(null); setError(null);
  }, [open, workshopId, initialTab]);

  const load = useCallback(async () => {
    if (id == null) return;
    try { setDetail(await invoke('workshops.get', { id })); setError(null); } catch (e) { setError(errorMessage(e)); }
  }, [id]);
  useEffect(() => { if (open && id != null) void load(); }, [open, id, load]);

  const changed = useCallback(() => { void load(); onChanged(); }, [load, onChanged]);
  const w = detail?.workshop ?? null;
  const loading = id != null && !detail && !error;

  return (
    <Drawer
      open={open} onClose={onClose} size={1080} destroyOnHidden
      title={id == null ? '新增帮扶车间' : w ? <Space>{`帮扶车间：${w.name}`}<StatusTag status={w.status} /></Space> : '帮扶车间'}
    >
      <div data-testid="workshop-drawer">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        {loading ? <Spin /> : id == null ? (
          <InfoForm workshop={null} villages={villages} onDeleted={onClose}
            onSaved={(saved) => { onChanged(); setId(saved.id); setTab('employments'); }} />
        ) : w && detail ? (
          <Tabs
            activeKey={tab} onChange={(k) => setTab(k as DrawerTab)}
            items={[
              { key: 'info', label: '基本信息', children: <InfoForm workshop={w} villages={villages} onSaved={() => changed()} onDeleted={() => { onChanged(); onClose(); }} /> },
              { key: 'status', label: '运营状态', children: <StatusTab detail={detail} onChanged={(d) => { setDetail(d); onChanged(); }} /> },
              { key: 'employments', label: `务工台账（${w.source === 'employments' ? `在岗 ${w.employed} 人` : '未录入'}）`, children: <EmploymentsTab workshop={w} onChanged={changed} /> },
              { key: 'qualification', label: '认定与补助', children: <QualificationTab detail={detail} onChanged={changed} /> },
            ]}
          />
        ) : null}
      </div>
    </Drawer>
  );
}
