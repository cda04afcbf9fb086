import { App, Button, Space } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Village } from '../../../../shared/api/contract';
import type { Appointment, Post } from '../../../../shared/api/posts';
import { downloadBase64, invoke } from '../../api';
import { DataGrid, type GridQuery } from '../../components/DataGrid';
import { errorMessage } from '../../lib/format';
import { PostDrawer } from './PostDrawer';
import { postColumns } from './postColumns';

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const POST_STATUSES = ['设立', '撤销'] as const;
const status = (v: unknown) => (POST_STATUSES as readonly unknown[]).includes(v) ? (v as (typeof POST_STATUSES)[number]) : undefined;

interface Props {
  villages: Village[];
  categories: string[];
  onImport: () => void;
  /** A block pasted from Excel/WPS into the grid. */
  onPasteRows: (text: string) => void;
  onOpenHolder: (a: Appointment) => void;
  /** Bumped by the page after anything that changes the library (an import, an appointment). */
  reloadKey: number;
  onChanged: () => void;
  /** Opens this post's drawer on arrival (from a finding on the 问题清单). */
  openPostId?: number;
}

/** 岗位库: every post per village, with what the county's list asks for. */
export function PostLibraryTab({ villages, categories, onImport, onPasteRows, onOpenHolder, reloadKey, onChanged, openPostId }: Props) {
  const { message } = App.useApp();
  const [drawer, setDrawer] = useState<{ post: Post | null } | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const columns = useMemo(() => postColumns(villages), [villages]);

  useEffect(() => {
    if (openPostId == null) return;
    let live = true;
    invoke('posts.list', { limit: 1000 }).then((r) => {
      const p = r.rows.find((x) => x.id === openPostId);
      if (live && p) setDrawer({ post: p });
    }, (e) => message.error(errorMessage(e)));
    return () => { live = false; };
  }, [openPostId, message]);

  const fetchRows = useCallback((q: GridQuery) => invoke('posts.list', {
    offset: q.offset, limit: q.limit, sort: q.sort,
    villageId: num(q.filters.villageName), status: status(q.filters.status), name: str(q.filters.name),
  }), []);

  const exportFile = async (what: 'export.posts' | 'export.postLibrary') => {
    setExporting(what);
    try {
      const f = await invoke(what, {});
      downloadBase64(f.fileName, f.base64);
    } catch (e) {
      message.error(`导出失败：${errorMessage(e)}`);
    } finally {
      setExporting(null);
    }
  };

  return (
    <div className="posts-tab" data-testid="posts-library">
      <div className="posts-tab-actions">
        <span className="posts-tab-hint">按需设岗：每个岗位写明资金来源、人数、职责、时间和补贴标准，并留存村委会研究记录。</span>
        <Space data-testid="library-actions" wrap>
          <Button onClick={onImport}>导入花名册/岗位库/工资表</Button>
          <Button loading={exporting === 'export.posts'} onClick={() => exportFile('export.posts')} title="公益岗位人员花名册（县里的格式）">导出花名册</Button>
          <Button loading={exporting === 'export.postLibrary'} onClick={() => exportFile('export.postLibrary')}>导出岗位库</Button>
          <Button type="primary" onClick={() => setDrawer({ post: null })}>新增岗位</Button>
        </Space>
      </div>
      <DataGrid<Post>
        gridId="posts" testId="posts-grid" columns={columns} fetchRows={fetchRows} rowKey={(p) => p.id}
        reloadKey={reloadKey} exportName="岗位库" onRowClick={(p) => setDrawer({ post: p })} onPasteRows={onPasteRows}
        emptyText="岗位库是空的：点“新增岗位”，或“导入花名册”从县里的花名册建立"
      />
      <PostDrawer
        open={!!drawer} post={drawer?.post ?? null} villages={villages} categories={categories}
        onClose={() => setDrawer(null)} onChanged={onChanged}
        onOpenHolder={(a) => { setDrawer(null); onOpenHolder(a); }}
      />
    </div>
  );
}
