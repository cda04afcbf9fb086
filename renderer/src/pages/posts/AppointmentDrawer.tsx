import { Alert, App, Button, Col, DatePicker, Descriptions, Drawer, Form, Input, InputNumber, Modal, Row, Select, Space, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import type { Person, Settings } from '../../../../shared/api/contract';
import type { Appointment, Post } from '../../../../shared/api/posts';
import { ageAt } from '../../../../shared/idcard';
import { EXIT_REASONS } from '../../../../shared/wages';
import { invoke } from '../../api';
import { DrawerFooter } from '../../components/DrawerFooter';
import { DATE_FORMAT, errorMessage } from '../../lib/format';
import { toFen, toYuanInput, yuan } from './money';
import { PersonPicker } from '../../components/PersonPicker';
import { ledgerNow, ledgerToday } from '../../clock';

interface FormValues {
  postId?: number;
  personId?: number;
  agreementNo?: string;
  startDate?: Dayjs;
  endDate?: Dayjs;
  wageYuan?: number;
  bankAccount?: string;
  bankName?: string;
  status: '在岗' | '待岗' | '离岗';
  remark?: string;
}

interface ExitValues { date?: Dayjs; reason?: (typeof EXIT_REASONS)[number]; note?: string }

const blank = (s: string | undefined) => (s && s.replace(/\s/g, '') ? s.trim() : null);

/** What opens the drawer: an appointment to edit, or a new one (optionally for a person / post, e.g. 再次聘用). */
export type AppointmentTarget =
  | { appointment: Appointment }
  | { appointment?: undefined; personId?: number; postId?: number };

interface Props {
  target: AppointmentTarget | null;
  onClose: () => void;
  onChanged: () => void;
  onReappoint: (personId: number, postId: number) => void;
}

function postLabel(p: Post): string {
  return `${p.villageName ?? '（未填村）'} · ${p.name}（${p.category}，${yuan(p.wageFen)} 元/月，在岗 ${p.activeHolders}/${p.headcount}）`;
}

/** The checks a clerk should see before appointing, in the words the 问题清单 uses. */
function personWarnings(p: Person, settings: Settings | null, activeElsewhere: Appointment[], onDate: string): string[] {
  const out: string[] = [];
  if (activeElsewhere.length) out.push(`一人多岗：此人已在“${activeElsewhere.map((a) => a.postName).join('、')}”在岗，应先退岗`);
  if (p.householdType === '一般户') out.push('非脱贫户/监测户：公益岗位应优先安置脱贫人口和监测对象');
  if (p.laborSkill === '丧失劳动力' || p.laborSkill === '无劳动力') out.push(`人岗不适：劳动技能为“${p.laborSkill}”`);
  if (!p.inRoster) out.push('不在县级名单：此人不在县里导出的人员名单中');
  if (p.birthDate && settings) {
    const age = ageAt(p.birthDate, onDate);
    const [min, max] = p.sex === '女' ? [settings.ageFemaleMin, settings.ageFemaleMax] : [settings.ageMaleMin, settings.ageMaleMax];
    if (age >= 70 || age < 16) out.push(`年龄不符：${age} 岁，不能聘用`);
    else if (age < min || age > max) out.push(`年龄不符：${age} 岁，超出${p.sex ?? ''} ${min}–${max} 岁`);
  }
  return out;
}

export function AppointmentDrawer({ target, onClose, onChanged, onReappoint }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [exitForm] = Form.useForm<ExitValues>();
  const open = !!target;
  const appointment = target?.appointment ?? null;
  const exited = appointment?.status === '离岗';
  const [posts, setPosts] = useState<Post[]>([]);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [person, setPerson] = useState<Person | null>(null);
  const [activeElsewhere, setActiveElsewhere] = useState<Appointment[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [exiting, setExiting] = useState(false);
  const postId = Form.useWatch('postId', form);
  const startDate = Form.useWatch('startDate', form);
  const exitReason = Form.useWatch('reason', exitForm);

  useEffect(() => {
    if (!open) return;
    setError(null);
    setPerson(null);
    setActiveElsewhere([]);
    form.resetFields();
    const a = target?.appointment;
    if (a) {
      form.setFieldsValue({
        postId: a.postId, personId: a.personId, agreementNo: a.agreementNo ?? undefined,
        startDate: dayjs(a.startDate), endDate: a.endDate ? dayjs(a.endDate) : undefined, wageYuan: toYuanInput(a.wageFen),
        bankAccount: a.bankAccount ?? undefined, bankName: a.bankName ?? undefined, status: a.status, remark: a.remark ?? undefined,
      });
    } else {
      form.setFieldsValue({ status: '在岗', startDate: ledgerNow(), postId: target?.postId, personId: target?.personId });
    }
    const personId = a ? a.personId : target?.personId;
    if (personId) invoke('persons.get', { id: personId }).then(setPerson, () => setPerson(null));
    invoke('posts.list', { status: '设立', limit: 1000 }).then((r) => setPosts(r.rows), (e) => setError(errorMessage(e)));
    invoke('settings.get', {}).then(setSettings, () => setSettings(null));
  }, [open, target, form]);

  // A new appointment takes the post's standard as its 月补贴 (the clerk may change it).
  useEffect(() => {
    if (!open || appointment || postId == null) return;
    const post = posts.find((p) => p.id === postId);
    if (post) form.setFieldValue('wageYuan', toYuanInput(post.wageFen));
  }, [open, appointment, postId, posts, form]);

  useEffect(() => {
    if (!person) { setActiveElsewhere([]); return; }
    invoke('appointments.list', { personId: person.id, status: '在岗', limit: 100 })
      .then((r) => setActiveElsewhere(r.rows.filter((x) => x.id !== appointment?.id)), () => setActiveElsewhere([]));
  }, [person, appointment]);

  const postOptions = useMemo(() => {
    const list = posts.map((p) => ({ value: p.id, label: postLabel(p) }));
    // A revoked post is not offered for new appointments but still shows on an old one.
    if (appointment && !posts.some((p) => p.id === appointment.postId)) {
      list.unshift({ value: appointment.postId, label: `${appointment.villageName ?? ''} · ${appointment.postName}` });
    }
    return list;
  }, [posts, appointment]);

  const warnings = person ? personWarnings(person, settings, activeElsewhere, (startDate ?? ledgerNow()).format(DATE_FORMAT)) : [];

  const save = async (v: FormValues) => {
    setSaving(true);
    setError(null);
    try {
      const input = {
        postId: v.postId!, personId: v.personId!, agreementNo: blank(v.agreementNo),
        startDate: v.startDate!.format(DATE_FORMAT), endDate: v.endDate ? v.endDate.format(DATE_FORMAT) : null,
        wageFen: toFen(v.wageYuan) ?? 0, bankAccount: blank(v.bankAccount)?.replace(/\s/g, '') ?? null, bankName: blank(v.bankName),
        status: v.status, remark: blank(v.remark),
      };
      const saved = appointment
        ? await invoke('appointments.update', { ...input, id: appointment.id })
        : await invoke('appointments.create', input);
      message.success(`已保存：${saved.personName} · ${saved.postName}`);
      onChanged();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const doExit = async (v: ExitValues) => {
    if (!appointment) return;
    try {
      const saved = await invoke('appointments.exit', {
        id: appointment.id, date: v.date!.format(DATE_FORMAT), reason: v.reason!, note: v.note?.trim() || null,
      });
      message.success(`${saved.personName} 已退岗（${saved.exitReason}）`);
      setExiting(false);
      onChanged();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setExiting(false);
    }
  };

  const footer = (
    <DrawerFooter saving={saving} readOnly={exited} onSave={() => form.submit()} onCancel={onClose}>
      {appointment && !exited && <Button danger onClick={() => setExiting(true)}>退岗</Button>}
      {appointment && exited && <Button onClick={() => onReappoint(appointment.personId, appointment.postId)}>再次聘用</Button>}
    </DrawerFooter>
  );

  return (
    <Drawer
      open={open} onClose={onClose} size={640} destroyOnHidden footer={footer}
      title={appointment ? `聘用：${appointment.personName} · ${appointment.postName}` : '新增聘用'}
    >
      {exited && appointment && (
        <Descriptions
          size="small" bordered column={1} style={{ marginBottom: 16 }} data-testid="exit-info"
          items={[
            { key: 's', label: '状态', children: <Tag>离岗</Tag> },
            { key: 'd', label: '退岗日期', children: appointment.exitDate ?? '' },
            { key: 'r', label: '退岗原因', children: appointment.exitReason ?? '' },
            ...(appointment.exitNote ? [{ key: 'n', label: '说明', children: appointment.exitNote }] : []),
          ]}
        />
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="appointment-form-error" />}
      {warnings.length > 0 && (
        <Alert
          type="warning" showIcon style={{ marginBottom: 16 }} data-testid="appointment-warnings" title="请注意"
          description={<ul style={{ margin: 0, paddingLeft: 18 }}>{warnings.map((w) => <li key={w}>{w}</li>)}</ul>}
        />
      )}
      <Form<FormValues> form={form} name="appointment" layout="vertical" onFinish={save} disabled={exited} data-testid="appointment-form" requiredMark>
        <Form.Item name="postId" label="岗位" rules={[{ required: true, message: '请选择岗位' }]}
          extra={posts.length || appointment ? undefined : '岗位库中还没有设立的岗位：请先在“岗位库”新增岗位'}>
          <Select showSearch={{ optionFilterProp: 'label' }} placeholder="选择岗位（村 · 岗位名称）" options={postOptions} />
        </Form.Item>
        <Form.Item name="personId" label="人员" rules={[{ required: true, message: '请选择人员' }]}>
          <PersonPicker initial={person} disabled={!!appointment} onPick={setPerson} fallbackLabel={appointment ? `${appointment.personName} · ${appointment.idNo}` : undefined} />
        </Form.Item>
        {person && (
          <div className="derived-line" data-testid="appointment-person">
            {person.sex ?? ''}　{person.birthDate ? `${ageAt(person.birthDate, ledgerToday())}岁` : ''}　{person.villageName ?? ''}　{person.householdType}　{person.laborSkill ?? ''}　{person.phone ?? ''}
          </div>
        )}
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="agreementNo" label="协议编号"><Input autoComplete="off" maxLength={40} /></Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="wageYuan" label="月补贴" rules={[{ required: true, message: '请输入月补贴' }]} extra="默认为岗位的补贴标准">
              <InputNumber min={0} precision={2} step={100} suffix="元" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="startDate" label="聘用开始日期" rules={[{ required: true, message: '请选择聘用开始日期' }]}>
              <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="endDate" label="聘用结束日期" dependencies={['startDate']}
              rules={[({ getFieldValue }) => ({
                validator: (_, v?: Dayjs) => {
                  const s = getFieldValue('startDate') as Dayjs | undefined;
                  return !v || !s || !v.isBefore(s, 'day') ? Promise.resolve() : Promise.reject(new Error('结束日期不能早于开始日期'));
                },
              })]}
            >
              <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="bankAccount" label="银行卡号" rules={[{ pattern: /^[\d\s]{0,30}$/, message: '银行卡号只能是数字' }]}>
              <Input autoComplete="off" maxLength={30} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="bankName" label="开户行"><Input autoComplete="off" maxLength={40} placeholder="如 昔阳县农村信用合作联社" /></Form.Item>
          </Col>
          {appointment && !exited && (
            <Col span={12}>
              <Form.Item name="status" label="状态" extra="离岗请用“退岗”办理，会记下日期和原因">
                <Select options={[{ value: '在岗', label: '在岗' }, { value: '待岗', label: '待岗' }]} />
              </Form.Item>
            </Col>
          )}
          <Col span={24}>
            <Form.Item name="remark" label="备注"><Input.TextArea rows={2} maxLength={500} /></Form.Item>
          </Col>
        </Row>
      </Form>
      <Modal
        open={exiting} title={`退岗：${appointment?.personName ?? ''}`} okText="确认退岗" cancelText="取消" okButtonProps={{ danger: true }}
        onOk={() => exitForm.submit()} onCancel={() => setExiting(false)} destroyOnHidden
      >
        <Form<ExitValues> form={exitForm} name="exit" layout="vertical" onFinish={doExit} data-testid="exit-form" initialValues={{ date: ledgerNow() }}>
          <Space align="start" style={{ width: '100%' }} wrap>
            <Form.Item name="date" label="退岗日期" rules={[{ required: true, message: '请选择退岗日期' }]}>
              <DatePicker format={DATE_FORMAT} />
            </Form.Item>
            <Form.Item name="reason" label="退岗原因" rules={[{ required: true, message: '请选择退岗原因' }]} style={{ minWidth: 220 }}>
              <Select options={EXIT_REASONS.map((r) => ({ value: r, label: r }))} />
            </Form.Item>
          </Space>
          <Form.Item
            name="note" label="说明"
            rules={[{ required: exitReason === '其他', whitespace: true, message: '原因为“其他”时请写明' }]}
          >
            <Input.TextArea rows={2} maxLength={500} placeholder={exitReason === '其他' ? '请写明退岗原因' : '可不填'} />
          </Form.Item>
        </Form>
        <p style={{ color: '#6b7280', margin: 0 }}>退岗后聘用记录保留（状态为离岗），此人以后可以再次聘用。</p>
      </Modal>
    </Drawer>
  );
}
