import { Alert, Button, DatePicker, Empty, Form, Input, Modal, Select, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { WorkshopDetail } from '../../../../shared/api/workshops';
import { WORKSHOP_STATUSES, type WorkshopStatus } from '../../../../shared/workshops';
import { invoke } from '../../api';
import { DATE_FORMAT, formatDateTime } from '../../lib/format';
import { fromDay, notAfterToday, StatusTag, todayDay } from './format';
import { showFormError } from '../../lib/formError';

interface Values { status: WorkshopStatus; date: Dayjs; reason: string; measures?: string }

const TIMELINE_COLORS: Record<WorkshopStatus, string> = { 正常运营: 'green', 经营困难: 'orange', 停产: 'red', 已退出: 'gray' };

/** 动态管理: the dated history (newest first) and the 变更状态 dialog. */
export function StatusTab({ detail, onChanged }: { detail: WorkshopDetail; onChanged: (d: WorkshopDetail) => void }) {
  const w = detail.workshop;
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Values>();
  const status = Form.useWatch('status', form);
  const stopping = (status === '停产' || status === '已退出') && w.source === 'employments' && w.employed > 0;

  const start = () => { setError(null); setOpen(true); };

  const save = async (v: Values) => {
    setSaving(true);
    setError(null);
    try {
      const d = await invoke('workshops.changeStatus', { id: w.id, status: v.status, date: fromDay(v.date)!, reason: v.reason.trim(), measures: v.measures?.trim() || null });
      onChanged(d);
      setOpen(false);
    } catch (e) {
      showFormError(form, e, setError);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid="workshop-status">
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, marginBottom: 16 }}>
        <span>当前状态：<StatusTag status={w.status} />{w.statusDate ? `自 ${w.statusDate}` : ''}</span>
        <Button type="primary" onClick={start} disabled={!!w.deletedAt} style={{ marginLeft: 'auto' }}>变更状态</Button>
      </div>
      {detail.history.length ? (
        <Timeline
          data-testid="status-history"
          items={detail.history.map((h) => ({
            key: h.id,
            color: TIMELINE_COLORS[h.toStatus],
            content: (
              <div className="status-entry" data-testid="status-entry">
                <div><b style={{ marginRight: 8 }}>{h.changedOn}</b>{h.fromStatus ? <>{h.fromStatus} → </> : null}<StatusTag status={h.toStatus} /></div>
                {h.reason && <div>原因：{h.reason}</div>}
                {h.measures && <div>帮扶措施：{h.measures}</div>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{h.operator || '录入员'} 记录于 {formatDateTime(h.createdAt)}</Typography.Text>
              </div>
            ),
          }))}
        />
      ) : <Empty description="还没有状态记录" />}
      <Modal
        open={open} title={`变更状态：${w.name}`} okText="确认变更" cancelText="取消" confirmLoading={saving} destroyOnHidden
        onCancel={() => setOpen(false)} onOk={() => form.submit()}
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="status-form-error" />}
        <Form<Values> form={form} name="workshopStatus" layout="vertical" onFinish={save} initialValues={{ date: todayDay() }} data-testid="status-form" requiredMark>
          <Form.Item name="status" label="新状态" rules={[{ required: true, message: '请选择新状态' }]}>
            <Select options={WORKSHOP_STATUSES.filter((s) => s !== w.status).map((s) => ({ value: s, label: s }))} placeholder="选择" />
          </Form.Item>
          {stopping && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`务工台账中还有 ${w.employed} 人在岗。车间${status}后，请给他们登记离职日期，否则问题清单会提示（W03）。`} />}
          <Form.Item name="date" label="变更日期" rules={[{ required: true, message: '请选择变更日期' }]} extra="状态实际发生变化的日期">
            <DatePicker format={DATE_FORMAT} disabledDate={notAfterToday} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="reason" label="变更原因" rules={[{ required: true, whitespace: true, message: '请填写变更原因' }, { max: 200, message: '不超过200字' }]}>
            <Input placeholder="如 订单减少、厂房维修、已复工" autoComplete="off" />
          </Form.Item>
          {status === '经营困难' && (
            <Form.Item name="measures" label="帮扶措施" rules={[{ required: true, whitespace: true, message: '车间经营困难时请填写帮扶措施' }, { max: 500, message: '不超过500字' }]}
              extra="如 协调订单、落实稳岗补贴、减免租金、技能培训">
              <Input.TextArea rows={3} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </div>
  );
}
