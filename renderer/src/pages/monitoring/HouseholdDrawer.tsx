import { Alert, App, Button, DatePicker, Descriptions, Drawer, Empty, Form, Input, Modal, Radio, Select, Space, Table, Tabs, Tag, Timeline } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { MonitorCase, MonitorHouseholdDetail } from '../../../../shared/api/monitoring';
import { formatYuan } from '../../../../shared/money';
import { MEASURE_TYPES, natureOf, STEP_LABEL, type MeasureType } from '../../../../shared/monitoring';
import { invoke } from '../../api';
import { useAsOf } from '../../asOf';
import { DATE_FORMAT, errorMessage } from '../../lib/format';
import { fromDay, notAfterToday, toDay, todayDay } from '../workshops/format';

const STEP_COLORS = { ok: 'green', late: 'red', missing: 'red', open: 'blue' } as const;
const STEP_STATE = { ok: '按时', late: '超期完成', missing: '已超期未办', open: '未到期' } as const;

interface TimelineEntry { date: string; color: string; label: ReactNode; key: string }

/** Everything dated about a household, oldest first: identification, each case step, measures, visits, elimination. */
function timeline(d: MonitorHouseholdDetail): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  if (d.identifiedMonth) out.push({ key: 'identified', date: `${d.identifiedMonth}`, color: 'gray', label: <>纳入监测（{d.category ?? '监测户'}）{d.risks && `：${d.risks}`}</> });
  for (const c of d.cases) {
    const steps: [string | null, string][] = [[c.found, `发现风险${c.channel ? `（${c.channel}）` : ''}${c.risk ? `：${c.risk}` : ''}`], [c.verified, '入户核实'],
      [c.villageReview, '村级评议'], [c.townshipReview, '乡镇审核'], [c.confirmed, '县级认定'], [c.planned, '制定帮扶计划'], [c.acted, `落实措施：${c.measure ?? ''}`]];
    for (const [date, label] of steps) if (date) out.push({ key: `c${c.id}${label}`, date, color: 'blue', label });
    for (const dl of c.deadlines) {
      if (dl.done) continue;
      out.push({ key: `c${c.id}${dl.step}due`, date: dl.due, color: STEP_COLORS[dl.state], label: <>{STEP_LABEL[dl.step]}期限 <Tag color={STEP_COLORS[dl.state]}>{STEP_STATE[dl.state]}</Tag></> });
    }
  }
  for (const m of d.measures) {
    out.push({ key: `m${m.id}`, date: m.startDate ?? d.identifiedMonth ?? '', color: m.nature === '开发式' ? 'green' : 'cyan',
      label: <>帮扶措施 <Tag>{m.type}</Tag><Tag color={m.nature === '开发式' ? 'green' : 'default'}>{m.nature}</Tag>{m.content}{m.source === '下载' && '（监测系统）'}{m.endDate && `，${m.endDate} 结束`}</> });
  }
  for (const v of d.visits) out.push({ key: `v${v.id}`, date: v.date, color: 'purple', label: <>走访（{v.method ?? ''}，{v.visitor}）{v.riskChange && `：${v.riskChange}`}{v.incomeChange && `，${v.incomeChange}`}</> });
  if (d.riskEliminated && d.eliminatedMonth) {
    const e = d.elimination;
    out.push({ key: 'eliminated', date: e?.date ?? d.eliminatedMonth, color: 'green',
      label: <span data-testid="monitoring-timeline-elimination">风险消除（{d.eliminationMethod ?? ''}）{e ? `，驻村干部 ${e.signer} 签字确认${e.note ? `：${e.note}` : ''}` : ''}</span> });
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

function VisitModal({ open, householdId, onClose, onSaved }: { open: boolean; householdId: number; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<{ date: Dayjs; visitor: string; method: '入户' | '电话'; incomeChange?: string; riskChange?: string; content?: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true); setError(null);
    try {
      await invoke('monitoring.addVisit', { householdId, date: fromDay(v.date)!, visitor: v.visitor, method: v.method, incomeChange: v.incomeChange || null, riskChange: v.riskChange || null, content: v.content || null });
      form.resetFields(); onSaved();
    } catch (e) { setError(errorMessage(e)); } finally { setSaving(false); }
  };
  return (
    <Modal open={open} title="记录走访" onCancel={onClose} onOk={save} okText="保存" confirmLoading={saving} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ date: todayDay(), method: '入户' }} name="visit">
        <Form.Item name="date" label="走访日期" rules={[{ required: true, message: '请选择走访日期' }]}><DatePicker format={DATE_FORMAT} disabledDate={notAfterToday} /></Form.Item>
        <Form.Item name="visitor" label="走访人" rules={[{ required: true, message: '请填写走访人' }]}><Input maxLength={30} /></Form.Item>
        <Form.Item name="method" label="走访方式"><Radio.Group options={['入户', '电话']} /></Form.Item>
        <Form.Item name="incomeChange" label="家庭收支变化"><Select allowClear options={['无明显变化', '收入增加', '收入减少', '支出增加', '支出减少'].map((x) => ({ value: x, label: x }))} /></Form.Item>
        <Form.Item name="riskChange" label="风险变化情况"><Select allowClear options={['风险未消除', '风险减轻', '风险加重', '建议消除风险'].map((x) => ({ value: x, label: x }))} /></Form.Item>
        <Form.Item name="content" label="走访内容"><Input.TextArea rows={3} maxLength={500} /></Form.Item>
      </Form>
    </Modal>
  );
}

function MeasureModal({ open, detail, onClose, onSaved }: { open: boolean; detail: MonitorHouseholdDetail; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<{ type: MeasureType; personId?: number; content: string; startDate: Dayjs; endDate?: Dayjs }>();
  const type = Form.useWatch('type', form);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true); setError(null);
    try {
      await invoke('monitoring.addMeasure', { householdId: detail.id, personId: v.personId ?? null, type: v.type, content: v.content, startDate: fromDay(v.startDate)!, endDate: fromDay(v.endDate) });
      form.resetFields(); onSaved();
    } catch (e) { setError(errorMessage(e)); } finally { setSaving(false); }
  };
  return (
    <Modal open={open} title="新增帮扶措施" onCancel={onClose} onOk={save} okText="保存" confirmLoading={saving} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ type: '产业', startDate: todayDay() }} name="measure">
        <Form.Item name="type" label="措施类型" extra={type ? `${natureOf(type)}帮扶` : undefined} rules={[{ required: true }]}>
          <Select options={MEASURE_TYPES.map((t) => ({ value: t, label: `${t}（${natureOf(t)}）` }))} />
        </Form.Item>
        <Form.Item name="personId" label="落实到人（可不选）"><Select allowClear options={detail.people.map((p) => ({ value: p.id, label: `${p.name}（${p.relation ?? ''}）` }))} /></Form.Item>
        <Form.Item name="content" label="措施内容" rules={[{ required: true, message: '请填写措施内容，如 发展养殖业（养羊5只）' }]}><Input maxLength={200} /></Form.Item>
        <Space>
          <Form.Item name="startDate" label="开始日期" rules={[{ required: true, message: '请选择开始日期' }]}><DatePicker format={DATE_FORMAT} /></Form.Item>
          <Form.Item name="endDate" label="结束日期（可不填）"><DatePicker format={DATE_FORMAT} /></Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/** 风险消除: the day, how, and the 驻村干部 who signs it off (the procedure requires the sign-off; it is stored and audited). */
function EliminateModal({ open, householdId, onClose, onSaved }: { open: boolean; householdId: number; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<{ date: Dayjs; method: string; signer: string; note?: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    // A missing field is shown under it by the form; nothing to report beyond that.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true); setError(null);
    try {
      await invoke('monitoring.eliminate', { householdId, date: fromDay(v.date)!, method: v.method, signer: v.signer, note: v.note || null });
      form.resetFields(); onSaved();
    } catch (e) { setError(errorMessage(e)); } finally { setSaving(false); }
  };
  return (
    <Modal open={open} title="记录风险消除" onCancel={onClose} onOk={save} okText="保存" confirmLoading={saving} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title="风险消除须经入户核实、村级评议、乡镇审核，并由驻村干部签字确认。保存后请打印风险消除公示张贴。" />
      <Form form={form} layout="vertical" initialValues={{ date: todayDay(), method: '帮扶消除' }} name="eliminate">
        <Form.Item name="date" label="风险消除日期" rules={[{ required: true, message: '请选择风险消除日期' }]}><DatePicker format={DATE_FORMAT} disabledDate={notAfterToday} /></Form.Item>
        <Form.Item name="method" label="风险消除方式" rules={[{ required: true, message: '请选择风险消除方式' }]}><Radio.Group options={['帮扶消除', '自然消除']} /></Form.Item>
        <Form.Item name="signer" label="驻村干部（签字确认人）" rules={[{ required: true, whitespace: true, message: '请填写签字确认的驻村干部姓名' }]}><Input maxLength={30} /></Form.Item>
        <Form.Item name="note" label="说明（可不填）"><Input.TextArea rows={2} maxLength={200} /></Form.Item>
      </Form>
    </Modal>
  );
}

type CaseForm = Record<'found' | 'verified' | 'villageReview' | 'townshipReview' | 'confirmed' | 'planned' | 'acted', Dayjs | undefined> & { measure?: string; helper?: string; channel?: string; risk?: string };
const CASE_DATES: [keyof CaseForm, string][] = [['found', '发现日期'], ['verified', '入户核实'], ['villageReview', '村级评议'], ['townshipReview', '乡镇审核'],
  ['confirmed', '县级认定'], ['planned', '帮扶计划制定'], ['acted', '措施落实']];

/** The cases ledger row of a household: each workflow step with its date (a new case, or the steps that followed). */
function CaseModal({ open, householdId, value, onClose, onSaved }: { open: boolean; householdId: number; value: MonitorCase | null; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<CaseForm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (value) form.setFieldsValue({ ...Object.fromEntries(CASE_DATES.map(([k]) => [k, toDay(value[k as keyof MonitorCase] as string | null)])), measure: value.measure ?? undefined, helper: value.helper ?? undefined, channel: value.channel ?? undefined, risk: value.risk ?? undefined });
  }, [open, value, form]);
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true); setError(null);
    try {
      await invoke('monitoring.saveCase', {
        id: value?.id, householdId, found: fromDay(v.found)!, verified: fromDay(v.verified), villageReview: fromDay(v.villageReview), townshipReview: fromDay(v.townshipReview),
        confirmed: fromDay(v.confirmed), planned: fromDay(v.planned), acted: fromDay(v.acted), measure: v.measure || null, helper: v.helper || null,
        channel: v.channel || null, risk: v.risk || null, category: value?.category ?? null, note: value?.note ?? null,
      });
      onSaved();
    } catch (e) { setError(errorMessage(e)); } finally { setSaving(false); }
  };
  return (
    <Modal open={open} title={value ? '填写工作台账（各步骤日期）' : '新识别：登记发现的风险'} onCancel={onClose} onOk={save} okText="保存" confirmLoading={saving} width={640} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="case">
        <Space wrap>
          {CASE_DATES.map(([k, label]) => (
            <Form.Item key={k} name={k} label={label} rules={k === 'found' ? [{ required: true, message: '请选择发现日期' }] : []}>
              <DatePicker format={DATE_FORMAT} disabledDate={notAfterToday} />
            </Form.Item>
          ))}
        </Space>
        <Space wrap>
          <Form.Item name="channel" label="发现途径"><Select style={{ width: 160 }} allowClear options={['农户自主申报', '干部排查', '部门筛查预警', '舆情预警'].map((x) => ({ value: x, label: x }))} /></Form.Item>
          <Form.Item name="risk" label="主要风险"><Input maxLength={60} /></Form.Item>
          <Form.Item name="helper" label="帮扶责任人"><Input maxLength={30} /></Form.Item>
        </Space>
        <Form.Item name="measure" label="落实的帮扶措施"><Input maxLength={200} /></Form.Item>
      </Form>
    </Modal>
  );
}

/** One household's timeline and the steps a clerk records: a visit, a measure, the case's dates. */
export function HouseholdDrawer({ householdId, onClose, onChanged }: { householdId: number | null; onClose: () => void; onChanged: () => void }) {
  const { message } = App.useApp();
  const { param } = useAsOf();
  const [d, setD] = useState<MonitorHouseholdDetail | null>(null);
  const [modal, setModal] = useState<'visit' | 'measure' | 'case' | 'eliminate' | null>(null);
  const [editCase, setEditCase] = useState<MonitorCase | null>(null);
  const load = useCallback(() => {
    if (householdId == null) { setD(null); return; }
    invoke('monitoring.household', { id: householdId, asOf: param }).then(setD, (e) => message.error(errorMessage(e)));
  }, [householdId, param, message]);
  useEffect(load, [load]);
  const saved = (what: string) => { setModal(null); message.success(what); load(); onChanged(); };
  const endMeasure = (id: number) => {
    let date: string | null = null;
    Modal.confirm({
      title: '结束这项帮扶措施', okText: '结束', cancelText: '取消',
      content: <DatePicker format={DATE_FORMAT} onChange={(x) => { date = fromDay(x); }} style={{ marginTop: 8 }} />,
      onOk: async () => {
        if (!date) { message.error('请选择结束日期'); throw new Error('no date'); }
        try { await invoke('monitoring.endMeasure', { id, endDate: date }); saved('已记录结束日期'); } catch (e) { message.error(errorMessage(e)); throw e; }
      },
    });
  };

  return (
    <Drawer open={householdId != null} onClose={onClose} width={880} destroyOnHidden data-testid="monitoring-drawer"
      title={d ? `${d.headName}户 ${d.householdNo ?? ''}` : '监测户'}
      extra={d && (
        <Space>
          <Button onClick={() => setModal('visit')} data-testid="monitoring-add-visit">记录走访</Button>
          <Button onClick={() => setModal('measure')} data-testid="monitoring-add-measure">新增帮扶措施</Button>
          <Button onClick={() => { setEditCase(null); setModal('case'); }}>登记新发现的风险</Button>
          {!d.identifying && d.open && <Button onClick={() => setModal('eliminate')} data-testid="monitoring-eliminate">记录风险消除</Button>}
        </Space>
      )}>
      {!d ? <Empty description="正在读取…" /> : (
        <>
          {d.findings.map((f) => <Alert key={f.rule + f.message} type={f.severity === 'error' ? 'error' : 'warning'} showIcon title={`${f.rule} ${f.message}`} style={{ marginBottom: 8 }} data-testid={`monitoring-finding-${f.rule}`} />)}
          <Descriptions size="small" column={3} bordered items={[
            { key: 'v', label: '行政村', children: d.village },
            { key: 'c', label: '监测对象类别', children: d.category },
            { key: 'r', label: '风险', children: d.identifying ? <Tag color="blue">识别中（尚未纳入监测）</Tag> : d.open ? <Tag color="red">未消除</Tag> : <Tag color="green">已消除{d.elimination ? `（${d.elimination.date}，驻村干部 ${d.elimination.signer}）` : d.eliminatedMonth ? `（${d.eliminatedMonth}）` : ''}</Tag> },
            { key: 'i', label: '识别监测时间', children: d.identifiedMonth },
            { key: 'k', label: '致贫返贫风险', children: d.risks },
            { key: 'n', label: '人均纯收入', children: d.incomes.map((x) => `${x.year}年 ${formatYuan(x.perCapitaFen)} 元`).join('；') },
            { key: 'cov', label: '开发式帮扶', span: 3, children: d.coverage.length ? d.coverage.map((c) => <Tag color="green" key={c}>{c}</Tag>) : <Tag color="red">无</Tag> },
          ]} />
          <Tabs style={{ marginTop: 12 }} items={[
            { key: 'timeline', label: '时间线', children: <Timeline items={timeline(d).map((e) => ({ key: e.key, color: e.color, children: <span><b>{e.date}</b>　{e.label}</span> }))} /> },
            { key: 'people', label: `家庭成员（${d.people.length}）`, children: (
              <Table size="small" rowKey="id" pagination={false} dataSource={d.people} columns={[
                { title: '姓名', dataIndex: 'name' }, { title: '与户主关系', dataIndex: 'relation' }, { title: '年龄', dataIndex: 'age' }, { title: '劳动技能', dataIndex: 'laborSkill' },
                { title: '外出务工', key: 'm', render: (_: unknown, p) => { const m = d.migrants.find((x) => x.personId === p.id); return m ? `${m.province ?? ''}${m.county ?? ''} ${m.employer ?? ''}（${m.channel ?? ''}）` : ''; } },
              ]} />) },
            { key: 'measures', label: `帮扶措施（${d.measures.length}）`, children: (
              <Table size="small" rowKey="id" pagination={false} dataSource={d.measures} columns={[
                { title: '类型', dataIndex: 'type' }, { title: '性质', dataIndex: 'nature' }, { title: '内容', dataIndex: 'content' }, { title: '对象', dataIndex: 'personName' },
                { title: '开始', dataIndex: 'startDate' }, { title: '结束', dataIndex: 'endDate' }, { title: '来源', dataIndex: 'source' },
                { title: '', key: 'a', render: (_: unknown, m) => (m.endDate ? null : <Button size="small" onClick={() => endMeasure(m.id)}>结束</Button>) },
              ]} />) },
            { key: 'cases', label: `工作台账（${d.cases.length}）`, children: d.cases.length ? (
              <Table size="small" rowKey="id" pagination={false} dataSource={d.cases} columns={[
                { title: '发现', dataIndex: 'found' }, { title: '认定', dataIndex: 'confirmed' }, { title: '计划', dataIndex: 'planned' }, { title: '落实', dataIndex: 'acted' },
                { title: '措施', dataIndex: 'measure' }, { title: '责任人', dataIndex: 'helper' },
                { title: '时限', key: 'd', render: (_: unknown, c) => c.deadlines.filter((x) => x.state !== 'ok').map((x) => <Tag key={x.step} color={STEP_COLORS[x.state]}>{STEP_LABEL[x.step]}{STEP_STATE[x.state]}（{x.due}）</Tag>) },
                { title: '', key: 'a', render: (_: unknown, c) => <Button size="small" onClick={() => { setEditCase(c); setModal('case'); }}>填写步骤</Button> },
              ]} />) : <Empty description="没有新识别工作台账记录" /> },
            { key: 'visits', label: `走访（${d.visits.length}）`, children: (
              <Table size="small" rowKey="id" pagination={false} dataSource={d.visits} columns={[
                { title: '日期', dataIndex: 'date' }, { title: '走访人', dataIndex: 'visitor' }, { title: '方式', dataIndex: 'method' },
                { title: '收支变化', dataIndex: 'incomeChange' }, { title: '风险变化', dataIndex: 'riskChange' }, { title: '内容', dataIndex: 'content' },
              ]} />) },
          ]} />
          <VisitModal open={modal === 'visit'} householdId={d.id} onClose={() => setModal(null)} onSaved={() => saved('已记录走访')} />
          <MeasureModal open={modal === 'measure'} detail={d} onClose={() => setModal(null)} onSaved={() => saved('已新增帮扶措施')} />
          <EliminateModal open={modal === 'eliminate'} householdId={d.id} onClose={() => setModal(null)} onSaved={() => saved('已记录风险消除')} />
          <CaseModal open={modal === 'case'} householdId={d.id} value={editCase} onClose={() => setModal(null)} onSaved={() => saved('工作台账已保存')} />
        </>
      )}
    </Drawer>
  );
}
