import { Alert, App, Button, Card, Input, Modal, Segmented, Space, Switch, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Village } from '../../../shared/api/contract';
import type { Finding } from '../../../shared/api/posts';
import { downloadBase64, invoke } from '../api';
import { useAsOf } from '../asOf';
import { CollapsibleSummary } from '../components/CollapsibleSummary';
import { DataGrid, type GridColumn, type GridQuery } from '../components/DataGrid';
import { errorMessage } from '../lib/format';
import { navigate } from '../navigation';
import { setMonitoringIntent } from './monitoring/intent';
import { RULE_TITLES, ruleModule, ruleTitle, SEVERITY_LABELS } from './issues/ruleTitles';
import { CrossTownshipIssues, type CountyFindings } from './issues/CrossTownshipIssues';
import { GroupedFindings, NO_VILLAGE, villageOf, type Row } from './issues/GroupedFindings';
import { setLoansIntent } from './loans/intent';
import { RenewalDialog } from './posts/RenewalDialog';
import { setPostsIntent } from './posts/intent';
import { setPrintIntent } from './print/intent';
import { setWorkshopsIntent } from './workshops/intent';

type Module = 'all' | 'posts' | 'workshops' | 'loans' | 'monitoring';
interface RuleCount { rule: string; title: string; errors: number; warnings: number; count: number }
interface VillageCount { village: string; errors: number; warnings: number }

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

function severityTag(s: Finding['severity']) {
  return <Tag color={s === 'error' ? 'red' : 'orange'}>{SEVERITY_LABELS[s] ?? s}</Tag>;
}

/** Counts by rule (code order) and by village (most errors first). */
function countFindings(rows: Row[]): { rules: RuleCount[]; villages: VillageCount[] } {
  const rules = new Map<string, RuleCount>();
  const villages = new Map<string, VillageCount>();
  for (const f of rows) {
    const r = rules.get(f.rule) ?? rules.set(f.rule, { rule: f.rule, title: ruleTitle(f.rule), errors: 0, warnings: 0, count: 0 }).get(f.rule)!;
    r.count++;
    // A rule can report both (P04: outside the limits is a 提醒, 70+ an 错误).
    if (f.severity === 'error') r.errors++; else r.warnings++;
    const name = f.village ?? NO_VILLAGE;
    const v = villages.get(name) ?? villages.set(name, { village: name, errors: 0, warnings: 0 }).get(name)!;
    if (f.severity === 'error') v.errors++; else v.warnings++;
  }
  return {
    rules: [...rules.values()].sort((a, b) => a.rule.localeCompare(b.rule)),
    villages: [...villages.values()].sort((a, b) => b.errors - a.errors || b.warnings - a.warnings || a.village.localeCompare(b.village, 'zh')),
  };
}

/** Opens the record a finding is about: the 聘用 (or post), the workshop's drawer, the loan's drawer. */
function openFinding(f: Finding): void {
  const module = ruleModule(f.rule);
  if (f.record.type === 'loan') { setLoansIntent({ tab: 'ledger', loanId: f.record.id }); navigate('loans'); return; }
  if (module === 'workshops' && f.record.type === 'workshop') setWorkshopsIntent({ workshopId: f.record.id, tab: f.rule === 'W06' ? 'info' : f.rule === 'W04' || f.rule === 'W02' ? 'qualification' : 'employments' });
  if (module === 'monitoring' && f.record.type === 'person') setMonitoringIntent({ personId: f.record.id });
  if (module !== 'posts') { navigate(module ?? 'issues'); return; }
  const { type, id } = f.record;
  if (type === 'post') setPostsIntent({ tab: 'library', postId: id });
  else if (type === 'appointment') setPostsIntent({ tab: 'appointments', idNo: f.id, appointmentId: id });
  else if (type === 'person') setPostsIntent({ tab: 'appointments', personId: id });
  else setPostsIntent({ tab: 'appointments', idNo: f.id });
  navigate('posts');
}

function columns(rules: string[], villages: string[]): GridColumn<Row>[] {
  return [
    {
      key: 'rule', title: '规则', width: 170, sortable: true, text: (f) => `${f.rule} ${ruleTitle(f.rule)}`,
      filter: { kind: 'select', options: rules.map((r) => ({ value: r, label: `${r} ${ruleTitle(r)}` })) },
    },
    {
      key: 'severity', title: '严重程度', width: 90, sortable: true, text: (f) => SEVERITY_LABELS[f.severity] ?? f.severity,
      render: (f) => severityTag(f.severity),
      filter: { kind: 'select', options: [{ value: 'error', label: '错误' }, { value: 'warning', label: '提醒' }] },
    },
    { key: 'id', title: '身份证号/编号', width: 180, sortable: true, filter: { kind: 'text', placeholder: '任意部分' }, text: (f) => f.id },
    { key: 'name', title: '姓名/名称', width: 120, sortable: true, filter: { kind: 'text' }, text: (f) => f.name },
    {
      key: 'village', title: '村', width: 110, sortable: true, text: (f) => f.village ?? '',
      filter: { kind: 'select', options: villages.map((v) => ({ value: v, label: v })) },
    },
    { key: 'message', title: '说明', width: 560, text: (f) => (f.reviewed ? `【已核实】${f.message}` : f.message) },
  ];
}

function matches(f: Row, filters: Record<string, unknown>): boolean {
  const rule = str(filters.rule), sev = str(filters.severity), id = str(filters.id), name = str(filters.name), village = str(filters.village);
  return (!rule || f.rule === rule) && (!sev || f.severity === sev) && (!id || f.id.toUpperCase().includes(id.toUpperCase()))
    && (!name || f.name.includes(name)) && (!village || (f.village ?? NO_VILLAGE) === village);
}

/** P10 findings a 公示 would clear: those missing the 聘用公示 (others lack paperwork a 公示 does not supply). */
const needsGongshi = (rows: Row[]) => {
  const appts = rows.filter((f) => f.record.type === 'appointment');
  const missing = appts.filter((f) => f.message.includes('公示'));
  return (missing.length ? missing : appts).map((f) => f.record.id);
};

/** 问题清单: what the county inspection would flag, before it does — grouped for work, each finding one click from its record. */
export function IssuesPage() {
  const { message } = App.useApp();
  const { asOf, param } = useAsOf();
  const [module, setModule] = useState<Module>('all');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [generation, setGeneration] = useState(0);
  const [ruleFilter, setRuleFilter] = useState<string | null>(null);
  const [villageFilter, setVillageFilter] = useState<string | null>(null);
  const [noData, setNoData] = useState(false);
  const [priority, setPriority] = useState<{ active: number; priorityActive: number } | null>(null);
  const [layout, setLayout] = useState<'groups' | 'list'>('groups');
  const [showReviewed, setShowReviewed] = useState(false);
  const [villages, setVillages] = useState<Village[]>([]);
  const [renewal, setRenewal] = useState<{ ids: number[]; villageId?: number } | null>(null);
  const [reviewing, setReviewing] = useState<Row | null>(null);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  // 跨乡镇问题: from the county workspace, a tab of its own (only where packages are kept).
  const [county, setCounty] = useState<CountyFindings | null>(null);
  const [view, setView] = useState<'township' | 'county'>('township');
  const loadCounty = useCallback(() => invoke('county.findings', {}).then(setCounty, () => setCounty(null)), []);
  useEffect(() => { void loadCounty(); }, [loadCounty]);
  useEffect(() => { invoke('villages.list', {}).then(setVillages, () => setVillages([])); }, []);

  const run = useCallback(async () => {
    setRunning(true);
    setError(null);
    try {
      // Every finding comes back, 已核实 ones flagged: the page hides those unless asked (the CLI lists them all).
      const found = await invoke('checks.run', { ...(module === 'all' ? {} : { module }), asOf: param });
      setRows(found.map((f, i) => ({ ...f, key: i })));
      setGeneration((g) => g + 1);
    } catch (e) {
      setError(errorMessage(e));
      setRows([]);
    } finally {
      setRunning(false);
    }
    invoke('stats.get', { asOf: param }).then((s) => {
      setNoData(s.persons === 0);
      const p = (s as { posts?: { active?: number; priorityActive?: number } }).posts;
      setPriority(p && typeof p.active === 'number' && typeof p.priorityActive === 'number' ? { active: p.active, priorityActive: p.priorityActive } : null);
    }, () => setPriority(null));
  }, [module, param]);
  useEffect(() => { void run(); }, [run]);

  const reviewedCount = (rows ?? []).filter((f) => f.reviewed).length;
  const visible = useMemo(() => (rows ?? []).filter((f) => showReviewed || !f.reviewed), [rows, showReviewed]);
  const counts = useMemo(() => countFindings(visible), [visible]);
  const gridColumns = useMemo(() => columns(counts.rules.map((r) => r.rule), counts.villages.map((v) => v.village)), [counts]);

  const fetchRows = useCallback(async (q: GridQuery) => {
    let list = visible.filter((f) => matches(f, q.filters)
      && (!ruleFilter || f.rule === ruleFilter) && (!villageFilter || villageOf(f) === villageFilter));
    if (q.sort) {
      const { field, dir } = q.sort;
      const key = (f: Row) => String((f as unknown as Record<string, unknown>)[field] ?? '');
      list = [...list].sort((a, b) => key(a).localeCompare(key(b), 'zh') * (dir === 'asc' ? 1 : -1));
    }
    return { rows: list.slice(q.offset, q.offset + q.limit), total: list.length };
  }, [visible, ruleFilter, villageFilter]);

  const exportAll = async () => {
    setExporting(true);
    try {
      const f = await invoke('checks.export', {});
      downloadBase64(f.fileName, f.base64);
    } catch (e) {
      message.error(`导出失败：${errorMessage(e)}`);
    } finally {
      setExporting(false);
    }
  };

  const villageId = (name: string | null) => (name && name !== NO_VILLAGE ? villages.find((v) => v.name === name)?.id : undefined);

  /** The bulk action a group has: 批量续聘 for P13, 打印公示 for P10. */
  const groupActions = (rule: string, village: string | null, list: Row[]) => {
    const testId = `issues-group-actions-${rule}${village ? `-${village}` : ''}`;
    if (rule === 'P13') {
      const ids = list.filter((f) => f.record.type === 'appointment').map((f) => f.record.id);
      return ids.length > 0 && (
        <Button size="small" data-testid={testId} onClick={() => setRenewal({ ids, villageId: villageId(village) })}>批量续聘（{ids.length} 人）</Button>
      );
    }
    if (rule === 'P10') {
      const ids = needsGongshi(list);
      return ids.length > 0 && (
        <Button size="small" data-testid={testId} onClick={() => { setPrintIntent({ kind: 'gongshi', villageId: villageId(village), appointmentIds: ids, back: 'issues' }); navigate('print'); }}>
          打印公示（{ids.length} 人）
        </Button>
      );
    }
    return null;
  };

  const review = async () => {
    const f = reviewing;
    if (!f) return;
    if (!reason.trim()) { message.warning('请写明核实情况'); return; }
    setSaving(true);
    try {
      const r = await invoke('checks.review', { rule: f.rule, recordType: f.record.type as 'person', recordId: f.record.id, message: f.message, asOf: param, reason: reason.trim() });
      setRows((list) => list && list.map((x) => (x.key === f.key ? { ...x, reviewed: true, review: r.review } : x)));
      message.success(`已核实：${f.name}（${f.rule} ${ruleTitle(f.rule)}）。记录有变化时会重新列出。`);
      setReviewing(null);
    } catch (e) { message.error(errorMessage(e)); } finally { setSaving(false); }
  };
  const unreview = async (f: Row) => {
    try {
      await invoke('checks.unreview', { rule: f.rule, recordType: f.record.type as 'person', recordId: f.record.id });
      setRows((list) => list && list.map((x) => (x.rule === f.rule && x.record.type === f.record.type && x.record.id === f.record.id ? { ...x, reviewed: false, review: undefined } : x)));
      message.success('已取消核实');
    } catch (e) { message.error(errorMessage(e)); }
  };

  const errors = visible.filter((f) => f.severity === 'error').length;
  const warnings = visible.length - errors;
  const toggle = (cur: string | null, v: string) => (cur === v ? null : v);

  return (
    <div className="page">
      <div className="page-header">
        <h2 className="page-title">问题清单</h2>
        <Segmented<Module | 'county'>
          value={view === 'county' ? 'county' : module} data-testid="issues-tabs"
          onChange={(v) => { if (v === 'county') setView('county'); else { setView('township'); setModule(v); } }}
          options={[{ value: 'all', label: '全部' }, { value: 'posts', label: '公益岗位' }, { value: 'workshops', label: '帮扶车间' }, { value: 'loans', label: '小额信贷' }, { value: 'monitoring', label: '防返贫监测' },
            ...(county?.packages ? [{ value: 'county' as const, label: `跨乡镇问题（${county.counts.total}）` }] : [])]}
        />
        <Space data-testid="issues-actions">
          <Button onClick={exportAll} loading={exporting}>导出</Button>
          <Button type="primary" onClick={() => { void run(); void loadCounty(); }} loading={running}>重新检查</Button>
        </Space>
      </div>
      {view === 'county' && <CrossTownshipIssues data={county} />}
      {view === 'township' && <>
      {error && <Alert type="error" showIcon title={`检查没有完成：${error}`} />}
      {view === 'township' && module === 'all' && county && county.counts.total > 0 && (
        <Alert type="warning" showIcon data-testid="county-issues-alert"
          title={<>县级汇总中还有跨乡镇问题 {county.counts.total} 个（{county.counts.byRule.map((r) => `${r.rule} ${r.title} ${r.count}`).join('，')}）。<Button type="link" size="small" onClick={() => setView('county')}>查看跨乡镇问题</Button></>} />
      )}
      {rows && !error && (
        <Typography.Text data-testid="issues-summary">
          {rows.length === 0 ? (noData ? '台账中还没有人员，没有可检查的内容。请先在“导入”里导入名单或公益岗位花名册，再回来检查。' : '没有发现问题。')
            : visible.length === 0 ? `没有待处理的问题（${reviewedCount} 个已核实）。`
              : `统计日期 ${asOf}：共发现 ${visible.length} 个问题：错误 ${errors} 个（必须改正），提醒 ${warnings} 个（请核实）。点一条打开对应的记录；核实过不是问题的，点“核实”写明情况后不再列出。`}
          {priority && priority.active > 0 && `　优先安置比例：在岗 ${priority.active} 人次中脱贫户/监测户 ${priority.priorityActive} 人次（${((priority.priorityActive / priority.active) * 100).toFixed(1)}%）。`}
        </Typography.Text>
      )}
      {rows && rows.length > 0 && (
        <Space wrap>
          <Segmented<'groups' | 'list'>
            value={layout} onChange={setLayout} data-testid="issues-layout"
            options={[{ value: 'groups', label: '按规则和村分组' }, { value: 'list', label: '列表' }]}
          />
          <Space size={6} data-testid="issues-reviewed-toggle">
            <Switch size="small" checked={showReviewed} onChange={setShowReviewed} aria-label="显示已核实" data-testid="issues-show-reviewed" />
            <span>显示已核实（{reviewedCount}）</span>
          </Space>
        </Space>
      )}
      {rows && visible.length > 0 && layout === 'groups' && (
        <GroupedFindings rows={visible} onOpen={openFinding} onReview={(f) => { setReason(''); setReviewing(f); }} onUnreview={unreview} actions={groupActions} />
      )}
      {rows && visible.length > 0 && layout === 'list' && (
        <CollapsibleSummary
          id="issues-counts" title="问题分布" testId="issues-counts"
          brief={`${counts.rules.length} 条规则，${counts.villages.length} 个村；最多的：${counts.rules.slice().sort((a, b) => b.count - a.count).slice(0, 3).map((r) => `${r.rule} ${r.title} ${r.count}`).join('，')}`}
        >
        <div className="issues-counts">
          <Card size="small" title="按规则" data-testid="issues-by-rule">
            <Table<RuleCount>
              rowKey="rule" size="small" pagination={false} dataSource={counts.rules} scroll={{ y: 240 }}
              rowClassName={(r) => (r.rule === ruleFilter ? 'ant-table-row-selected' : '')}
              onRow={(r) => ({ onClick: () => setRuleFilter((c) => toggle(c, r.rule)), style: { cursor: 'pointer' } })}
              columns={[
                { title: '规则', dataIndex: 'rule', width: 60 },
                { title: '名称', dataIndex: 'title', render: (t: string, r) => (RULE_TITLES[r.rule] ? t : <Typography.Text type="secondary">{t}</Typography.Text>) },
                {
                  title: '严重程度', key: 'severity', width: 130,
                  render: (_, r) => <>{r.errors > 0 && severityTag('error')}{r.warnings > 0 && severityTag('warning')}</>,
                },
                { title: '数量', dataIndex: 'count', width: 70, align: 'right' },
              ]}
            />
          </Card>
          <Card size="small" title="按村" data-testid="issues-by-village">
            <Table<VillageCount>
              rowKey="village" size="small" pagination={false} dataSource={counts.villages} scroll={{ y: 240 }}
              rowClassName={(v) => (v.village === villageFilter ? 'ant-table-row-selected' : '')}
              onRow={(v) => ({ onClick: () => setVillageFilter((c) => toggle(c, v.village)), style: { cursor: 'pointer' } })}
              columns={[
                { title: '村', dataIndex: 'village' },
                { title: '错误', dataIndex: 'errors', width: 70, align: 'right' },
                { title: '提醒', dataIndex: 'warnings', width: 70, align: 'right' },
              ]}
            />
          </Card>
        </div>
        </CollapsibleSummary>
      )}
      {rows && layout === 'list' && (
        <DataGrid<Row>
          gridId="issues" testId="issues-grid" columns={gridColumns} fetchRows={fetchRows} rowKey={(f) => f.key}
          resetKey={`${generation}|${ruleFilter}|${villageFilter}|${showReviewed}`} exportName="问题清单" onRowClick={openFinding}
          emptyText={error ? '检查没有完成' : '没有发现问题'}
          toolbar={(ruleFilter || villageFilter) && (
            <Space size={4}>
              {ruleFilter && <Tag closable color="blue" onClose={() => setRuleFilter(null)}>{ruleFilter} {ruleTitle(ruleFilter)}</Tag>}
              {villageFilter && <Tag closable color="blue" onClose={() => setVillageFilter(null)}>{villageFilter}</Tag>}
            </Space>
          )}
        />
      )}
      </>}
      <Modal
        open={!!reviewing} title="核实这条问题" okText="标记为已核实" cancelText="取消" confirmLoading={saving}
        onOk={review} onCancel={() => setReviewing(null)} destroyOnHidden
      >
        {reviewing && (
          <Space orientation="vertical" style={{ width: '100%' }} data-testid="review-dialog">
            <Typography.Text>{reviewing.rule} {ruleTitle(reviewing.rule)} · {reviewing.name}：{reviewing.message}</Typography.Text>
            <Typography.Text type="secondary">写明为什么这不是问题（例如：已电话核实，续聘协议已签待录入）。记入操作日志；这条记录以后有任何修改，问题会重新列出。</Typography.Text>
            <Input.TextArea rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} aria-label="核实情况" autoFocus />
          </Space>
        )}
      </Modal>
      <RenewalDialog
        open={!!renewal} onClose={() => setRenewal(null)} villages={villages} preselect={renewal ?? undefined} back="issues"
        onRenewed={() => { void run(); }}
      />
    </div>
  );
}
