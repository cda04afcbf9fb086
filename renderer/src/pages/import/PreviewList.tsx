import { Alert, Checkbox, Table, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import type { ImportJob, PreviewRow } from '../../../../shared/api/contract';
import { invoke } from '../../api';
import { errorMessage } from '../../lib/format';

export type PreviewCategory = 'new' | 'changed' | 'unchanged' | 'error';
const PAGE_SIZE = 50;

interface Props {
  job: ImportJob;
  category: PreviewCategory;
  accepted: Set<number>;
  onAccept: (row: number, accept: boolean) => void;
}

function lines(items: string[]) {
  return <>{items.map((t, i) => <div key={i}>{t}</div>)}</>;
}

function columnsFor(job: ImportJob, category: PreviewCategory, accepted: Set<number>, onAccept: Props['onAccept']): ColumnsType<PreviewRow> {
  const label = (field: string) => job.fields.find((f) => f.key === field)?.label ?? field;
  const rowNo: ColumnsType<PreviewRow>[number] = { title: '行号', dataIndex: 'row', width: 70, fixed: 'left' };
  if (category === 'changed') {
    return [
      rowNo,
      { title: '人员', dataIndex: 'label', width: 260 },
      {
        title: '变更内容', key: 'changes',
        render: (_, r) => r.changes.map((c) => (
          <div key={c.field} className="change-line">
            {label(c.field)}：<span className="change-before">{c.before || '（空）'}</span> → <span className="change-after">{c.after || '（空）'}</span>
          </div>
        )),
      },
    ];
  }
  if (category === 'error') {
    return [
      rowNo,
      // A row with a broken ID has no reliable name: show what the row starts with so the clerk can find it.
      { title: '内容', dataIndex: 'label', width: '22%' },
      { title: '列', key: 'column', width: 120, render: (_, r) => lines(r.errors.map((e) => e.column)) },
      { title: '原因', key: 'message', render: (_, r) => lines(r.errors.map((e) => e.message)) },
      {
        title: '处理', key: 'suggestion', width: '24%',
        render: (_, r) => r.errors.filter((e) => e.suggestion).map((e) => (
          <Checkbox key={e.column} checked={accepted.has(r.row)} onChange={(ev) => onAccept(r.row, ev.target.checked)} data-testid={`accept-suggestion-${r.row}`}>
            采用建议：{e.suggestion!.name} {e.suggestion!.idNo}
          </Checkbox>
        )),
      },
    ];
  }
  // The file's own columns in its order: a mapped column shows the value that will be written (the cell as
  // written on hover when they differ); a column nothing reads is greyed as 不导入, so nothing looks dropped.
  const fieldAt = new Map<number, ImportJob['fields'][number]>();
  for (const f of job.fields) { const c = job.mapping[f.key]; if (c != null && !fieldAt.has(c)) fieldAt.set(c, f); }
  return [
    rowNo,
    ...job.headers.map((h, c) => {
      const f = fieldAt.get(c);
      if (!f) {
        return {
          key: `col-${c}`, className: 'preview-skip', width: 110,
          title: <span title={`“${h || `第${c + 1}列`}”这一列不导入`}>{h || `第${c + 1}列`}<div className="preview-skip-tag">不导入</div></span>,
          render: (_: unknown, r: PreviewRow) => r.cells[c] ?? '',
        };
      }
      return {
        key: f.key, width: f.key === 'idNo' ? 180 : undefined,
        title: <span data-testid={`preview-col-${f.key}`}>{f.label}{h && h !== f.label ? <div className="preview-src">{h}</div> : null}</span>,
        render: (_: unknown, r: PreviewRow) => {
          const v = r.fields[f.key] ?? r.values[f.label] ?? '';
          const raw = r.cells[c] ?? '';
          return raw && raw !== v
            ? <Tooltip title={`表格里写的是：${raw}`}><span className="preview-parsed preview-value" data-raw={raw}>{v}</span></Tooltip>
            : <span className="preview-value" data-raw={raw}>{v}</span>;
        },
      };
    }),
  ];
}

/** One tab of the preview: a page of staged rows at a time, straight from the backend's staging area. */
export function PreviewList({ job, category, accepted, onAccept }: Props) {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ rows: PreviewRow[]; total: number }>({ rows: [], total: 0 });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setLoading(true);
    invoke('import.preview', { jobId: job.jobId, category, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE })
      .then((d) => { if (live) { setData(d); setError(null); } }, (e) => live && setError(errorMessage(e)))
      .finally(() => live && setLoading(false));
    return () => { live = false; };
  }, [job.jobId, category, page]);

  return (
    <div data-testid={`preview-${category}`}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<PreviewRow>
        rowKey="row" size="small" loading={loading} dataSource={data.rows}
        // Error messages wrap inside the page width so 采用建议 never needs a sideways scroll.
        scroll={category === 'error' ? undefined : { x: 'max-content' }} className={category === 'error' ? 'preview-errors' : undefined}
        columns={columnsFor(job, category, accepted, onAccept)}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data.total, showSizeChanger: false, onChange: setPage, showTotal: (t) => `共 ${t} 行` }}
        locale={{ emptyText: '没有这类行' }}
      />
    </div>
  );
}
