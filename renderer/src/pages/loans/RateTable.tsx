import { Alert, InputNumber, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { HouseholdLoanRate, RateRow } from '../../../../shared/api/loans';
import { invoke } from '../../api';
import { errorMessage } from '../../lib/format';
import { percent } from './format';
import { ledgerNow } from '../../clock';

/** 户贷率 per village and for the township: ever, in a chosen year, and owing now. */
export function RateTable({ reloadKey }: { reloadKey: unknown }) {
  const [year, setYear] = useState(() => ledgerNow().year());
  const [data, setData] = useState<HouseholdLoanRate | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    invoke('loans.householdRate', { year }).then((r) => { setData(r); setError(null); }, (e) => setError(errorMessage(e)));
  }, [year, reloadKey]);

  const columns = [
    { title: '村', dataIndex: 'villageName', width: 120 },
    { title: '脱贫户+监测户（户）', dataIndex: 'eligible', align: 'right' as const },
    { title: '累计有贷（户）', dataIndex: 'ever', align: 'right' as const },
    { title: '累计户贷率', dataIndex: 'everRate', align: 'right' as const, render: percent },
    { title: `${year}年放贷（户）`, dataIndex: 'inYear', align: 'right' as const },
    { title: `${year}年户贷率`, dataIndex: 'yearRate', align: 'right' as const, render: percent },
    { title: '当前有贷（户）', dataIndex: 'current', align: 'right' as const },
    { title: '当前户贷率', dataIndex: 'currentRate', align: 'right' as const, render: percent },
  ];
  return (
    <div data-testid="loans-rate" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <Space>
        <span>年度</span>
        <InputNumber min={2013} max={2100} precision={0} value={year} onChange={(v) => v && setYear(v)} aria-label="年度" suffix="年" />
        <Typography.Text type="secondary">户贷率 = 有贷款的脱贫户、监测户户数 ÷ 脱贫户与监测户总户数（按人员名单）</Typography.Text>
      </Space>
      {error && <Alert type="error" showIcon title={error} />}
      <Table<RateRow>
        size="small" rowKey={(r) => String(r.villageId)} pagination={false} dataSource={data?.rows ?? []} columns={columns} loading={!data && !error}
        locale={{ emptyText: '人员名单中还没有脱贫户或监测户' }}
        summary={() => data && (
          <Table.Summary.Row style={{ fontWeight: 600 }} data-testid="rate-total">
            <Table.Summary.Cell index={0}>{data.township.villageName}合计</Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">{data.township.eligible}</Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">{data.township.ever}</Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">{percent(data.township.everRate)}</Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right">{data.township.inYear}</Table.Summary.Cell>
            <Table.Summary.Cell index={5} align="right">{percent(data.township.yearRate)}</Table.Summary.Cell>
            <Table.Summary.Cell index={6} align="right">{data.township.current}</Table.Summary.Cell>
            <Table.Summary.Cell index={7} align="right">{percent(data.township.currentRate)}</Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
    </div>
  );
}
