import { Alert, App, AutoComplete, Button, Col, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Row, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import type { Employment, Workshop } from '../../../../shared/api/workshops';
import { validateId } from '../../../../shared/idcard';
import { EMPLOYMENT_CHANNELS } from '../../../../shared/workshops';
import { downloadBase64, invoke } from '../../api';
import { DataGrid, type GridQuery } from '../../components/DataGrid';
import { PersonPicker } from '../../components/PersonPicker';
import { DATE_FORMAT, errorMessage } from '../../lib/format';
import { fenToInput, fromDay, inputToFen, notAfterToday, toDay, todayDay } from './format';
import { showFormError } from '../../lib/formError';
import { employmentColumns } from './employmentColumns';
import { ledgerToday } from '../../clock';

interface Values {
  idNo: string;
  name: string;
  startDate: Dayjs;
  endDate?: Dayjs;
  contractMonths?: number;
  wageYuan?: number;
  channel?: string;
  note?: string;
}

const idRule = {
  validator: (_: unknown, v: string | undefined) => {
    if (!v || !v.trim()) return Promise.reject(new Error('请输入身份证号'));
    const r = validateId(v, ledgerToday());
    return r.ok ? Promise.resolve() : Promise.reject(new Error(r.message));
  },
};

function EmploymentModal({ open, workshop, employment, onClose, onSaved }: {
  open: boolean; workshop: Workshop; employment: Employment | null; onClose: () => void; onSaved: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const e = employment;
  // The form mounts fresh each time the dialog opens (destroyOnHidden), so initial values are enough.
  const initial: Partial<Values> = e ? {
    idNo: e.idNo, name: e.name, startDate: toDay(e.startDate), endDate: toDay(e.endDate), contractMonths: e.contractMonths ?? undefined,
    wageYuan: fenToInput(e.monthlyWageFen), channel: e.channel ?? undefined, note: e.note ?? undefined,
  } : { startDate: todayDay() };
  const close = () => { setError(null); onClose(); };

  const save = async (v: Values) => {
    setSaving(true);
    setError(null);
    try {
      const input = {
        idNo: v.idNo, name: v.name.trim(), startDate: fromDay(v.startDate)!, endDate: fromDay(v.endDate), contractMonths: v.contractMonths ?? null,
        monthlyWageFen: inputToFen(v.wageYuan), channel: v.channel?.trim() || null, note: v.note?.trim() || null,
      };
      const saved = employment ? await invoke('employments.update', { ...input, id: employment.id }) : await invoke('employments.create', { ...input, workshopId: workshop.id });
      message.success(`已保存：${saved.name}`);
      onSaved();
      close();
    } catch (e) {
      showFormError(form, e, setError);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open} title={employment ? `编辑务工记录：${employment.name}` : `添加务工人员：${workshop.name}`} width={720} okText="保存" cancelText="取消"
      confirmLoading={saving} onCancel={close} onOk={() => form.submit()} destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="employment-form-error" />}
      <Form<Values> form={form} name="employment" layout="vertical" onFinish={save} initialValues={initial} data-testid="employment-form" requiredMark>
        {!employment && (
          <Form.Item label="从人员名单选择" extra="不在人员名单中的务工人员（一般户）也可以直接填写身份证号和姓名">
            <PersonPicker value={null} onPick={(p) => { if (p) form.setFieldsValue({ idNo: p.idNo, name: p.name }); }} testId="employment-person-picker"
              placeholder="输入姓名、拼音首字母或身份证号，从人员名单中选择" />
          </Form.Item>
        )}
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="idNo" label="身份证号" rules={[idRule]} validateFirst>
              <Input maxLength={22} autoComplete="off" disabled={!!employment} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
              <Input autoComplete="off" disabled={!!employment} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="startDate" label="入职日期" rules={[{ required: true, message: '请选择入职日期' }]}>
              <DatePicker format={DATE_FORMAT} disabledDate={notAfterToday} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {employment && (
            <Col span={8}>
              <Form.Item name="endDate" label="离职日期" extra="在岗请留空">
                <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
          <Col span={8}>
            <Form.Item name="contractMonths" label="合同期限" rules={[{ required: true, message: '请填写劳动合同期限（月）' }]}>
              <InputNumber min={0} max={600} precision={0} suffix="个月" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="wageYuan" label="月工资" rules={[{ required: true, message: '请填写月工资' }]}>
              <InputNumber min={0} precision={2} suffix="元" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="channel" label="就业渠道">
              <AutoComplete options={EMPLOYMENT_CHANNELS.map((c) => ({ value: c }))} placeholder="如 村委推荐" />
            </Form.Item>
          </Col>
          <Col span={employment ? 16 : 24}>
            <Form.Item name="note" label="备注"><Input autoComplete="off" maxLength={200} /></Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

function LeaveModal({ employment, onClose, onSaved }: { employment: Employment | null; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ endDate: Dayjs; reason?: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async (v: { endDate: Dayjs; reason?: string }) => {
    if (!employment) return;
    setSaving(true);
    setError(null);
    try {
      await invoke('employments.leave', { id: employment.id, endDate: fromDay(v.endDate)!, reason: v.reason?.trim() || null });
      message.success(`已登记 ${employment.name} 离职`);
      setError(null);
      onSaved();
      onClose();
    } catch (e) { setError(errorMessage(e)); } finally { setSaving(false); }
  };
  return (
    <Modal
      open={!!employment} title={`登记离职：${employment?.name ?? ''}`} okText="确认离职" cancelText="取消" confirmLoading={saving} destroyOnHidden
      onCancel={() => { setError(null); onClose(); }} onOk={() => form.submit()}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} name="leave" layout="vertical" onFinish={save} initialValues={{ endDate: todayDay() }} data-testid="leave-form">
        <Form.Item name="endDate" label="离职日期" extra="最后一天在岗的日期" rules={[{ required: true, message: '请选择离职日期' }]}>
          <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label="离职原因"><Input placeholder="如 外出务工、车间停产、本人辞职" autoComplete="off" maxLength={100} /></Form.Item>
      </Form>
    </Modal>
  );
}

/** The workshop's 务工台账 in the one grid: who works there, on what terms, and whether they count toward 认定. */
export function EmploymentsTab({ workshop, onChanged }: { workshop: Workshop; onChanged: () => void }) {
  const { message } = App.useApp();
  const [reloadKey, setReloadKey] = useState(0);
  const [editing, setEditing] = useState<{ employment: Employment | null } | null>(null);
  const [leaving, setLeaving] = useState<Employment | null>(null);
  const changed = useCallback(() => { setReloadKey((k) => k + 1); onChanged(); }, [onChanged]);

  const remove = useCallback(async (e: Employment) => {
    try {
      await invoke('employments.delete', { id: e.id });
      message.success(`已删除 ${e.name} 的务工记录`);
      changed();
    } catch (err) { message.error(errorMessage(err)); }
  }, [changed, message]);

  const columns = useMemo(() => employmentColumns((e) => (
    <Space size={4} onClick={(ev) => ev.stopPropagation()}>
      {!e.endDate && <Button size="small" onClick={() => setLeaving(e)}>离职</Button>}
      {!e.subsidized && (
        <Popconfirm title={`删除 ${e.name} 的务工记录？`} description="登记错了才删除；已离开请用“离职”。" okText="删除" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={() => remove(e)}>
          <Button size="small" danger>删除</Button>
        </Popconfirm>
      )}
    </Space>
  )), [remove]);

  const fetchRows = useCallback((q: GridQuery) => invoke('employments.query', {
    workshopId: workshop.id, offset: q.offset, limit: q.limit, sort: q.sort, name: typeof q.filters.name === 'string' ? q.filters.name : undefined,
  }), [workshop.id]);

  const exportLedger = async () => {
    try { const f = await invoke('export.employments', { workshopId: workshop.id }); downloadBase64(f.fileName, f.base64); }
    catch (e) { message.error(`导出失败：${errorMessage(e)}`); }
  };

  const closed = workshop.status === '已退出' || !!workshop.deletedAt;
  return (
    <div className="workshop-employments" data-testid="workshop-employments">
      {workshop.source === 'reported' && (
        <Alert type="info" showIcon style={{ marginBottom: 8 }}
          title={`目前的人数来自导入的车间台账（吸纳就业 ${workshop.reportedEmployed ?? 0} 人，其中脱贫劳动力 ${workshop.reportedPoor ?? 0} 人）。录入或导入务工台账后，人数按务工台账计算。`} />
      )}
      <DataGrid<Employment>
        gridId="workshop-employments" testId="employments-grid" columns={columns} fetchRows={fetchRows} rowKey={(e) => e.id}
        reloadKey={reloadKey} resetKey={workshop.id} exportName={`${workshop.name}务工台账`} emptyText="还没有务工人员"
        onRowClick={(e) => setEditing({ employment: e })}
        toolbar={(
          <>
            <Button type="primary" onClick={() => setEditing({ employment: null })} disabled={closed}>添加务工人员</Button>
            <Button onClick={exportLedger}>导出务工台账</Button>
          </>
        )}
      />
      <EmploymentModal open={!!editing} workshop={workshop} employment={editing?.employment ?? null} onClose={() => setEditing(null)} onSaved={changed} />
      <LeaveModal employment={leaving} onClose={() => setLeaving(null)} onSaved={changed} />
    </div>
  );
}
