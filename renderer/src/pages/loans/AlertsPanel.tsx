import { Alert, Card, Col, DatePicker, Row, Space, Statistic, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { AlertLoan, LoanAlerts } from '../../../../shared/api/loans';
import { invoke } from '../../api';
import { CollapsibleSummary } from '../../components/CollapsibleSummary';
import { useAsOf } from '../../asOf';
import { DATE_FORMAT, errorMessage } from '../../lib/format';
import { StatusTag } from './loanColumns';
import { yuan } from './format';

interface Props {
  reloadKey: unknown;
  onOpen: (loanId: number) => void;
  /** The overview shows the counts only. */
  compact?: boolean;
}

const BUCKET_COLORS: Record<string, string> = { '1-3': 'gold', '4-10': 'orange', '11-30': 'volcano', '31-69': 'red', '70+': 'magenta', unknown: 'default' };

function loanTable(rows: AlertLoan[], kind: 'due' | 'overdue', labels: Record<string, string>, onOpen: (id: number) => void, testId: string) {
  return (
    <Table<AlertLoan>
      size="small" rowKey="id" dataSource={rows} data-testid={testId} pagination={rows.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      locale={{ emptyText: kind === 'due' ? '没有即将到期的贷款' : '没有逾期贷款' }}
      onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' } })}
      columns={[
        { title: '合同编号', dataIndex: 'contractNo', width: 130 },
        { title: '借款人', dataIndex: 'name', width: 90 },
        { title: '村', dataIndex: 'villageName', width: 90 },
        { title: '贷款银行', dataIndex: 'bank', width: 100 },
        { title: '状态', dataIndex: 'status', width: 80, render: (s: string) => <StatusTag status={s} /> },
        { title: '到期日期', dataIndex: 'dueDate', width: 110 },
        kind === 'due'
          ? { title: '距到期', dataIndex: 'days', width: 90, render: (d: number) => (d === 0 ? '今天到期' : `${d} 天`) }
          : { title: '逾期天数', dataIndex: 'days', width: 120, render: (d: number | null, r: AlertLoan) => <Tag color={BUCKET_COLORS[r.bucket]}>{d == null ? '不详' : `${d} 天`}（{labels[r.bucket] ?? r.bucket}）</Tag> },
        { title: '未还本金（元）', dataIndex: 'balanceFen', align: 'right', width: 130, render: (v: number) => yuan(v) },
      ]}
    />
  );
}

/** Due in the next 30/60/90 days and overdue in buckets, as of the 统计日期 (today by default; this page's picker changes it for every page). */
export function AlertsPanel({ reloadKey, onOpen, compact }: Props) {
  const shared = useAsOf();
  const asOf = dayjs(shared.asOf);
  const setAsOf = (d: Dayjs) => shared.setAsOf(d.format(DATE_FORMAT));
  const [data, setData] = useState<LoanAlerts | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    invoke('loans.alerts', { asOf: shared.asOf }).then((r) => { setData(r); setError(null); }, (e) => setError(errorMessage(e)));
  }, [shared.asOf, reloadKey]);

  const labels = Object.fromEntries((data?.overdue ?? []).map((o) => [o.key, o.label]));
  return (
    <div className="loans-alerts" data-testid="loans-alerts" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <Space>
        <span>截至</span>
        <DatePicker value={asOf} format={DATE_FORMAT} allowClear={false} onChange={(v) => v && setAsOf(v)} aria-label="提醒日期" data-testid="alerts-date" />
      </Space>
      {error && <Alert type="error" showIcon title={error} />}
      {data && (
        <>
          <CollapsibleSummary
            id="loans-alerts" title="到期与逾期笔数" testId="loans-alerts-counts" defaultOpen
            brief={[...data.due.map((x) => `${x.window}天内到期 ${x.count} 笔`), `逾期 ${data.overdue.reduce((n, o) => n + o.count, 0)} 笔`].join('，')}
          >
          <Row gutter={12}>
            {data.due.map((x) => (
              <Col key={x.window} span={Math.floor(24 / Math.max(3, data.due.length))}>
                <Card size="small" data-testid={`due-${x.window}`}>
                  <Statistic title={`${x.window}天内到期`} value={x.count} suffix="笔" />
                  <div className="derived-line" style={{ margin: 0 }}>未还本金 {yuan(x.balanceFen)} 元</div>
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={12}>
            {data.overdue.filter((o) => o.key !== 'unknown' || o.count > 0).map((o) => (
              <Col key={o.key} flex="1">
                <Card size="small" data-testid={`overdue-${o.key}`}>
                  <Statistic title={`逾期${o.label}`} value={o.count} suffix="笔" styles={{ content: { color: o.count ? '#cf1322' : undefined } }} />
                  <div className="derived-line" style={{ margin: 0 }}>未还本金 {yuan(o.balanceFen)} 元</div>
                </Card>
              </Col>
            ))}
          </Row>
          </CollapsibleSummary>
          {!compact && (
            <>
              <Card size="small" title="即将到期">{loanTable(data.dueLoans, 'due', labels, onOpen, 'due-list')}</Card>
              <Card size="small" title="逾期贷款（逾期期间不贴息）">{loanTable(data.overdueLoans, 'overdue', labels, onOpen, 'overdue-list')}</Card>
            </>
          )}
        </>
      )}
    </div>
  );
}
