import { Alert, App, Button, DatePicker, Empty, Form, Input, Modal, Radio, Segmented, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DueItem, MonitorHouseholdRow } from '../../../shared/api/monitoring';
import { STEP_LABEL } from '../../../shared/monitoring';
import { downloadBase64, invoke } from '../api';
import { useAsOf } from '../asOf';
import { DataGrid, type GridQuery } from '../components/DataGrid';
import { DATE_FORMAT, errorMessage } from '../lib/format';
import { navigate } from '../navigation';
import { ImportPage } from './ImportPage';
import { HouseholdDrawer } from './monitoring/HouseholdDrawer';
import { householdColumns, riskState } from './monitoring/householdColumns';
import { setPrintIntent } from './print/intent';
import { takeMonitoringIntent } from './monitoring/intent';
import { fromDay, notAfterToday, todayDay } from './workshops/format';

type Stats = { households: number; openHouseholds: number; persons: number; noDevMeasure: number; overdue: number };

/** Sorting and filtering in the page: a township has hundreds of 监测户, not the 100k persons the grid pages on the server. */
function query(rows: MonitorHouseholdRow[], q: GridQuery) {
  const f = q.filters;
  let list = rows.filter((r) => (!f.village || r.village === f.village) && (!f.category || r.category === f.category)
    && (!f.open || f.open === riskState(r)) && (!f.rules || r.rules.includes(String(f.rules)))
    && (!f.headName || [r.headName, r.headIdNo, r.householdNo ?? ''].some((x) => x.includes(String(f.headName).trim()))));
  if (q.sort) {
    const k = q.sort.field as keyof MonitorHouseholdRow, dir = q.sort.dir === 'asc' ? 1 : -1;
    list = [...list].sort((a, b) => String(a[k] ?? '').localeCompare(String(b[k] ?? ''), 'zh-CN', { numeric: true }) * dir);
  }
  return { rows: list.slice(q.offset, q.offset + q.limit), total: list.length };
}

/** 到期提醒: every case step past or near its deadline, grouped by village. */
function DueBoard({ onOpen, reloadKey }: { onOpen: (householdId: number) => void; reloadKey: number }) {
  const { param } = useAsOf();
  const { message } = App.useApp();
  const [days, setDays] = useState(3);
  const [items, setItems] = useState<DueItem[] | null>(null);
  useEffect(() => { invoke('monitoring.due', { asOf: param, withinDays: days }).then(setItems, (e) => message.error(errorMessage(e))); }, [param, days, reloadKey, message]);
  if (!items) return null;
  const villages = [...new Set(items.map((i) => i.village ?? '（未填村）'))];
  return (
    <div data-testid="monitoring-due">
      <Space style={{ marginBottom: 12 }}>
        <span>提前提醒</span>
        <Segmented<number> value={days} onChange={setDays} options={[{ value: 3, label: '3 天内到期' }, { value: 7, label: '7 天内' }, { value: 15, label: '15 天内' }]} />
        <span>共 {items.filter((i) => i.state === 'overdue').length} 项已超期，{items.filter((i) => i.state === 'due').length} 项即将到期</span>
      </Space>
      {!items.length ? <Empty description="没有超期或即将到期的步骤" /> : villages.map((v) => (
        <div key={v} style={{ marginBottom: 16 }}>
          <h3 style={{ margin: '8px 0' }}>{v}</h3>
          <Table<DueItem> size="small" pagination={false} rowKey={(i) => `${i.caseId}-${i.step}`} dataSource={items.filter((i) => (i.village ?? '（未填村）') === v)}
            onRow={(i) => ({ onClick: () => onOpen(i.householdId), style: { cursor: 'pointer' } })}
            columns={[
              { title: '户主', dataIndex: 'name', width: 100 }, { title: '待办步骤', key: 's', width: 140, render: (_, i) => STEP_LABEL[i.step] },
              { title: '期限', dataIndex: 'due', width: 110 },
              { title: '状态', key: 'st', render: (_, i) => (i.state === 'overdue' ? <Tag color="red">已超期 {-i.daysLeft} 天</Tag> : <Tag color="orange">{i.daysLeft === 0 ? '今天到期' : `还剩 ${i.daysLeft} 天`}</Tag>) },
            ]} />
        </div>
      ))}
    </div>
  );
}

/** Quick entry: one round of visits in a village, the same date and visitor for every household at risk there. */
function VillageVisits({ open, rows, onClose, onSaved }: { open: boolean; rows: MonitorHouseholdRow[]; onClose: () => void; onSaved: (n: number) => void }) {
  const [form] = Form.useForm<{ village: string; ids: number[]; date: Dayjs; visitor: string; method: '入户' | '电话'; content?: string }>();
  const village = Form.useWatch('village', form);
  const candidates = rows.filter((r) => r.open && r.village === village);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Choosing a village selects all its households at risk; the clerk then takes out the ones not visited.
  const onValues = (changed: { village?: string }) => {
    if (changed.village !== undefined) form.setFieldValue('ids', rows.filter((r) => r.open && r.village === changed.village).map((r) => r.id));
  };
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true); setError(null);
    try {
      const r = await invoke('monitoring.addVisits', { householdIds: v.ids, date: fromDay(v.date)!, visitor: v.visitor, method: v.method, content: v.content || null, incomeChange: null, riskChange: null });
      form.resetFields(); onSaved(r.added);
    } catch (e) { setError(errorMessage(e)); } finally { setSaving(false); }
  };
  return (
    <Modal open={open} title="按村批量记录走访" onCancel={onClose} onOk={save} okText="保存" confirmLoading={saving} width={640} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ date: todayDay(), method: '入户' }} name="villageVisits" onValuesChange={onValues}>
        <Form.Item name="village" label="行政村" rules={[{ required: true, message: '请选择村' }]}>
          <Select options={[...new Set(rows.filter((r) => r.open).map((r) => r.village ?? ''))].filter(Boolean).map((v) => ({ value: v, label: v }))} />
        </Form.Item>
        <Form.Item name="ids" label={`走访的户（该村风险未消除 ${candidates.length} 户）`} rules={[{ required: true, message: '请选择要记录走访的户' }]}>
          <Select mode="multiple" options={candidates.map((r) => ({ value: r.id, label: r.headName }))} />
        </Form.Item>
        <Space>
          <Form.Item name="date" label="走访日期" rules={[{ required: true }]}><DatePicker format={DATE_FORMAT} disabledDate={notAfterToday} /></Form.Item>
          <Form.Item name="visitor" label="走访人" rules={[{ required: true, message: '请填写走访人' }]}><Input maxLength={30} /></Form.Item>
          <Form.Item name="method" label="方式"><Radio.Group options={['入户', '电话']} /></Form.Item>
        </Space>
        <Form.Item name="content" label="走访内容"><Input.TextArea rows={2} maxLength={500} /></Form.Item>
      </Form>
    </Modal>
  );
}

export function MonitoringPage() {
  const { message } = App.useApp();
  const { param } = useAsOf();
  const [mode, setMode] = useState<'list' | 'import'>('list');
  const [tab, setTab] = useState<'households' | 'due'>('households');
  const [reloadKey, setReloadKey] = useState(0);
  const [stats, setStats] = useState<Stats | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [villageVisits, setVillageVisits] = useState(false);
  const [busy, setBusy] = useState(false);
  const rows = useRef<{ key: string; list: MonitorHouseholdRow[] } | null>(null);
  const [villages, setVillages] = useState<string[]>([]);

  const refresh = useCallback(() => { rows.current = null; setReloadKey((k) => k + 1); }, []);
  useEffect(() => {
    invoke('stats.get', { asOf: param }).then((s) => setStats((s as unknown as { monitoring?: Stats }).monitoring ?? null), () => setStats(null));
  }, [param, reloadKey]);
  const all = useCallback(async () => {
    const key = `${param ?? ''}#${reloadKey}`;
    if (rows.current?.key !== key) {
      const list = await invoke('monitoring.households', { asOf: param });
      rows.current = { key, list };
      setVillages([...new Set(list.map((r) => r.village ?? '').filter(Boolean))]);
    }
    return rows.current.list;
  }, [param, reloadKey]);
  const fetchRows = useCallback(async (q: GridQuery) => query(await all(), q), [all]);
  // From the 问题清单: open the household whose 户主 the finding names.
  const [intent] = useState(takeMonitoringIntent);
  useEffect(() => {
    if (!intent) return;
    invoke('monitoring.households', { asOf: param }).then((list) => {
      const h = list.find((r) => r.headPersonId === intent.personId);
      if (h) setOpen(h.id);
    }, (e) => message.error(errorMessage(e)));
  }, [intent]); // param and message: the household is found once, when the page opens
  const cols = useMemo(() => householdColumns(villages), [villages]);

  const exportLedger = async () => {
    setBusy(true);
    try { const f = await invoke('export.monitoring', { asOf: param }); downloadBase64(f.fileName, f.base64); } catch (e) { message.error(`导出失败：${errorMessage(e)}`); } finally { setBusy(false); }
  };

  if (mode === 'import') {
    const back = () => { setMode('list'); refresh(); };
    return <ImportPage kind="monitoring" kinds={['monitoring', 'monitoring-cases', 'visits', 'migrant-work']} onBack={back}
      doneActions={[<Button key="back" type="primary" onClick={back}>查看监测户</Button>]} />;
  }
  return (
    <div className="page">
      <div className="page-header">
        <h2 className="page-title">防返贫监测</h2>
        {stats && (
          <span data-testid="monitoring-summary">
            监测户 {stats.households} 户 {stats.persons} 人，风险未消除 {stats.openHouseholds} 户；无开发式帮扶 {stats.noDevMeasure} 户，办理超期 {stats.overdue} 件
          </span>
        )}
        <Segmented value={tab} onChange={setTab} options={[{ value: 'households', label: '监测户' }, { value: 'due', label: '到期提醒' }]} />
        <Space>
          <Button onClick={() => setMode('import')} title="导入监测系统下载的监测对象信息、务工信息，或乡镇的工作台账、走访记录">导入</Button>
          <Button onClick={exportLedger} loading={busy}>导出帮扶台账</Button>
          <Button data-testid="monitoring-print-visits" title="按村、按月打印走访记录表（身份证号按设置遮挡）"
            onClick={() => { setPrintIntent({ kind: 'visits', back: 'monitoring' }); navigate('print'); }}>打印走访记录表</Button>
          <Button data-testid="monitoring-print-elimination" title="打印风险消除公示（公示期和监督电话取自设置）"
            onClick={() => { setPrintIntent({ kind: 'eliminationGongshi', back: 'monitoring' }); navigate('print'); }}>打印风险消除公示</Button>
          <Button type="primary" onClick={async () => { await all(); setVillageVisits(true); }}>按村记录走访</Button>
        </Space>
      </div>
      {tab === 'households' ? (
        <DataGrid<MonitorHouseholdRow> gridId="monitoring" testId="monitoring-grid" columns={cols} fetchRows={fetchRows} rowKey={(r) => r.id}
          reloadKey={reloadKey} resetKey={param} exportName="监测户" onRowClick={(r) => setOpen(r.id)}
          emptyText="还没有监测户：点“导入”导入监测系统下载的（自定义）监测对象信息" />
      ) : <DueBoard onOpen={setOpen} reloadKey={reloadKey} />}
      <HouseholdDrawer householdId={open} onClose={() => setOpen(null)} onChanged={refresh} />
      <VillageVisits open={villageVisits} rows={rows.current?.list ?? []} onClose={() => setVillageVisits(false)}
        onSaved={(n) => { setVillageVisits(false); message.success(`已记录 ${n} 户的走访`); refresh(); }} />
    </div>
  );
}
