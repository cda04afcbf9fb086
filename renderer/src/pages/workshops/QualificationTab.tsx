import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { Subsidy, WorkshopDetail } from '../../../../shared/api/workshops';
import { QUALIFICATION_LABELS } from '../../../../shared/workshops';
import { invoke } from '../../api';
import { DATE_FORMAT, errorMessage } from '../../lib/format';
import { fromDay, notAfterToday, todayDay, yuan } from './format';

const SOURCE_TEXT = { employments: '按务工台账，统计到今天', reported: '按导入的车间台账上报数', none: '还没有人数' } as const;
const ALERT_TYPE = { qualified: 'success', notQualified: 'error', unverified: 'warning', notApplicable: 'info' } as const;

interface PayValues { paidDate: Dayjs; voucher?: string; note?: string }

/** Derived figures, the 认定 result with its reason, and the 一次性吸纳就业补助 list with 记录发放. */
export function QualificationTab({ detail, onChanged }: { detail: WorkshopDetail; onChanged: () => void }) {
  const { message } = App.useApp();
  const { workshop: w, plan, rules, subsidies } = detail;
  const [selected, setSelected] = useState<number[]>([]);
  const [paying, setPaying] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<Subsidy | null>(null);
  const [revokeReason, setRevokeReason] = useState('');
  const [form] = Form.useForm<PayValues>();

  const chosen = plan.eligible.filter((c) => selected.includes(c.personId));
  const chosenFen = chosen.reduce((a, c) => a + c.amountFen, 0);

  const pay = async (v: PayValues) => {
    setSaving(true);
    setError(null);
    try {
      const r = await invoke('workshops.paySubsidies', { workshopId: w.id, personIds: selected, paidDate: fromDay(v.paidDate)!, voucher: v.voucher?.trim() || null, note: v.note?.trim() || null });
      message.success(`已记录发放 ${r.paid.length} 人，共 ${yuan(r.paid.reduce((a, s) => a + s.amountFen, 0))}`);
      setSelected([]);
      setPaying(false);
      onChanged();
    } catch (e) { setError(errorMessage(e)); } finally { setSaving(false); }
  };

  const revoke = async () => {
    if (!revoking) return;
    try {
      await invoke('workshops.revokeSubsidy', { id: revoking.id, reason: revokeReason.trim() });
      message.success(`已撤销 ${revoking.name} 的发放记录`);
      setRevoking(null);
      onChanged();
    } catch (e) { message.error(errorMessage(e)); }
  };

  return (
    <div className="workshop-qualification" data-testid="workshop-qualification">
      <Descriptions size="small" bordered column={4} items={[
        { key: 'e', label: '吸纳就业人数', children: `${w.employed} 人` },
        { key: 'p', label: '其中脱贫劳动力', children: `${w.poor} 人` },
        { key: 'm', label: '其中监测对象', children: `${w.monitored} 人` },
        { key: 'a', label: '人均月工资', children: w.avgWageFen == null ? '—' : yuan(w.avgWageFen) },
        { key: 's', label: '人数来源', span: 4, children: SOURCE_TEXT[w.source] },
      ]} />
      <Alert
        style={{ margin: '12px 0' }} showIcon type={ALERT_TYPE[w.qualification.state]} data-testid="qualification-result"
        title={`${QUALIFICATION_LABELS[w.qualification.state]}（符合条件的脱贫劳动力 ${w.qualification.qualifying} 人，要求至少 ${w.qualification.required} 人）`}
        description={w.qualification.reason}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        认定条件（设置中可改）：吸纳脱贫劳动力（含监测对象）不少于 {rules.workshopMinPoorWorkers} 人，劳动合同期限不少于 {rules.workshopMinContractMonths} 个月，
        月工资不低于 {yuan(rules.workshopMinWageFen)}。一次性吸纳就业补助每人 {yuan(rules.workshopSubsidyPerPersonFen)}，每个车间最多 {yuan(rules.workshopSubsidyCapFen)}，同一人在同一车间只发一次；
        按在本车间实际务工满 {rules.workshopMinContractMonths} 个月计（截至 {detail.asOf}），不看合同写了多久。
      </Typography.Paragraph>

      <Card size="small" title={`一次性吸纳就业补助：已发 ${yuan(plan.paidTotalFen)}，还可发 ${yuan(plan.remainingFen)}`} data-testid="subsidy-eligible"
        extra={<Button type="primary" disabled={!selected.length} onClick={() => { setError(null); setPaying(true); }}>记录发放{selected.length ? `（${selected.length} 人）` : ''}</Button>}>
        {plan.blocked ? <Alert type="warning" showIcon title={plan.blocked} /> : (
          <>
            <Table
              size="small" rowKey="personId" pagination={false} dataSource={plan.eligible}
              locale={{ emptyText: '没有待发放的人员' }}
              rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
              columns={[
                { title: '姓名', dataIndex: 'name', width: 100 },
                { title: '身份证号', dataIndex: 'idNo', width: 190 },
                { title: '补助金额', dataIndex: 'amountFen', render: (v: number) => yuan(v) },
              ]}
            />
            {plan.waiting.length > 0 && (
              <Alert type="info" showIcon style={{ marginTop: 8 }} data-testid="subsidy-waiting"
                title={`另有 ${plan.waiting.length} 人实际务工未满 ${rules.workshopMinContractMonths} 个月，暂不能发放`}
                description={plan.waiting.map((c) => `${c.name}：已务工 ${c.monthsWorked} 个月`).join('；')} />
            )}
            {plan.overCap.length > 0 && (
              <Alert type="info" showIcon style={{ marginTop: 8 }} title={`另有 ${plan.overCap.length} 人符合条件，但本车间补助已达上限（${plan.overCap.map((c) => c.name).join('、')}）`} />
            )}
          </>
        )}
      </Card>

      <Card size="small" title={`发放记录（${subsidies.length} 人次）`} style={{ marginTop: 12 }} data-testid="subsidy-paid">
        <Table
          size="small" rowKey="id" pagination={false} dataSource={subsidies} locale={{ emptyText: '还没有发放记录' }}
          columns={[
            { title: '姓名', dataIndex: 'name', width: 90 },
            { title: '身份证号', dataIndex: 'idNo', width: 180 },
            { title: '金额', dataIndex: 'amountFen', width: 110, render: (v: number) => yuan(v) },
            { title: '发放日期', dataIndex: 'paidDate', width: 110 },
            { title: '文号/凭证', dataIndex: 'voucher' },
            { title: '', key: 'op', width: 70, render: (_: unknown, s: Subsidy) => <Button size="small" danger onClick={() => { setRevokeReason(''); setRevoking(s); }}>撤销</Button> },
          ]}
        />
      </Card>

      <Modal open={paying} title={`记录发放：${w.name}`} okText="确认发放" cancelText="取消" confirmLoading={saving} destroyOnHidden
        onCancel={() => setPaying(false)} onOk={() => form.submit()}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <p>发放 {chosen.length} 人（{chosen.map((c) => c.name).join('、')}），合计 <b>{yuan(chosenFen)}</b>。</p>
        <Form<PayValues> form={form} name="pay" layout="vertical" onFinish={pay} initialValues={{ paidDate: todayDay() }}>
          <Form.Item name="paidDate" label="发放日期" rules={[{ required: true, message: '请选择发放日期' }]}>
            <DatePicker format={DATE_FORMAT} disabledDate={notAfterToday} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="voucher" label="文号/凭证号"><Input maxLength={60} autoComplete="off" placeholder="如 昔人社〔2024〕3号" /></Form.Item>
          <Form.Item name="note" label="备注"><Input maxLength={200} autoComplete="off" /></Form.Item>
        </Form>
      </Modal>

      <Modal open={!!revoking} title={`撤销发放记录：${revoking?.name ?? ''}`} okText="撤销" okButtonProps={{ danger: true, disabled: !revokeReason.trim() }}
        cancelText="取消" onCancel={() => setRevoking(null)} onOk={revoke} destroyOnHidden>
        <p>{revoking ? `${revoking.paidDate} 发放 ${yuan(revoking.amountFen)}。` : ''}只在记错时撤销；撤销会记入修改记录。</p>
        <Input placeholder="撤销原因（必填）" value={revokeReason} onChange={(e) => setRevokeReason(e.target.value)} />
      </Modal>
    </div>
  );
}
