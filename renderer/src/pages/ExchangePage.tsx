import { Alert, App, Button, Card, DatePicker, Popconfirm, Progress, Space, Table, Tag, Typography, Upload, type UploadFile } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type {
  CountyImportResult, CountyPackage, CountyWorkspace, CrossFinding, ExportJob, MergeResult, PackageInfo, TownshipFigures,
} from '../../../shared/api/overview';
import { FIGURES } from '../../../shared/api/labels';
import { ruleTitle } from '../../../shared/rules';
import { downloadBase64, fileToBase64, invoke } from '../api';
import { DataGrid, type GridColumn, type GridQuery } from '../components/DataGrid';
import { errorMessage, formatDateTime } from '../lib/format';
import { usePolling } from '../lib/usePolling';
import { navigate } from '../navigation';
import { ledgerNow } from '../clock';

const STATUS: Record<PackageInfo['status'], { color: string; label: string }> = {
  ok: { color: 'green', label: '校验通过' },
  modified: { color: 'orange', label: '导出后被修改' },
  invalid: { color: 'red', label: '无法合并' },
  replaced: { color: 'default', label: '已被较新的替代' },
};

type FindingRow = CrossFinding & { key: number };
const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

const findingColumns: GridColumn<FindingRow>[] = [
  {
    key: 'rule', title: '规则', width: 190, text: (f) => `${f.rule} ${f.title}`,
    filter: { kind: 'select', options: (['P01', 'L04', 'W01'] as const).map((r) => ({ value: r, label: `${r} ${ruleTitle(r)}（跨乡镇）` })) },
  },
  { key: 'severity', title: '严重程度', width: 80, text: (f) => (f.severity === 'error' ? '错误' : '提醒'), render: (f) => <Tag color={f.severity === 'error' ? 'red' : 'orange'}>{f.severity === 'error' ? '错误' : '提醒'}</Tag> },
  { key: 'name', title: '姓名', width: 90, text: (f) => f.name, filter: { kind: 'text' } },
  { key: 'id', title: '身份证号/户编号', width: 180, text: (f) => f.id, filter: { kind: 'text', placeholder: '任意部分' } },
  { key: 'townships', title: '涉及乡镇', width: 160, text: (f) => f.townships.join('、') },
  { key: 'message', title: '说明', width: 640, text: (f) => f.message },
];

function fmt(key: string, v: number): string {
  if (key === 'householdLoanRate') return `${v.toLocaleString('zh-CN', { maximumFractionDigits: 2 })}%`;
  return v.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}

/** Per-township figures side by side, one column per township and the 合计. */
function FiguresTable({ towns, total, testId }: { towns: { name: string; modified: boolean; figures: TownshipFigures }[]; total: TownshipFigures; testId: string }) {
  const figureRows = FIGURES.map((f) => ({
    key: f.key, group: f.group, label: `${f.label}（${f.unit}）`,
    ...Object.fromEntries(towns.map((t, i) => [`t${i}`, fmt(f.key, t.figures[f.key])])),
    total: fmt(f.key, total[f.key]),
  }));
  return (
    <Table size="small" pagination={false} bordered dataSource={figureRows} data-testid={testId} scroll={{ x: true }}
      columns={[
        { title: '类别', dataIndex: 'group', width: 90, onCell: (row, i) => ({ rowSpan: i != null && i > 0 && figureRows[i - 1].group === row.group ? 0 : figureRows.filter((x) => x.group === row.group).length }) },
        { title: '指标', dataIndex: 'label', width: 160 },
        ...towns.map((t, i) => ({
          title: <Space size={4}>{t.name}{t.modified && <Tag color="orange">已修改</Tag>}</Space>, dataIndex: `t${i}`, align: 'right' as const,
        })),
        { title: '合计', dataIndex: 'total', align: 'right' as const },
      ]} />
  );
}

function MergeResultView({ r }: { r: MergeResult }) {
  const modified = r.packages.filter((p) => p.status === 'modified');
  const invalid = r.packages.filter((p) => p.status === 'invalid');
  const rows = useMemo(() => r.findings.map((f, i) => ({ ...f, key: i })), [r]);
  const fetchRows = useCallback(async (q: GridQuery) => {
    const rule = str(q.filters.rule), name = str(q.filters.name), id = str(q.filters.id);
    const list = rows.filter((f) => (!rule || f.rule === rule) && (!name || f.name.includes(name)) && (!id || f.id.toUpperCase().includes(id.toUpperCase())));
    return { rows: list.slice(q.offset, q.offset + q.limit), total: list.length };
  }, [rows]);
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="merge-result">
      {modified.length > 0 && (
        <Alert type="warning" showIcon data-testid="merge-modified"
          message={`${modified.length} 个交换包在导出后被手工修改过，数据已合并，请与乡镇核实`}
          description={modified.map((p) => `${p.fileName}（${p.township || p.code}）：${p.messages.join('；')}`).join('\n')} style={{ whiteSpace: 'pre-line' }} />
      )}
      {invalid.length > 0 && (
        <Alert type="error" showIcon message={`${invalid.length} 个文件无法合并`} description={invalid.map((p) => `${p.fileName}：${p.messages.join('；')}`).join('\n')} style={{ whiteSpace: 'pre-line' }} />
      )}
      <Card size="small" title="交换包" extra={<Button onClick={() => downloadBase64(r.workbook.fileName, r.workbook.base64)}>下载合并结果（Excel）</Button>}>
        <Table size="small" pagination={false} rowKey={(p) => p.fileName + p.exportedAt} dataSource={r.packages} data-testid="merge-packages"
          columns={[
            { title: '文件', dataIndex: 'fileName' },
            { title: '乡镇', render: (_, p) => p.township || '—' },
            { title: '乡镇代码', render: (_, p) => p.code || '—' },
            { title: '导出时间', render: (_, p) => formatDateTime(p.exportedAt) },
            { title: '数据库版本', dataIndex: 'schemaVersion' },
            { title: '校验', render: (_, p) => <Tag color={STATUS[p.status].color}>{STATUS[p.status].label}</Tag> },
            { title: '说明', render: (_, p) => p.messages.join('；') },
          ]} />
      </Card>
      {r.townships.length > 0 && (
        <Card size="small" title="各乡镇数字对照">
          <FiguresTable towns={r.townships} total={r.total} testId="merge-figures" />
        </Card>
      )}
      <Card size="small" title={`跨乡镇问题（${r.findings.length} 条）`} data-testid="merge-findings">
        {r.findings.length
          ? <div style={{ height: Math.min(420, 120 + r.findings.length * 34), display: 'flex' }}>
            <DataGrid gridId="exchange-findings" columns={findingColumns} fetchRows={fetchRows} rowKey={(f) => f.key} resetKey={r} exportName="跨乡镇问题" />
          </div>
          : <Typography.Text type="secondary">没有发现同一人跨乡镇在岗、同一时间跨乡镇在车间务工或同一户跨乡镇贷款。</Typography.Text>}
      </Card>
    </Space>
  );
}

const OUTCOME: Record<CountyImportResult['results'][number]['outcome'], { color: string; label: string }> = {
  added: { color: 'green', label: '已存入' },
  replaced: { color: 'blue', label: '已替换较早的' },
  unchanged: { color: 'default', label: '相同，未变' },
  older: { color: 'default', label: '较旧，未存入' },
  invalid: { color: 'red', label: '无法存入' },
};

/** What the last 存入县级汇总 did, file by file. */
function ImportOutcome({ r }: { r: CountyImportResult }) {
  const bad = r.results.filter((x) => x.outcome === 'invalid').length;
  const modified = r.results.filter((x) => x.status === 'modified' && (x.outcome === 'added' || x.outcome === 'replaced')).length;
  return (
    <Alert style={{ marginTop: 12 }} showIcon data-testid="county-import-result" type={bad ? 'error' : modified ? 'warning' : 'success'}
      title={`${r.results.length} 个文件：${r.results.map((x) => `${x.fileName}（${x.township || '—'}）${OUTCOME[x.outcome].label}`).join('；')}`}
      description={r.results.some((x) => x.messages.length) ? <div style={{ whiteSpace: 'pre-line' }}>{r.results.filter((x) => x.messages.length).map((x) => `${x.fileName}：${x.messages.join('；')}`).join('\n')}</div> : undefined} />
  );
}

/** The county workspace: the packages kept in this program, their figures side by side, and the cross-township problems. */
function CountyWorkspaceView({ ws, onRemove, removing }: { ws: CountyWorkspace; onRemove: (p: CountyPackage) => void; removing: number | null }) {
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const mismatched = ws.packages.filter((p) => p.hashStatus === 'mismatch');
  const download = async () => {
    setExporting(true);
    try { const f = await invoke('county.export', {}); downloadBase64(f.fileName, f.base64); } catch (e) { message.error(errorMessage(e)); } finally { setExporting(false); }
  };
  return (
    <Card size="small" data-testid="county-workspace"
      title={`县级汇总（已保存 ${ws.packages.length} 个乡镇）`}
      extra={ws.packages.length > 0 && <Button loading={exporting} onClick={download}>下载汇总（Excel）</Button>}>
      {!ws.packages.length
        ? <Typography.Text type="secondary" data-testid="county-empty">还没有存入交换包。选择各乡镇的交换包后点“存入县级汇总”，保存在本机，重新打开程序后仍在。</Typography.Text>
        : <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {mismatched.length > 0 && (
            <Alert type="warning" showIcon data-testid="county-modified"
              title={`${mismatched.length} 个交换包在导出后被手工修改过，数字按修改后的计入，请与乡镇核实：${mismatched.map((p) => p.township).join('、')}`} />
          )}
          <Table<CountyPackage> size="small" pagination={false} rowKey="id" dataSource={ws.packages} data-testid="county-packages"
            columns={[
              { title: '乡镇', render: (_, p) => p.township || '—' },
              { title: '乡镇代码', render: (_, p) => p.code || '—' },
              { title: '导出时间', render: (_, p) => formatDateTime(p.exportedAt) },
              { title: '文件', dataIndex: 'fileName' },
              { title: '校验', render: (_, p) => (p.hashStatus === 'ok' ? <Tag color="green">校验通过</Tag> : <Tag color="orange">导出后被修改</Tag>) },
              { title: '存入时间', render: (_, p) => formatDateTime(p.importedAt) },
              { title: '说明', render: (_, p) => (p.hashStatus === 'mismatch' ? p.messages.join('；') : '') },
              {
                title: '操作', width: 80, render: (_, p) => (
                  <Popconfirm title={`从县级汇总中移除${p.township}的交换包？`} description="只移除汇总中的这份数据，乡镇的文件不受影响。" okText="移除" cancelText="取消" onConfirm={() => onRemove(p)}>
                    <Button size="small" danger type="link" loading={removing === p.id}>移除</Button>
                  </Popconfirm>
                ),
              },
            ]} />
          <FiguresTable towns={ws.packages.map((p) => ({ name: p.township, modified: p.hashStatus === 'mismatch', figures: p.figures }))} total={ws.total} testId="county-figures" />
          <Space data-testid="county-findings-summary">
            {ws.counts.total
              ? <Typography.Text>跨乡镇问题 {ws.counts.total} 个：{ws.counts.byRule.map((r) => `${r.rule} ${r.title} ${r.count} 个`).join('，')}。</Typography.Text>
              : <Typography.Text type="secondary">没有发现跨乡镇问题。</Typography.Text>}
            <Button type="link" onClick={() => navigate('issues')}>在问题清单中查看</Button>
          </Space>
        </Space>}
    </Card>
  );
}

const POLL_MS = 400;

/**
 * 导出交换包 as a job with progress (exchange.exportStart, then exchange.exportStatus, as the import
 * polls import.status): at county size the package takes seconds, and the clerk sees which part is
 * being written and how far along it is instead of a spinner.
 */
function useExchangeExport(onDone: (f: { fileName: string; base64: string }) => void, onError: (message: string) => void) {
  const [job, setJob] = useState<ExportJob | null>(null);
  useEffect(() => {
    if (job?.state === 'done') { if (job.file) onDone(job.file); setJob(null); }
    if (job?.state === 'failed') { onError(job.message ?? '导出交换包没有完成'); setJob(null); }
  }, [job, onDone, onError]);
  usePolling(job, job?.state === 'running', (j) => invoke('exchange.exportStatus', { jobId: j.jobId }), setJob,
    (e) => { onError(errorMessage(e)); setJob(null); }, POLL_MS);
  const start = async () => {
    try { setJob(await invoke('exchange.exportStart', {})); } catch (e) { onError(errorMessage(e)); }
  };
  return { job, start };
}

/** 报表与交换: the 月报, the township's exchange package, and (for the county) merging packages. */
export function ExchangePage() {
  const { message } = App.useApp();
  const [month, setMonth] = useState<Dayjs>(() => ledgerNow());
  const [busy, setBusy] = useState<'report' | 'export' | 'merge' | 'keep' | null>(null);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [result, setResult] = useState<MergeResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ws, setWs] = useState<CountyWorkspace | null>(null);
  const [imported, setImported] = useState<CountyImportResult | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);
  useEffect(() => { invoke('county.workspace', {}).then(setWs, (e) => setError(errorMessage(e))); }, []);
  const exported = useCallback((f: { fileName: string; base64: string }) => { downloadBase64(f.fileName, f.base64); message.success('已导出交换包'); setBusy(null); }, [message]);
  const exportFailed = useCallback((m: string) => { message.error(m); setBusy(null); }, [message]);
  const pkg = useExchangeExport(exported, exportFailed);

  const run = async (what: 'report', f: () => Promise<{ fileName: string; base64: string }>, done: string) => {
    setBusy(what);
    try {
      const out = await f();
      downloadBase64(out.fileName, out.base64);
      message.success(done);
    } catch (e) { message.error(errorMessage(e)); } finally { setBusy(null); }
  };

  const selected = () => Promise.all(files.map(async (f) => ({ fileName: f.name, base64: await fileToBase64(f.originFileObj as File) })));
  const merge = async () => {
    setBusy('merge'); setError(null); setImported(null);
    try {
      setResult(await invoke('exchange.merge', { files: await selected() }));
    } catch (e) { setError(errorMessage(e)); setResult(null); } finally { setBusy(null); }
  };
  const keep = async () => {
    setBusy('keep'); setError(null); setResult(null);
    try {
      const r = await invoke('county.import', { files: await selected() });
      setImported(r); setWs(r.workspace); setFiles([]);
    } catch (e) { setError(errorMessage(e)); } finally { setBusy(null); }
  };
  const remove = async (p: CountyPackage) => {
    setRemoving(p.id);
    try {
      setWs(await invoke('county.remove', { id: p.id }));
      message.success(`已从县级汇总中移除${p.township}的交换包`);
    } catch (e) { message.error(errorMessage(e)); } finally { setRemoving(null); }
  };

  return (
    <div className="page" data-testid="exchange-page">
      <div className="page-header">
        <h2 className="page-title">报表与交换</h2>
        <Button onClick={() => navigate('overview')}>返回概览</Button>
      </div>
      <div className="ov-grid ov-grid-wide">
        <Card size="small" title="月报">
          <p className="ov-muted">本乡镇的月度统计表（县级格式）：汇总表，以及人员、公益岗位、帮扶车间、小额信贷的分村统计表。</p>
          <Space>
            <DatePicker picker="month" value={month} allowClear={false} format="YYYY年M月" aria-label="月报月份"
              disabledDate={(d) => d.isAfter(ledgerNow(), 'month')} onChange={(d) => d && setMonth(d)} />
            <Button type="primary" loading={busy === 'report'} data-testid="export-report"
              onClick={() => run('report', () => invoke('report.monthly', { month: month.format('YYYY-MM') }), `已导出${month.format('YYYY年M月')}月报`)}>导出月报</Button>
          </Space>
        </Card>
        <Card size="small" title="县级交换包">
          <p className="ov-muted">一个文件包含本乡镇各模块的台账和校验信息，交给县里合并。<Typography.Text type="warning">含完整身份证号，注意保密，请用单位的U盘或内网传送。</Typography.Text></p>
          <Button loading={busy === 'export'} disabled={busy != null && busy !== 'export'} data-testid="export-package"
            onClick={() => { setBusy('export'); void pkg.start(); }}>导出交换包</Button>
          {pkg.job && (
            <div data-testid="export-progress" style={{ marginTop: 8, maxWidth: 420 }}>
              <Progress percent={pkg.job.percent} status="active" size="small" />
              <span className="ov-muted">{pkg.job.stage}</span>
            </div>
          )}
        </Card>
      </div>
      <Card size="small" title="合并交换包（县级）">
        <p className="ov-muted">选择各乡镇报来的交换包（可多选）。“存入县级汇总”保存在本机（每个乡镇保留导出时间最新的一份，新的替换旧的），并列显示各乡镇数字，跨乡镇问题同时列在问题清单；“仅合并查看”只在本次查看，不保存。两者都不改动本机的乡镇台账。</p>
        <Upload.Dragger multiple accept=".xlsx" fileList={files} beforeUpload={() => false} data-testid="merge-upload"
          onChange={({ fileList }) => { setFiles(fileList); setResult(null); setImported(null); }}>
          <p style={{ margin: 8 }}>把交换包拖到这里，或点击选择文件（.xlsx，可多选）</p>
        </Upload.Dragger>
        <Space style={{ marginTop: 12 }}>
          <Button type="primary" disabled={!files.length || busy != null} loading={busy === 'keep'} onClick={keep} data-testid="county-import">存入县级汇总{files.length ? `（${files.length} 个）` : ''}</Button>
          <Button disabled={!files.length || busy != null} loading={busy === 'merge'} onClick={merge} data-testid="merge-run">仅合并查看{files.length ? `（${files.length} 个）` : ''}</Button>
          {files.length > 0 && <Button onClick={() => { setFiles([]); setResult(null); }}>清空</Button>}
        </Space>
        {error && <Alert style={{ marginTop: 12 }} type="error" showIcon title="没有完成" description={error} />}
        {imported && <ImportOutcome r={imported} />}
      </Card>
      {result && <MergeResultView r={result} />}
      {ws && <CountyWorkspaceView ws={ws} onRemove={remove} removing={removing} />}
    </div>
  );
}
