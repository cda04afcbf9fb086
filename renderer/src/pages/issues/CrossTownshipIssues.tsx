import { Button, Card, Empty, Table, Tag, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import type { CrossCounts, CrossFinding } from '../../../../shared/api/overview';
import { DataGrid, type GridColumn, type GridQuery } from '../../components/DataGrid';
import { navigate } from '../../navigation';

export interface CountyFindings { packages: number; townships: string[]; findings: CrossFinding[]; counts: CrossCounts }
type Row = CrossFinding & { key: number };

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const severityTag = (s: CrossFinding['severity']) => <Tag color={s === 'error' ? 'red' : 'orange'}>{s === 'error' ? '错误' : '提醒'}</Tag>;

function columns(rules: CrossCounts['byRule'], townships: string[]): GridColumn<Row>[] {
  return [
    { key: 'rule', title: '规则', width: 190, sortable: true, text: (f) => `${f.rule} ${f.title}`, filter: { kind: 'select', options: rules.map((r) => ({ value: r.rule, label: `${r.rule} ${r.title}` })) } },
    { key: 'severity', title: '严重程度', width: 90, text: (f) => (f.severity === 'error' ? '错误' : '提醒'), render: (f) => severityTag(f.severity) },
    { key: 'id', title: '身份证号/户编号', width: 180, sortable: true, filter: { kind: 'text', placeholder: '任意部分' }, text: (f) => f.id },
    { key: 'name', title: '姓名', width: 100, sortable: true, filter: { kind: 'text' }, text: (f) => f.name },
    {
      key: 'townships', title: '涉及乡镇', width: 170, text: (f) => f.townships.join('、'),
      filter: { kind: 'select', options: townships.map((t) => ({ value: t, label: t })) },
    },
    { key: 'message', title: '说明', width: 640, text: (f) => f.message },
  ];
}

/**
 * 问题清单 → 跨乡镇问题: what only the county sees, from the township packages kept in the county
 * workspace (报表与交换). The rows are not records of this ledger, so a row opens nothing; the
 * townships involved fix it in their own ledgers and send a newer package.
 */
export function CrossTownshipIssues({ data }: { data: CountyFindings | null }) {
  const [ruleFilter, setRuleFilter] = useState<string | null>(null);
  const rows = useMemo<Row[]>(() => (data?.findings ?? []).map((f, i) => ({ ...f, key: i })), [data]);
  const gridColumns = useMemo(() => columns(data?.counts.byRule ?? [], data?.townships ?? []), [data]);
  const fetchRows = useCallback(async (q: GridQuery) => {
    const rule = str(q.filters.rule), id = str(q.filters.id), name = str(q.filters.name), town = str(q.filters.townships);
    let list = rows.filter((f) => (!rule || f.rule === rule) && (!ruleFilter || f.rule === ruleFilter) && (!id || f.id.toUpperCase().includes(id.toUpperCase()))
      && (!name || f.name.includes(name)) && (!town || f.townships.includes(town)));
    if (q.sort) {
      const { field, dir } = q.sort;
      const key = (f: Row) => String((f as unknown as Record<string, unknown>)[field] ?? '');
      list = [...list].sort((a, b) => key(a).localeCompare(key(b), 'zh') * (dir === 'asc' ? 1 : -1));
    }
    return { rows: list.slice(q.offset, q.offset + q.limit), total: list.length };
  }, [rows, ruleFilter]);

  if (!data) return null;
  if (!data.packages) {
    return (
      <Empty description="县级汇总中还没有交换包。在“概览 → 报表与交换”中把各乡镇的交换包存入县级汇总后，这里列出跨乡镇的问题。">
        <Button onClick={() => navigate('exchange')}>去报表与交换</Button>
      </Empty>
    );
  }
  const { counts } = data;
  return (
    // A flex column like .page itself, so the grid takes the rest of the height and scrolls sideways inside.
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12, flex: 1, minHeight: 0, minWidth: 0 }} data-testid="county-issues">
      <Typography.Text data-testid="county-issues-summary">
        县级汇总 {data.packages} 个乡镇（{data.townships.join('、')}）：
        {counts.total === 0 ? '没有发现跨乡镇问题。' : `发现跨乡镇问题 ${counts.total} 个：错误 ${counts.error} 个，提醒 ${counts.warning} 个。请通知涉及的乡镇在各自台账中改正，并重新报送交换包。`}
        <Button type="link" size="small" onClick={() => navigate('exchange')}>查看各乡镇交换包</Button>
      </Typography.Text>
      {counts.total > 0 && (
        <>
          <Card size="small" title="按规则" data-testid="county-issues-by-rule" style={{ maxWidth: 560 }}>
            <Table
              rowKey="rule" size="small" pagination={false} dataSource={counts.byRule}
              rowClassName={(r) => (r.rule === ruleFilter ? 'ant-table-row-selected' : '')}
              onRow={(r) => ({ onClick: () => setRuleFilter((c) => (c === r.rule ? null : r.rule)), style: { cursor: 'pointer' } })}
              columns={[
                { title: '规则', dataIndex: 'rule', width: 60 },
                { title: '名称', dataIndex: 'title' },
                { title: '数量', dataIndex: 'count', width: 70, align: 'right' },
              ]}
            />
          </Card>
          <DataGrid<Row>
            gridId="county-issues" testId="county-issues-grid" columns={gridColumns} fetchRows={fetchRows} rowKey={(f) => f.key}
            reloadKey={data} resetKey={ruleFilter} exportName="跨乡镇问题" emptyText="没有跨乡镇问题"
            toolbar={ruleFilter && <Tag closable color="blue" onClose={() => setRuleFilter(null)}>{ruleFilter}</Tag>}
          />
        </>
      )}
    </div>
  );
}
