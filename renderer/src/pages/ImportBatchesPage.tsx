import { App, Button, Popconfirm, Tag } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import type { z } from 'zod';
import type { ImportBatch, ImportKind } from '../../../shared/api/contract';
import { IMPORT_KIND_LABELS } from '../../../shared/api/labels';
import { ApiError, invoke } from '../api';
import { DataGrid, type GridColumn, type GridQuery } from '../components/DataGrid';
import { errorMessage, formatDateTime } from '../lib/format';
import { navigate } from '../navigation';

type Batch = z.infer<typeof ImportBatch>;

function batchColumns(onUndo: (b: Batch) => void): GridColumn<Batch>[] {
  const n = (key: keyof Batch, title: string): GridColumn<Batch> => ({ key, title, width: 60, text: (b) => String(b[key]) });
  return [
    { key: 'committedAt', title: '时间', width: 140, text: (b) => formatDateTime(b.committedAt) },
    { key: 'fileName', title: '文件', width: 240, text: (b) => b.fileName + (b.sheet ? `（${b.sheet}）` : '') },
    { key: 'kind', title: '类型', width: 150, text: (b) => IMPORT_KIND_LABELS[b.kind as ImportKind] ?? b.kind },
    n('rows', '行数'), n('inserted', '新增'), n('updated', '更新'), n('unchanged', '未变'), n('errors', '错误'),
    { key: 'operator', title: '操作员', width: 80, text: (b) => b.operator },
    {
      key: 'status', title: '状态', width: 150,
      text: (b) => (b.undoneAt ? `已撤销 ${formatDateTime(b.undoneAt)}` : '已导入'),
      render: (b) => (b.undoneAt ? <Tag>已撤销 {formatDateTime(b.undoneAt)}</Tag> : <Tag color="green">已导入</Tag>),
    },
    {
      key: 'actions', title: '操作', width: 100, exportable: false, text: () => '',
      render: (b) => (b.undoneAt ? null : (
        <span onClick={(e) => e.stopPropagation()}>
          <Popconfirm
            title="撤销这一批导入？" okText="撤销本批" cancelText="取消" okButtonProps={{ danger: true }}
            description={`这批新增的 ${b.inserted} 人将移出名单，更新的 ${b.updated} 人恢复为导入前的内容。`}
            onConfirm={() => onUndo(b)}
          >
            <Button size="small" danger>撤销本批</Button>
          </Popconfirm>
        </span>
      )),
    },
  ];
}

/** Import history: every import is one batch, undoable as a whole. */
export function ImportBatchesPage() {
  const { message, modal } = App.useApp();
  const [reloadKey, setReloadKey] = useState(0);

  const undo = useCallback(async (b: Batch) => {
    try {
      await invoke('import.undo', { batchId: b.id });
      message.success(`已撤销：${b.fileName}`);
      setReloadKey((k) => k + 1);
    } catch (e) {
      // A refusal lists the records changed since, one per line: too long for a toast, and the clerk needs to read it.
      if (e instanceof ApiError && e.code === 'CONFLICT') {
        modal.error({ title: '不能撤销这一批', width: 680, content: <div style={{ whiteSpace: 'pre-line', maxHeight: 420, overflow: 'auto' }}>{errorMessage(e)}</div> });
      } else message.error(errorMessage(e));
    }
  }, [message, modal]);
  const columns = useMemo(() => batchColumns(undo), [undo]);

  // A township imports a few times a month: the whole history fits in one call; the grid pages it locally.
  const fetchRows = useCallback(async (q: GridQuery) => {
    const all = (await invoke('import.batches', {})).slice().sort((a, b) => b.committedAt.localeCompare(a.committedAt) || b.id - a.id);
    return { rows: all.slice(q.offset, q.offset + q.limit), total: all.length };
  }, []);

  return (
    <div className="page">
      <div className="page-header">
        <h2 className="page-title">导入记录</h2>
        <Button type="primary" onClick={() => navigate('import')}>导入新文件</Button>
      </div>
      <DataGrid<Batch>
        gridId="import-batches" testId="batches-grid" columns={columns} fetchRows={fetchRows} rowKey={(b) => b.id}
        reloadKey={reloadKey} exportName="导入记录" emptyText="还没有导入过文件"
      />
    </div>
  );
}
