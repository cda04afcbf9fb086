import {
  Alert, App, AutoComplete, Button, Checkbox, Col, DatePicker, Descriptions, Divider, Drawer, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Switch, Table,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import type { Settings } from '../../../../shared/api/contract';
import type { LoanDetail, LoanInput, LoanStatus } from '../../../../shared/api/loans';
import { COMMON_BANKS, LOAN_STATUSES } from '../../../../shared/api/labels';
import { ageAt } from '../../../../shared/idcard';
import { addMonths } from '../../../../shared/interest';
import { ApiError, invoke } from '../../api';
import { useAsOf } from '../../asOf';
import { DATE_FORMAT, errorMessage } from '../../lib/format';
import { PersonPicker, type PickedPerson } from '../../components/PersonPicker';
import { DrawerFooter } from '../../components/DrawerFooter';

type Borrower = PickedPerson;
import { StatusTag } from './loanColumns';
import { fenToInput, rateInput, ratioInput, toFen, toRateE6, toRatioBp, yuanText } from './format';
import { showFormError } from '../../lib/formError';
import { ledgerNow } from '../../clock';

interface FormValues {
  personId?: number;
  bank?: string;
  contractNo?: string;
  amountYuan?: string;
  issueDate?: Dayjs;
  termMonths?: number;
  dueDate?: Dayjs;
  ratePercent?: string;
  ratioPercent?: string;
  subsidized: boolean;
  additional: boolean;
  purpose?: string;
  status: LoanStatus;
  overdueSince?: Dayjs;
  settledDate?: Dayjs;
  note?: string;
}

const FORM_FIELDS = new Set(['personId', 'bank', 'contractNo', 'amountYuan', 'issueDate', 'termMonths', 'dueDate', 'ratePercent', 'ratioPercent', 'status', 'overdueSince', 'settledDate']);
const PURPOSES = ['种植业', '养殖业', '农产品加工', '乡村旅游', '商贸流通', '其他生产经营'];
const d = (s: string | null | undefined) => (s ? dayjs(s) : undefined);
const iso = (v: Dayjs | null | undefined) => (v ? v.format(DATE_FORMAT) : null);
const blank = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

function toValues(l: LoanDetail | null, s: Settings | null): Partial<FormValues> {
  if (!l) return { status: '正常', subsidized: true, additional: false, ratioPercent: '100', ratePercent: s ? rateInput(s.loanLprE6) : undefined, termMonths: 36 };
  return {
    personId: l.personId, bank: l.bank ?? undefined, contractNo: l.contractNo ?? undefined, amountYuan: fenToInput(l.amountFen),
    issueDate: d(l.issueDate), termMonths: l.termMonths ?? undefined, dueDate: d(l.dueDate), ratePercent: rateInput(l.rateE6),
    ratioPercent: ratioInput(l.ratioBp), subsidized: l.subsidized, additional: l.additional, purpose: l.purpose ?? undefined, status: l.status,
    overdueSince: d(l.overdueSince), settledDate: d(l.settledDate), note: l.note ?? undefined,
  };
}

/** Age at issue and the borrower's standing, shown under the picker before saving. */
function BorrowerChecks({ borrower, issueDate, settings }: { borrower: Borrower | null; issueDate: Dayjs | undefined; settings: Settings | null }) {
  if (!borrower) return <div className="derived-line">从人员名单中选择借款人（户主或家庭成员）</div>;
  const age = borrower.birthDate && issueDate ? ageAt(borrower.birthDate, issueDate.format(DATE_FORMAT)) : null;
  const min = settings?.loanAgeMin ?? 18, max = settings?.loanAgeMax ?? 65;
  const problems: string[] = [];
  if (age != null && (age < min || age > max)) problems.push(`放款时借款人 ${age} 岁，不在 ${min}–${max} 岁之间（保存后列入问题清单 L03）`);
  if (!borrower.inRoster) problems.push('借款人不在县里的人员名单中（L05）');
  else if (borrower.householdType !== '脱贫户' && borrower.householdType !== '监测户') problems.push(`借款人所在户是${borrower.householdType}，不是脱贫户或监测户（L05）`);
  return (
    <>
      <div className="derived-line" data-testid="borrower-derived">
        {borrower.villageName ?? '未填村'} · {borrower.householdType}{age != null ? ` · 放款时 ${age} 岁` : ''}
      </div>
      {problems.length > 0 && <Alert type="warning" showIcon title={problems.join('；')} style={{ marginBottom: 16 }} data-testid="borrower-warning" />}
    </>
  );
}

function Repayments({ loan, onChanged }: { loan: LoanDetail; onChanged: (l: LoanDetail) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ date?: Dayjs; principalYuan?: string; interestYuan?: string; note?: string }>();
  const [busy, setBusy] = useState(false);
  const add = async (v: { date?: Dayjs; principalYuan?: string; interestYuan?: string; note?: string }) => {
    setBusy(true);
    try {
      const r = await invoke('loans.addRepayment', {
        loanId: loan.id, date: iso(v.date)!, principalFen: toFen(v.principalYuan) ?? 0, interestFen: toFen(v.interestYuan) ?? 0, note: blank(v.note),
      });
      message.success(r.status === '已结清' && loan.status !== '已结清' ? '已记录还款，本金已还清，贷款已结清' : '已记录还款');
      form.resetFields();
      onChanged(r);
    } catch (e) { message.error(errorMessage(e)); } finally { setBusy(false); }
  };
  const remove = async (id: number) => {
    try { onChanged(await invoke('loans.deleteRepayment', { id })); message.success('已删除还款记录'); } catch (e) { message.error(errorMessage(e)); }
  };
  return (
    <div data-testid="repayments">
      <Table
        size="small" rowKey="id" pagination={false} dataSource={loan.repayments} locale={{ emptyText: '还没有还款记录' }}
        columns={[
          { title: '还款日期', dataIndex: 'date', width: 110, render: (v: string | null) => v ?? '日期不详' },
          { title: '本金（元）', dataIndex: 'principalFen', align: 'right', render: (v: number) => yuanText(v).replace(' 元', '') },
          { title: '利息（元）', dataIndex: 'interestFen', align: 'right', render: (v: number) => yuanText(v).replace(' 元', '') },
          { title: '备注', dataIndex: 'note', ellipsis: true },
          {
            title: '', width: 60, render: (_: unknown, r: { id: number }) => (
              <Popconfirm title="删除这条还款记录？" okText="删除" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={() => remove(r.id)}>
                <Button size="small" type="link" danger>删除</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      {loan.status !== '已结清' && (
        <Form form={form} layout="inline" onFinish={add} style={{ marginTop: 8, rowGap: 8 }} data-testid="repayment-form" initialValues={{ date: ledgerNow() }}>
          <Form.Item name="date" label="还款日期" rules={[{ required: true, message: '请选择还款日期' }]}>
            <DatePicker format={DATE_FORMAT} allowClear={false} style={{ width: 130 }} />
          </Form.Item>
          <Form.Item name="principalYuan" label="本金"><InputNumber<string> stringMode min="0" precision={2} suffix="元" style={{ width: 140 }} /></Form.Item>
          <Form.Item name="interestYuan" label="利息"><InputNumber<string> stringMode min="0" precision={2} suffix="元" style={{ width: 120 }} /></Form.Item>
          <Form.Item name="note"><Input placeholder="备注" style={{ width: 120 }} /></Form.Item>
          <Button htmlType="submit" loading={busy}>记录还款</Button>
        </Form>
      )}
    </div>
  );
}

function Extensions({ loan, onChanged }: { loan: LoanDetail; onChanged: (l: LoanDetail) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ newDueDate?: Dayjs; date?: Dayjs; note?: string }>();
  const [busy, setBusy] = useState(false);
  const extend = async (v: { newDueDate?: Dayjs; date?: Dayjs; note?: string }) => {
    setBusy(true);
    try {
      const r = await invoke('loans.extend', { loanId: loan.id, newDueDate: iso(v.newDueDate)!, date: iso(v.date)!, note: blank(v.note) });
      message.success(`已办理展期，到期日期改为 ${r.effectiveDueDate}`);
      form.resetFields();
      onChanged(r);
    } catch (e) { message.error(errorMessage(e)); } finally { setBusy(false); }
  };
  return (
    <div data-testid="extensions">
      {loan.extensions.length > 0 && (
        <ul style={{ margin: '0 0 8px', paddingLeft: 18 }}>
          {loan.extensions.map((x) => <li key={x.id}>{x.date} 办理展期：到期日 {x.oldDueDate} → {x.newDueDate}{x.note ? `（${x.note}）` : ''}</li>)}
        </ul>
      )}
      {loan.status !== '已结清' && (
        <Form form={form} layout="inline" onFinish={extend} style={{ rowGap: 8 }} data-testid="extension-form" initialValues={{ date: ledgerNow() }}>
          <Form.Item name="newDueDate" label="展期后到期日期" rules={[{ required: true, message: '请选择新的到期日期' }]}>
            <DatePicker format={DATE_FORMAT} style={{ width: 130 }} />
          </Form.Item>
          <Form.Item name="date" label="办理日期" rules={[{ required: true, message: '请选择办理日期' }]}>
            <DatePicker format={DATE_FORMAT} allowClear={false} style={{ width: 130 }} />
          </Form.Item>
          <Form.Item name="note"><Input placeholder="备注" style={{ width: 120 }} /></Form.Item>
          <Button htmlType="submit" loading={busy}>办理展期</Button>
        </Form>
      )}
    </div>
  );
}

interface Props {
  open: boolean;
  /** The loan to edit; null adds a new one. */
  loanId: number | null;
  banks: string[];
  settings: Settings | null;
  onClose: () => void;
  onChanged: () => void;
}

/** One loan: its fields, then (once saved) its repayments and 展期. */
export function LoanDrawer({ open, loanId, banks, settings, onClose, onChanged }: Props) {
  // The status shown is the one derived at the header's 统计日期.
  const { param: asOf } = useAsOf();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [loan, setLoan] = useState<LoanDetail | null>(null);
  const [currentId, setCurrentId] = useState<number | null>(loanId);
  const [borrower, setBorrower] = useState<Borrower | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dueTouched, setDueTouched] = useState(false);
  const issueDate = Form.useWatch('issueDate', form);
  const status = Form.useWatch('status', form);

  const show = useCallback((l: LoanDetail | null) => {
    setLoan(l);
    form.resetFields();
    form.setFieldsValue(toValues(l, settings));
    setBorrower(l ? { id: l.personId, name: l.name, idNo: l.idNo, villageName: l.villageName, householdType: l.householdType, birthDate: l.birthDate, inRoster: l.inRoster } : null);
    setDueTouched(!!l);
  }, [form, settings]);

  useEffect(() => {
    if (!open) return;
    setError(null);
    setCurrentId(loanId);
    if (loanId == null) { show(null); return; }
    invoke('loans.get', { id: loanId, asOf }).then(show, (e) => setError(errorMessage(e)));
  }, [open, loanId, show, asOf]);

  const onValuesChange = (changed: Partial<FormValues>, all: FormValues) => {
    if ('dueDate' in changed) setDueTouched(true);
    if (('issueDate' in changed || 'termMonths' in changed) && !dueTouched && all.issueDate && all.termMonths) {
      form.setFieldValue('dueDate', dayjs(addMonths(all.issueDate.format(DATE_FORMAT), all.termMonths)));
    }
  };

  const save = async (v: FormValues) => {
    setSaving(true);
    setError(null);
    try {
      const amountFen = toFen(v.amountYuan);
      if (!amountFen || amountFen <= 0) throw new ApiError('VALIDATION', '请填写贷款金额（元）', { field: 'amountYuan' });
      const rateE6 = toRateE6(v.ratePercent);
      if (v.ratePercent && rateE6 == null) throw new ApiError('VALIDATION', '年利率请写成 3.45 这样的百分数（最多4位小数）', { field: 'ratePercent' });
      const input: LoanInput = {
        personId: v.personId!, bank: blank(v.bank), contractNo: blank(v.contractNo), amountFen,
        issueDate: iso(v.issueDate)!, dueDate: iso(v.dueDate)!, termMonths: v.termMonths ?? null, rateE6,
        ratioBp: toRatioBp(v.ratioPercent) ?? 10_000, subsidized: v.subsidized, additional: v.additional, purpose: blank(v.purpose),
        status: v.status, overdueSince: v.status === '逾期' ? iso(v.overdueSince) : null, settledDate: v.status === '已结清' ? iso(v.settledDate) : null,
        note: blank(v.note),
      };
      const saved = currentId != null ? await invoke('loans.update', { ...input, id: currentId }) : await invoke('loans.create', input);
      message.success(currentId != null ? `已保存：${saved.name} ${saved.contractNo ?? ''}` : `已新增贷款：${saved.name}，可在下方记录还款`);
      setCurrentId(saved.id);
      show(saved);
      onChanged();
    } catch (e) {
      showFormError(form, e, setError, (field) => {
        const f = field === 'amountFen' ? 'amountYuan' : field === 'rateE6' ? 'ratePercent' : field;
        return FORM_FIELDS.has(f) ? f : undefined;
      });
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (currentId == null) return;
    try {
      await invoke('loans.delete', { id: currentId });
      message.success('已删除这笔贷款，可在回收站恢复');
      onChanged();
      onClose();
    } catch (e) { setError(errorMessage(e)); }
  };

  const refreshed = (l: LoanDetail) => { setLoan(l); form.setFieldsValue({ status: l.status, settledDate: d(l.settledDate), overdueSince: d(l.overdueSince) }); onChanged(); };
  const deleted = !!loan?.deletedAt;

  const footer = (
    <DrawerFooter saving={saving} readOnly={deleted} onSave={() => form.submit()} onCancel={onClose} cancelText="关闭">
      {currentId != null && !deleted && (
        <Popconfirm title="删除这笔贷款？" description="删除后可在回收站恢复。" okText="删除" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={remove}>
          <Button danger>删除</Button>
        </Popconfirm>
      )}
    </DrawerFooter>
  );

  return (
    <Drawer
      open={open} onClose={onClose} size={720} destroyOnHidden footer={footer}
      title={currentId != null && loan ? `贷款：${loan.name} ${loan.contractNo ?? ''}` : '新增贷款'}
    >
      {deleted && <Alert type="warning" showIcon title="这笔贷款在回收站中，恢复后才能修改。" style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="loan-form-error" />}
      {loan && (
        <Descriptions size="small" column={3} style={{ marginBottom: 12 }} data-testid="loan-summary" items={[
          { key: 's', label: '状态', children: <StatusTag status={loan.status} /> },
          { key: 'b', label: '未还本金', children: yuanText(loan.balanceFen) },
          { key: 'd', label: '到期日期', children: `${loan.effectiveDueDate}${loan.extendedDueDate ? '（已展期）' : ''}` },
        ]} />
      )}
      <Form<FormValues> form={form} name="loan" layout="vertical" onFinish={save} onValuesChange={onValuesChange} disabled={deleted} data-testid="loan-form" requiredMark>
        <Form.Item name="personId" label="借款人" rules={[{ required: true, message: '请从人员名单中选择借款人' }]}>
          <PersonPicker<Borrower> initial={borrower} onPick={setBorrower} testId="borrower-picker" notFound="名单中没有找到此人，请先在“人员名单”中登记" />
        </Form.Item>
        <BorrowerChecks borrower={borrower} issueDate={issueDate} settings={settings} />
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="bank" label="贷款银行" rules={[{ required: true, whitespace: true, message: '请填写贷款银行' }]}>
              <AutoComplete options={[...new Set([...banks, ...COMMON_BANKS])].map((b) => ({ value: b }))} placeholder="如 农商银行"
                showSearch={{ filterOption: (input, o) => String(o?.value ?? '').includes(input) }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="contractNo" label="合同编号"><Input autoComplete="off" /></Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="amountYuan" label="贷款金额" rules={[{ required: true, message: '请填写贷款金额' }]} extra="首次贷款不超过5万元">
              <InputNumber<string> stringMode min="0.01" max="1000000" precision={2} step="10000" suffix="元" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="issueDate" label="放款日期" rules={[{ required: true, message: '请选择放款日期' }]}>
              <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="termMonths" label="期限" extra="不超过36个月">
              <InputNumber min={1} max={120} precision={0} suffix="个月" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="dueDate" label="到期日期（合同）" rules={[{ required: true, message: '请选择到期日期' }]}>
              <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="ratePercent" label="年利率" extra={settings ? `不填按LPR ${rateInput(settings.loanLprE6)}%` : undefined}>
              <InputNumber<string> stringMode min="0" max="20" step="0.05" suffix="%" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="ratioPercent" label="贴息比例">
              <InputNumber<string> stringMode min="0" max="100" precision={2} suffix="%" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="purpose" label="贷款用途">
              <AutoComplete options={PURPOSES.map((p) => ({ value: p }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="status" label="状态" rules={[{ required: true, message: '请选择状态' }]} extra="展期请用下方“办理展期”">
              <Select options={LOAN_STATUSES.map((s) => ({ value: s, label: s }))} />
            </Form.Item>
          </Col>
          {status === '逾期' && (
            <Col span={8}>
              <Form.Item name="overdueSince" label="逾期起始日期" extra="逾期期间不贴息">
                <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
          {status === '已结清' && (
            <Col span={8}>
              <Form.Item name="settledDate" label="结清日期">
                <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
          <Col span={8}>
            <Form.Item name="subsidized" label="享受贴息" valuePropName="checked">
              <Switch checkedChildren="是" unCheckedChildren="否" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="additional" valuePropName="checked" label=" " extra="与首笔合计不超过10万元，只有前5万元贴息">
              <Checkbox>追加贷款</Checkbox>
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="note" label="备注"><Input.TextArea rows={2} maxLength={500} /></Form.Item>
          </Col>
        </Row>
      </Form>
      {loan && !deleted && (
        <>
          <Divider titlePlacement="start">还款记录</Divider>
          <Repayments loan={loan} onChanged={refreshed} />
          <Divider titlePlacement="start">展期</Divider>
          <Extensions loan={loan} onChanged={refreshed} />
        </>
      )}
      {!loan && currentId == null && <Space style={{ color: '#6b7280' }}>保存后可记录还款和办理展期。</Space>}
    </Drawer>
  );
}
