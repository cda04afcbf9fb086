import { App, Button, Modal, Segmented, Space } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Person, Village } from '../../../shared/api/contract';
import { downloadBase64, invoke } from '../api';
import { DataGrid, type GridQuery } from '../components/DataGrid';
import { errorMessage } from '../lib/format';
import { navigate } from '../navigation';
import { PersonDrawer } from './persons/PersonDrawer';
import { PersonsEmpty } from './persons/PersonsEmpty';
import { personColumns, recycleBinColumns } from './persons/personColumns';
import { VillagesSection } from './settings/VillagesSection';
import { setPastedImport } from './import/pasteIntent';

type View = 'active' | 'deleted';
const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

export function PersonsPage() {
  const { message } = App.useApp();
  const [view, setView] = useState<View>('active');
  const [villages, setVillages] = useState<Village[]>([]);
  const [hasPersons, setHasPersons] = useState<boolean | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [drawer, setDrawer] = useState<{ person: Person | null } | null>(null);
  const [villagesOpen, setVillagesOpen] = useState(false);
  const [exporting, setExporting] = useState(false);

  const loadVillages = useCallback(() => {
    invoke('villages.list', {}).then(setVillages, (e) => message.error(errorMessage(e)));
  }, [message]);
  const checkHasPersons = useCallback(() => {
    invoke('persons.query', { limit: 1 }).then((r) => setHasPersons(r.total > 0), () => setHasPersons(true));
  }, []);
  useEffect(() => { loadVillages(); checkHasPersons(); }, [loadVillages, checkHasPersons]);

  const afterChange = useCallback(() => {
    setReloadKey((k) => k + 1);
    checkHasPersons();
    loadVillages();
  }, [checkHasPersons, loadVillages]);

  const restore = useCallback(async (p: Person) => {
    try {
      await invoke('persons.restore', { id: p.id });
      message.success(`已恢复“${p.name}”`);
      afterChange();
    } catch (e) { message.error(errorMessage(e)); }
  }, [afterChange, message]);

  const columns = useMemo(
    () => (view === 'deleted' ? recycleBinColumns(villages, restore) : personColumns(villages)),
    [view, villages, restore],
  );

  const fetchRows = useCallback((q: GridQuery) => invoke('persons.query', {
    offset: q.offset, limit: q.limit, sort: q.sort, deleted: view === 'deleted',
    name: str(q.filters.name), idNo: str(q.filters.idNo), villageId: num(q.filters.villageName),
    householdType: str(q.filters.householdType), monitorCategory: str(q.filters.monitorCategory),
  }), [view]);

  const exportAll = async () => {
    setExporting(true);
    try {
      const f = await invoke('export.persons', {});
      downloadBase64(f.fileName, f.base64);
    } catch (e) {
      message.error(`导出失败：${errorMessage(e)}`);
    } finally {
      setExporting(false);
    }
  };

  const openNew = () => setDrawer({ person: null });
  const showEmpty = view === 'active' && hasPersons === false;

  return (
    <div className="page">
      <div className="page-header">
        <h2 className="page-title">人员名单</h2>
        <Segmented<View>
          value={view} onChange={setView}
          options={[{ value: 'active', label: '在册人员' }, { value: 'deleted', label: '回收站' }]}
        />
        <Space data-testid="persons-actions">
          <Button onClick={() => setVillagesOpen(true)}>村管理</Button>
          <Button onClick={() => navigate('import')}>导入名单</Button>
          <Button onClick={exportAll} loading={exporting} title="按县里的格式导出全部在册人员（Excel）">导出</Button>
          <Button type="primary" onClick={openNew}>新增人员</Button>
        </Space>
      </div>
      {/* Until we know whether the ledger is empty, show neither: a grid that turns into the empty state flickers. */}
      {view === 'active' && hasPersons === null ? null : showEmpty ? (
        <PersonsEmpty onImport={() => navigate('import')} onCreate={openNew} />
      ) : (
        <DataGrid<Person>
          gridId="persons" testId="persons-grid" columns={columns} fetchRows={fetchRows} rowKey={(p) => p.id}
          reloadKey={reloadKey} resetKey={view} exportName={view === 'deleted' ? '人员回收站' : '人员名单'}
          onRowClick={(p) => setDrawer({ person: p })}
          // Rows copied from Excel/WPS: the same import preview as a file, nothing written before 确认导入.
          onPasteRows={view === 'active' ? (text) => {
            if (setPastedImport(text)) navigate('import');
            else message.warning('粘贴的内容不是表格：请在 Excel 或 WPS 中选中整行（含姓名和身份证号）复制后再粘贴。');
          } : undefined}
          emptyText={view === 'deleted' ? '回收站是空的' : '没有人员'}
        />
      )}
      <PersonDrawer
        open={!!drawer} person={drawer?.person ?? null} villages={villages}
        onClose={() => setDrawer(null)} onChanged={afterChange}
      />
      <Modal open={villagesOpen} onCancel={() => setVillagesOpen(false)} footer={null} width={720} title="村管理" destroyOnHidden>
        <VillagesSection onChanged={afterChange} framed={false} />
      </Modal>
    </div>
  );
}
