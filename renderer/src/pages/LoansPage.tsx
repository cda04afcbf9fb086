import { App, Button, Segmented, Space, Tabs } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Settings, Village } from '../../../shared/api/contract';
import type { Loan } from '../../../shared/api/loans';
import { downloadBase64, invoke } from '../api';
import { useAsOf } from '../asOf';
import { DataGrid, type GridQuery } from '../components/DataGrid';
import { errorMessage } from '../lib/format';
import { navigate } from '../navigation';
import { ImportPage } from './ImportPage';
import { AlertsPanel } from './loans/AlertsPanel';
import { takeLoansIntent, type LoansTab } from './loans/intent';
import { LoanDrawer } from './loans/LoanDrawer';
import { setPrintIntent } from './print/intent';
import { loanColumns, loanRecycleColumns } from './loans/loanColumns';
import { RateTable } from './loans/RateTable';
import { SubsidyPanel } from './loans/SubsidyPanel';

type View = 'active' | 'deleted';
const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

/** 小额信贷: the loan ledger, due and overdue alerts, 户贷率 and 贴息, one tab each. */
export function LoansPage() {
  const { message } = App.useApp();
  const [intent] = useState(takeLoansIntent);
  const [tab, setTab] = useState<LoansTab>(intent?.tab ?? 'ledger');
  const [view, setView] = useState<View>('active');
  const [villages, setVillages] = useState<Village[]>([]);
  const [banks, setBanks] = useState<string[]>([]);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  // Derived statuses (正常/即将到期/逾期…) are judged at the header's 统计日期.
  const { param: asOf } = useAsOf();
  const [drawer, setDrawer] = useState<{ loanId: number | null } | null>(intent?.loanId != null ? { loanId: intent.loanId } : null);
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);

  const loadLists = useCallback(() => {
    invoke('villages.list', {}).then(setVillages, (e) => message.error(errorMessage(e)));
    invoke('loans.banks', {}).then(setBanks, () => { /* the filter just offers fewer banks */ });
    invoke('settings.get', {}).then(setSettings, () => { /* the drawer falls back to 18–65 */ });
  }, [message]);
  useEffect(loadLists, [loadLists]);
  const changed = useCallback(() => { setReloadKey((k) => k + 1); invoke('loans.banks', {}).then(setBanks, () => {}); }, []);

  const restore = useCallback(async (l: Loan) => {
    try {
      await invoke('loans.restore', { id: l.id });
      message.success(`已恢复 ${l.name} 的贷款 ${l.contractNo ?? ''}`);
      changed();
    } catch (e) { message.error(errorMessage(e)); }
  }, [changed, message]);

  const columns = useMemo(
    () => (view === 'deleted' ? loanRecycleColumns(villages, banks, restore) : loanColumns(villages, banks)),
    [view, villages, banks, restore],
  );
  const fetchRows = useCallback((q: GridQuery) => invoke('loans.query', {
    offset: q.offset, limit: q.limit, sort: q.sort, deleted: view === 'deleted', asOf,
    q: str(q.filters.name), villageId: num(q.filters.villageName), status: str(q.filters.status), bank: str(q.filters.bank),
  }), [view, asOf]);

  const exportLedger = async () => {
    setExporting(true);
    try {
      const f = await invoke('export.loans', {});
      downloadBase64(f.fileName, f.base64);
    } catch (e) { message.error(`导出失败：${errorMessage(e)}`); } finally { setExporting(false); }
  };

  if (importing) {
    const back = () => { setImporting(false); loadLists(); changed(); };
    return (
      <ImportPage
        kind="loans" onBack={back}
        doneActions={[
          <Button key="loans" type="primary" onClick={back}>查看贷款台账</Button>,
          <Button key="issues" onClick={() => navigate('issues')}>查看问题清单</Button>,
        ]}
      />
    );
  }

  const open = (loanId: number | null) => setDrawer({ loanId });
  return (
    <div className="page">
      <div className="page-header">
        <h2 className="page-title">小额信贷</h2>
        <Space data-testid="loans-actions">
          <Button onClick={() => setImporting(true)}>导入台账</Button>
          <Button onClick={exportLedger} loading={exporting} title="按县里的台账格式导出全部贷款（Excel，金额为万元）">导出台账</Button>
          <Button onClick={() => { setPrintIntent({ kind: 'loans', back: 'loans' }); navigate('print'); }} title="A4 打印或导出 PDF（身份证号按设置遮挡）">打印台账</Button>
          <Button type="primary" onClick={() => { setTab('ledger'); open(null); }}>新增贷款</Button>
        </Space>
      </div>
      <Tabs
        activeKey={tab} onChange={(k) => setTab(k as LoansTab)} data-testid="loans-tabs"
        items={[
          { key: 'ledger', label: '贷款台账' },
          { key: 'alerts', label: '到期与逾期' },
          { key: 'rate', label: '户贷率' },
          { key: 'subsidy', label: '贴息计算' },
        ]}
      />
      {tab === 'ledger' && (
        <DataGrid<Loan>
          gridId="loans" testId="loans-grid" columns={columns} fetchRows={fetchRows} rowKey={(l) => l.id}
          reloadKey={reloadKey} resetKey={view} exportName={view === 'deleted' ? '贷款回收站' : '小额信贷台账'}
          onRowClick={(l) => open(l.id)}
          toolbar={(
            <Segmented<View>
              value={view} onChange={setView} size="small"
              options={[{ value: 'active', label: '贷款台账' }, { value: 'deleted', label: '回收站' }]}
            />
          )}
          emptyText={view === 'deleted' ? '回收站是空的' : '还没有贷款记录：点“新增贷款”逐笔录入，或“导入台账”导入银行/县里的台账'}
        />
      )}
      {tab === 'alerts' && <AlertsPanel reloadKey={reloadKey} onOpen={open} />}
      {tab === 'rate' && <RateTable reloadKey={reloadKey} />}
      {tab === 'subsidy' && <SubsidyPanel onOpen={open} />}
      <LoanDrawer
        open={!!drawer} loanId={drawer?.loanId ?? null} banks={banks} settings={settings}
        onClose={() => setDrawer(null)} onChanged={changed}
      />
    </div>
  );
}
