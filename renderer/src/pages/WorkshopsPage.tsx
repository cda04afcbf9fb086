import { Alert, App, Button, Dropdown, Modal, Segmented, Space } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Village } from '../../../shared/api/contract';
import type { Workshop } from '../../../shared/api/workshops';
import { downloadBase64, invoke } from '../api';
import { DataGrid, type GridQuery } from '../components/DataGrid';
import { errorMessage } from '../lib/format';
import { ImportPage } from './ImportPage';
import { takeWorkshopsIntent } from './workshops/intent';
import { WorkshopDrawer, type DrawerTab } from './workshops/WorkshopDrawer';
import { workshopColumns } from './workshops/workshopColumns';

type View = 'active' | 'deleted';
type Summary = { count: number; operating: number; employed: number; poorEmployed: number };
const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

/** The print view in a frame: what the clerk sees is what prints (A4 landscape, header on every page). */
function PrintPreview({ doc, onClose }: { doc: { title: string; html: string; warnings: string[] } | null; onClose: () => void }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const print = () => { const w = frame.current?.contentWindow; if (w) { w.focus(); w.print(); } };
  return (
    <Modal open={!!doc} title={`打印：${doc?.title ?? ''}`} width={1100} onCancel={onClose} destroyOnHidden
      footer={<Space><Button onClick={onClose}>关闭</Button><Button type="primary" onClick={print}>打印</Button></Space>}>
      {doc?.warnings.map((w) => <Alert key={w} type="warning" showIcon title={w} style={{ marginBottom: 8 }} />)}
      {doc && (
        // Same origin so print() can be called on it; the page has no scripts.
        <iframe ref={frame} title="打印预览" srcDoc={doc.html} sandbox="allow-same-origin allow-modals" data-testid="workshops-print-frame"
          style={{ width: '100%', height: '65vh', border: '1px solid #e5e7eb', background: '#e9e9e9' }} />
      )}
    </Modal>
  );
}

export function WorkshopsPage() {
  const { message } = App.useApp();
  const [mode, setMode] = useState<'list' | 'import'>('list');
  const [view, setView] = useState<View>('active');
  const [villages, setVillages] = useState<Village[]>([]);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [drawer, setDrawer] = useState<{ id: number | null; tab?: DrawerTab } | null>(null);
  const [printDoc, setPrintDoc] = useState<{ title: string; html: string; warnings: string[] } | null>(null);
  const [busy, setBusy] = useState(false);

  const loadSummary = useCallback(() => {
    invoke('stats.get', {}).then((s) => setSummary((s as unknown as { workshops?: Summary }).workshops ?? null), () => setSummary(null));
  }, []);
  useEffect(() => {
    invoke('villages.list', {}).then(setVillages, (e) => message.error(errorMessage(e)));
    loadSummary();
    const intent = takeWorkshopsIntent();
    if (intent) setDrawer({ id: intent.workshopId, tab: intent.tab });
  }, [message, loadSummary]);

  const afterChange = useCallback(() => {
    setReloadKey((k) => k + 1);
    loadSummary();
  }, [loadSummary]);

  const columns = useMemo(() => workshopColumns(villages), [villages]);
  const fetchRows = useCallback((q: GridQuery) => invoke('workshops.query', {
    offset: q.offset, limit: q.limit, sort: q.sort, deleted: view === 'deleted',
    name: str(q.filters.name), villageId: num(q.filters.villageName), status: str(q.filters.status) as Workshop['status'] | undefined,
    qualification: str(q.filters.qualification) as Workshop['qualification']['state'] | undefined,
  }), [view]);

  const download = async (channel: 'export.workshops' | 'export.employments') => {
    setBusy(true);
    try {
      const f = await invoke(channel, {});
      downloadBase64(f.fileName, f.base64);
    } catch (e) { message.error(`导出失败：${errorMessage(e)}`); } finally { setBusy(false); }
  };
  const print = async (kind: 'workshops' | 'employments') => {
    try { setPrintDoc(await invoke('print.html', { kind })); } catch (e) { message.error(errorMessage(e)); }
  };

  if (mode === 'import') {
    const back = () => { setMode('list'); afterChange(); invoke('villages.list', {}).then(setVillages, () => {}); };
    return <ImportPage kind="workshops" onBack={back} doneActions={[<Button key="back" type="primary" onClick={back}>查看帮扶车间</Button>]} />;
  }

  return (
    <div className="page">
      <div className="page-header">
        <h2 className="page-title">帮扶车间</h2>
        {summary && (
          <span className="workshops-summary" data-testid="workshops-summary">
            共 {summary.count} 个车间，运营中 {summary.operating} 个，吸纳就业 {summary.employed} 人，其中脱贫劳动力 {summary.poorEmployed} 人
          </span>
        )}
        <Segmented<View> value={view} onChange={setView} options={[{ value: 'active', label: '在册车间' }, { value: 'deleted', label: '回收站' }]} />
        <Space data-testid="workshops-actions">
          <Button onClick={() => setMode('import')} title="导入县里的帮扶车间信息台账，或每人一行的务工台账">导入台账</Button>
          <Dropdown menu={{
            items: [{ key: 'ledger', label: '车间信息台账（县级格式）' }, { key: 'employments', label: '务工台账（每人一行）' }],
            onClick: ({ key }) => void download(key === 'ledger' ? 'export.workshops' : 'export.employments'),
          }}>
            <Button loading={busy}>导出</Button>
          </Dropdown>
          <Dropdown menu={{
            items: [{ key: 'workshops', label: '帮扶车间名单' }, { key: 'employments', label: '在岗务工人员台账' }],
            onClick: ({ key }) => void print(key as 'workshops' | 'employments'),
          }}>
            <Button>打印</Button>
          </Dropdown>
          <Button type="primary" onClick={() => setDrawer({ id: null })}>新增车间</Button>
        </Space>
      </div>
      <DataGrid<Workshop>
        gridId="workshops" testId="workshops-grid" columns={columns} fetchRows={fetchRows} rowKey={(w) => w.id}
        reloadKey={reloadKey} resetKey={view} exportName={view === 'deleted' ? '帮扶车间回收站' : '帮扶车间'}
        onRowClick={(w) => setDrawer({ id: w.id })}
        emptyText={view === 'deleted' ? '回收站是空的' : '还没有帮扶车间：点“新增车间”登记，或“导入台账”导入县里的车间信息台账'}
      />
      <WorkshopDrawer
        open={!!drawer} workshopId={drawer?.id ?? null} initialTab={drawer?.tab} villages={villages}
        onClose={() => setDrawer(null)} onChanged={afterChange}
      />
      <PrintPreview doc={printDoc} onClose={() => setPrintDoc(null)} />
    </div>
  );
}
