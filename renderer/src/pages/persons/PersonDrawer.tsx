import { Alert, App, Button, Col, Drawer, Form, Input, InputNumber, Popconfirm, Radio, Row, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import type { Person, PersonInput, Village } from '../../../../shared/api/contract';
import { HOUSEHOLD_TYPES, LABOR_SKILLS, MONITOR_CATEGORIES, RELATIONS, isValidPhone, type HouseholdType } from '../../../../shared/domain';
import { ageAt, validateId } from '../../../../shared/idcard';
import { ledgerToday } from '../../clock';
import { invoke } from '../../api';
import { showFormError } from '../../lib/formError';
import { navigate } from '../../navigation';
import { setPastedImport } from '../import/pasteIntent';
import { fieldLabel } from '../../../../shared/fields';

interface FormValues {
  idNo: string;
  name: string;
  villageId?: number;
  householdNo?: string;
  householdType: HouseholdType;
  monitorCategory?: string;
  riskEliminated?: boolean;
  exitYear?: number;
  relation?: string;
  laborSkill?: string;
  phone?: string;
}

const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));
const blank = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

function toValues(p: Person | null): Partial<FormValues> {
  if (!p) return { householdType: '脱贫户' };
  return {
    idNo: p.idNo, name: p.name, villageId: p.villageId ?? undefined, householdNo: p.householdNo ?? undefined,
    householdType: p.householdType, monitorCategory: p.monitorCategory ?? undefined, riskEliminated: p.riskEliminated ?? undefined,
    exitYear: p.exitYear ?? undefined, relation: p.relation ?? undefined, laborSkill: p.laborSkill ?? undefined, phone: p.phone ?? undefined,
  };
}

function toInput(v: FormValues): PersonInput {
  const monitored = v.householdType === '监测户';
  return {
    idNo: v.idNo, name: v.name.trim(), villageId: v.villageId ?? null, householdNo: blank(v.householdNo),
    householdType: v.householdType,
    monitorCategory: monitored ? v.monitorCategory ?? null : null,
    riskEliminated: monitored ? v.riskEliminated ?? null : null,
    exitYear: v.householdType === '脱贫户' ? v.exitYear ?? null : null,
    relation: v.relation ?? null, laborSkill: v.laborSkill ?? null, phone: blank(v.phone),
  };
}

/** The same rule the backend applies, run on every keystroke so the clerk sees the problem while typing. */
const idRule = {
  validator: (_: unknown, value: string | undefined) => {
    if (!value || !value.trim()) return Promise.reject(new Error('请输入身份证号'));
    const r = validateId(value, ledgerToday());
    return r.ok ? Promise.resolve() : Promise.reject(new Error(r.message));
  },
};
const phoneRule = {
  validator: (_: unknown, value: string | undefined) =>
    !value || isValidPhone(value.replace(/\s/g, '')) ? Promise.resolve() : Promise.reject(new Error('电话应为11位手机号或带区号的固定电话')),
};

function IdDerived({ idNo }: { idNo: string | undefined }) {
  const r = idNo ? validateId(idNo, ledgerToday()) : null;
  if (!r?.ok) return <div className="derived-line" data-testid="id-derived">性别和出生日期由身份证号自动得出</div>;
  const today = ledgerToday();
  return (
    <div className="derived-line" data-testid="id-derived">
      性别：{r.info.sex}　出生日期：{r.info.birthDate}　年龄：{ageAt(r.info.birthDate, today)}岁
    </div>
  );
}

interface Props {
  open: boolean;
  person: Person | null;
  villages: Village[];
  onClose: () => void;
  /** After a save, delete or restore: the list refreshes. */
  onChanged: () => void;
}

export function PersonDrawer({ open, person, villages, onClose, onChanged }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const idNo = Form.useWatch('idNo', form);
  const householdType = Form.useWatch('householdType', form);
  const deleted = !!person?.deletedAt;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(toValues(person));
    setError(null);
  }, [open, person, form]);

  const showApiError = (e: unknown) => showFormError(form, e, setError);

  const save = async (values: FormValues) => {
    setSaving(true);
    setError(null);
    try {
      const input = toInput(values);
      const saved = person ? await invoke('persons.update', { ...input, id: person.id }) : await invoke('persons.create', input);
      message.success(`已保存：${saved.name}`);
      onChanged();
      onClose();
    } catch (e) {
      showApiError(e);
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!person) return;
    try {
      await invoke('persons.delete', { id: person.id });
      message.success(`已删除“${person.name}”，可在回收站恢复`);
      onChanged();
      onClose();
    } catch (e) { showApiError(e); }
  };

  const restore = async () => {
    if (!person) return;
    try {
      await invoke('persons.restore', { id: person.id });
      message.success(`已恢复“${person.name}”`);
      onChanged();
      onClose();
    } catch (e) { showApiError(e); }
  };

  const footer = deleted ? (
    <Space><Button type="primary" onClick={restore}>恢复</Button><Button onClick={onClose}>关闭</Button></Space>
  ) : (
    <div style={{ display: 'flex', gap: 8 }}>
      <Button type="primary" loading={saving} onClick={() => form.submit()}>保存</Button>
      <Button onClick={onClose}>取消</Button>
      {person && (
        <Popconfirm title={`删除“${person.name}”？`} description="删除后可在回收站恢复。" okText="删除" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={remove}>
          <Button danger style={{ marginLeft: 'auto' }}>删除</Button>
        </Popconfirm>
      )}
    </div>
  );

  return (
    <Drawer
      open={open} onClose={onClose} size={560} destroyOnHidden footer={footer}
      title={person ? `${deleted ? '回收站：' : '编辑人员：'}${person.name}` : '新增人员'}
    >
      {deleted && <Alert type="warning" showIcon title="此人已删除（在回收站中），恢复后才能修改。" style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="person-form-error" />}
      {/* A whole row copied from Excel/WPS (cells separated by tabs) is not one field's value: it goes through the
          import preview instead of putting tab characters into 身份证号. */}
      <div onPasteCapture={person ? undefined : (e) => {
        const text = e.clipboardData.getData('text/plain');
        if (!text.includes('\t') || !setPastedImport(text)) return;
        e.preventDefault();
        onClose();
        navigate('import');
      }}>
      <Form<FormValues> form={form} name="person" layout="vertical" onFinish={save} disabled={deleted} data-testid="person-form" requiredMark>
        <Form.Item name="idNo" label="身份证号" rules={[idRule]} validateFirst>
          <Input maxLength={22} placeholder="18位，最后一位可能是X" autoComplete="off" />
        </Form.Item>
        <IdDerived idNo={idNo} />
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }, { max: 50, message: '姓名不能超过50个字' }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="villageId" label="村" extra={villages.length ? undefined : '还没有村：请到“设置 → 村管理”添加'}>
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder="选择村" options={villages.map((v) => ({ value: v.id, label: v.name }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="householdNo" label="户编号"><Input autoComplete="off" /></Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="householdType" label="户类型" rules={[{ required: true, message: '请选择户类型' }]}>
              <Select options={options(HOUSEHOLD_TYPES)} />
            </Form.Item>
          </Col>
          {householdType === '监测户' && (
            <>
              <Col span={12}>
                <Form.Item name="monitorCategory" label={fieldLabel('monitorCategory')} rules={[{ required: true, message: '监测户请选择监测对象类别' }]}>
                  <Select options={options(MONITOR_CATEGORIES)} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="riskEliminated" label="风险是否消除">
                  <Radio.Group options={[{ value: true, label: '是' }, { value: false, label: '否' }]} />
                </Form.Item>
              </Col>
            </>
          )}
          {householdType === '脱贫户' && (
            <Col span={12}>
              <Form.Item name="exitYear" label="脱贫年度">
                <InputNumber min={2013} max={2100} precision={0} style={{ width: '100%' }} placeholder="如 2019" />
              </Form.Item>
            </Col>
          )}
          <Col span={12}>
            <Form.Item name="relation" label="与户主关系">
              <Select allowClear options={options(RELATIONS)} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="laborSkill" label="劳动技能">
              <Select allowClear options={options(LABOR_SKILLS)} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="phone" label="电话" rules={[phoneRule]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      </div>
    </Drawer>
  );
}
