import { Button, Collapse, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import type { Finding } from '../../../../shared/api/posts';
import { ruleTitle, SEVERITY_LABELS } from './ruleTitles';

export type Row = Finding & { key: number };
export const NO_VILLAGE = '（未填村）';

export const villageOf = (f: Finding) => f.village ?? NO_VILLAGE;

interface Group { rule: string; rows: Row[]; errors: number; warnings: number; villages: { village: string; rows: Row[] }[] }

/** Rules in code order, each with its villages (most findings first). */
function groupFindings(rows: Row[]): Group[] {
  const byRule = new Map<string, Row[]>();
  for (const f of rows) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  return [...byRule.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([rule, list]) => {
    const byVillage = new Map<string, Row[]>();
    for (const f of list) byVillage.set(villageOf(f), [...(byVillage.get(villageOf(f)) ?? []), f]);
    return {
      rule, rows: list,
      errors: list.filter((f) => f.severity === 'error').length,
      warnings: list.filter((f) => f.severity !== 'error').length,
      villages: [...byVillage.entries()].map(([village, r]) => ({ village, rows: r }))
        .sort((a, b) => b.rows.length - a.rows.length || a.village.localeCompare(b.village, 'zh')),
    };
  });
}

const severityTag = (s: Finding['severity'], n?: number) => (
  <Tag color={s === 'error' ? 'red' : 'orange'}>{SEVERITY_LABELS[s] ?? s}{n != null ? ` ${n}` : ''}</Tag>
);

interface Props {
  rows: Row[];
  onOpen: (f: Row) => void;
  onReview: (f: Row) => void;
  onUnreview: (f: Row) => void;
  /** Bulk actions of a group (a whole rule, or one village of it), when the rule has one. */
  actions: (rule: string, village: string | null, rows: Row[]) => ReactNode;
}

/** One village's findings of one rule: each opens its record; each can be marked 已核实. */
function FindingTable({ rows, onOpen, onReview, onUnreview }: Omit<Props, 'actions'>) {
  return (
    <Table<Row>
      rowKey="key" size="small" dataSource={rows} showHeader={false}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false, size: 'small' } : false}
      onRow={(f) => ({ onClick: () => onOpen(f), style: { cursor: 'pointer' } })}
      columns={[
        { key: 'severity', width: 70, render: (_, f) => severityTag(f.severity) },
        { key: 'name', width: 110, render: (_, f) => f.name },
        { key: 'id', width: 190, render: (_, f) => <Typography.Text type="secondary">{f.id}</Typography.Text> },
        {
          key: 'message', render: (_, f) => (
            <>
              {f.reviewed && (
                <Tooltip title={f.review ? `${f.review.operator || '—'} ${f.review.reviewedAt}：${f.review.reason}` : undefined}>
                  <Tag color="green" data-testid="finding-reviewed">已核实</Tag>
                </Tooltip>
              )}
              {f.message}
            </>
          ),
        },
        {
          key: 'actions', width: 150, align: 'right', render: (_, f) => (
            <Space size={0} onClick={(e) => e.stopPropagation()}>
              <Button type="link" size="small" onClick={() => onOpen(f)}>打开</Button>
              {f.reviewed
                ? <Button type="link" size="small" onClick={() => onUnreview(f)}>取消核实</Button>
                : <Button type="link" size="small" onClick={() => onReview(f)} data-testid="finding-review">核实</Button>}
            </Space>
          ),
        },
      ]}
    />
  );
}

/**
 * 问题清单 grouped for work: one panel per rule with its count, inside one per village, each with
 * the bulk action the rule has (批量续聘 for P13, 打印公示 for P10). Panels open on demand so a
 * ledger with thousands of findings stays quick.
 */
export function GroupedFindings({ rows, onOpen, onReview, onUnreview, actions }: Props) {
  const groups = useMemo(() => groupFindings(rows), [rows]);
  const [open, setOpen] = useState<string[]>(() => (groups.length === 1 ? [groups[0].rule] : []));
  const stop = (node: ReactNode) => node && <span onClick={(e) => e.stopPropagation()}>{node}</span>;
  return (
    <div data-testid="issues-groups">
      <Collapse
        activeKey={open} onChange={(k) => setOpen(k as string[])}
        items={groups.map((g) => ({
          key: g.rule,
          label: (
            <span data-testid={`issues-group-${g.rule}`}>
              <b>{g.rule}</b> {ruleTitle(g.rule)}　{g.errors > 0 && severityTag('error', g.errors)}{g.warnings > 0 && severityTag('warning', g.warnings)}
              <Typography.Text type="secondary"> 共 {g.rows.length} 条，{g.villages.length} 个村</Typography.Text>
            </span>
          ),
          extra: stop(actions(g.rule, null, g.rows)),
          children: (
            <Collapse
              size="small" defaultActiveKey={g.villages.length === 1 ? [g.villages[0].village] : []}
              items={g.villages.map((v) => ({
                key: v.village,
                label: <span data-testid={`issues-group-${g.rule}-${v.village}`}>{v.village}　<Typography.Text type="secondary">{v.rows.length} 条</Typography.Text></span>,
                extra: stop(actions(g.rule, v.village, v.rows)),
                children: <FindingTable rows={v.rows} onOpen={onOpen} onReview={onReview} onUnreview={onUnreview} />,
              }))}
            />
          ),
        }))}
      />
    </div>
  );
}
