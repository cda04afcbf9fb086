import { App, Button, DatePicker, Descriptions, Drawer, Empty, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AuditFilters, AuditRow } from '../../../shared/api/safety';
import { titlesOf } from '../../../shared/fields';
import { downloadBase64, invoke } from '../api';
import { DataGrid, type GridFilters, type GridQuery } from '../components/DataGrid';
import { DATE_FORMAT, errorMessage } from '../lib/format';
import { auditColumns, type Facets } from './audit/auditColumns';

/** The drawer names a row's parts as the list's columns do. */
const label = titlesOf('audit_log');

/** The grid's filter row and the date range, as the channel's filters. */
function toFilters(grid: GridFilters, range: [Dayjs, Dayjs] | null): AuditFilters {
  const s = (k: string) => (grid[k] === undefined ? undefined : String(grid[k]));
  return {
    from: range?.[0]?.format(DATE_FORMAT), to: range?.[1]?.format(DATE_FORMAT),
    operator: s('operator'), action: s('action'), table: s('table'),
  };
}

/** 操作日志: every change through the services, who and when, field by field; filters and 导出. */
export function AuditPage() {
  const { message } = App.useApp();
  const [facets, setFacets] = useState<Facets>({ operators: [], tables: [], actions: [] });
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const [lastFilters, setLastFilters] = useState<GridFilters>({});
  const [open, setOpen] = useState<AuditRow | null>(null);
  const [exporting, setExporting] = useState(false);

  useEffect(() => { invoke('audit.facets', {}).then(setFacets, (e) => message.error(errorMessage(e))); }, [message]);
  const cols = useMemo(() => auditColumns(facets), [facets]);

  const fetchRows = useCallback(async (q: GridQuery) => {
    setLastFilters(q.filters);
    return invoke('audit.query', { ...toFilters(q.filters, range), offset: q.offset, limit: q.limit });
  }, [range]);

  const exportXlsx = async () => {
    setExporting(true);
    try {
      const out = await invoke('audit.export', toFilters(lastFilters, range));
      downloadBase64(out.fileName, out.base64);
      message.success('已导出操作日志');
    } catch (e) { message.error(`导出失败：${errorMessage(e)}`); } finally { setExporting(false); }
  };

  return (
    <div className="page">
      <div className="page-header">
        <h2 className="page-title">操作日志</h2>
        <Button type="primary" onClick={exportXlsx} loading={exporting}>导出 Excel</Button>
      </div>
      <DataGrid<AuditRow>
        gridId="audit" testId="audit-grid" columns={cols} fetchRows={fetchRows} rowKey={(r) => r.id}
        resetKey={range ? `${range[0].format(DATE_FORMAT)}~${range[1].format(DATE_FORMAT)}` : ''}
        onRowClick={setOpen} exportName="操作日志" emptyText="还没有操作记录"
        toolbar={(
          <DatePicker.RangePicker
            aria-label="日期范围" format={DATE_FORMAT} allowEmpty={[false, false]} value={range}
            onChange={(v) => setRange(v && v[0] && v[1] ? [v[0], v[1]] : null)} placeholder={['开始日期', '结束日期']}
          />
        )}
      />
      <Drawer open={!!open} onClose={() => setOpen(null)} title="操作详情" size={640} destroyOnHidden data-testid="audit-drawer">
        {open && (
          <>
            <Descriptions size="small" column={2} bordered items={[
              { key: 'at', label: label('at'), children: open.at },
              { key: 'op', label: label('operator'), children: open.operator || '（未填写）' },
              { key: 'action', label: label('action'), children: open.actionLabel },
              { key: 'table', label: label('table'), children: open.tableLabel },
              { key: 'subject', label: label('subject'), children: open.subject || '—', span: 2 },
              { key: 'rec', label: label('recordId'), children: open.recordId ?? '—' },
              { key: 'batch', label: label('batchId'), children: open.batchId ?? '—' },
            ]} />
            <h4 style={{ marginTop: 20 }}>内容</h4>
            {open.changes.length ? (
              <Table
                size="small" pagination={false} rowKey={(c) => c.field || c.label} dataSource={open.changes}
                columns={[
                  { title: '项目', dataIndex: 'label', width: 140 },
                  { title: '修改前', dataIndex: 'before', render: (v: string) => <span className="change-before">{v}</span> },
                  { title: '修改后', dataIndex: 'after', render: (v: string) => <span className="change-after">{v}</span> },
                ]}
              />
            ) : <Empty description="没有记录具体内容" />}
          </>
        )}
      </Drawer>
    </div>
  );
}
