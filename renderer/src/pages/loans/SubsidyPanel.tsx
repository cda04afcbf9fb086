import { Alert, App, Button, DatePicker, InputNumber, Segmented, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { SubsidyRow, SubsidyTable } from '../../../../shared/api/loans';
import { quarterPeriod } from '../../../../shared/interest';
import { downloadBase64, invoke } from '../../api';
import { DATE_FORMAT, errorMessage } from '../../lib/format';
import { rateText, yuan } from './format';
import { ledgerNow } from '../../clock';

type Span = 'Q1' | 'Q2' | 'Q3' | 'Q4' | 'year' | 'custom';

function periodOf(year: number, span: Span, custom: [Dayjs, Dayjs] | null): { from: string; to: string } | null {
  if (span === 'year') return { from: `${year}-01-01`, to: `${year}-12-31` };
  if (span === 'custom') return custom ? { from: custom[0].format(DATE_FORMAT), to: custom[1].format(DATE_FORMAT) } : null;
  return quarterPeriod(year, Number(span[1]) as 1 | 2 | 3 | 4);
}

/** 贴息 for a quarter, a year or any period, with the 贴息明细表 export (合计 and 大写). */
export function SubsidyPanel({ onOpen }: { onOpen: (loanId: number) => void }) {
  const { message } = App.useApp();
  const [year, setYear] = useState(() => ledgerNow().year());
  const [span, setSpan] = useState<Span>(() => (`Q${Math.floor(ledgerNow().month() / 3) + 1}` as Span));
  const [custom, setCustom] = useState<[Dayjs, Dayjs] | null>(null);
  const [table, setTable] = useState<SubsidyTable | null>(null);
  const [busy, setBusy] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const period = periodOf(year, span, custom);

  const compute = async () => {
    if (!period) return;
    setBusy(true);
    setError(null);
    try { setTable(await invoke('loans.subsidy', period)); } catch (e) { setError(errorMessage(e)); } finally { setBusy(false); }
  };
  const exportTable = async () => {
    if (!period) return;
    setExporting(true);
    try {
      const f = await invoke('export.subsidy', period);
      downloadBase64(f.fileName, f.base64);
    } catch (e) { message.error(`导出失败：${errorMessage(e)}`); } finally { setExporting(false); }
  };

  return (
    <div data-testid="loans-subsidy" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <Space wrap>
        <InputNumber min={2013} max={2100} precision={0} value={year} onChange={(v) => v && setYear(v)} aria-label="贴息年度" suffix="年" />
        <Segmented<Span>
          value={span} onChange={setSpan} data-testid="subsidy-span"
          options={[{ value: 'Q1', label: '第一季度' }, { value: 'Q2', label: '第二季度' }, { value: 'Q3', label: '第三季度' }, { value: 'Q4', label: '第四季度' }, { value: 'year', label: '全年' }, { value: 'custom', label: '自定义' }]}
        />
        {span === 'custom' && (
          <DatePicker.RangePicker format={DATE_FORMAT} value={custom} onChange={(v) => setCustom(v && v[0] && v[1] ? [v[0], v[1]] : null)} />
        )}
        {period && <Typography.Text type="secondary" data-testid="subsidy-period">{period.from} 至 {period.to}</Typography.Text>}
        <Button type="primary" onClick={compute} loading={busy} disabled={!period}>计算贴息</Button>
        <Button onClick={exportTable} loading={exporting} disabled={!period || !table}>导出贴息明细表</Button>
      </Space>
      {error && <Alert type="error" showIcon title={error} />}
      {!table && !error && !busy && (
        <Typography.Text type="secondary" data-testid="subsidy-hint">选好年度和期间（季度、全年或自定义）后点“计算贴息”；算出的明细可以导出为贴息明细表。</Typography.Text>
      )}
      {table && (
        <>
          <Alert
            type="info" showIcon data-testid="subsidy-total"
            title={`${table.from} 至 ${table.to}：${table.rows.length} 笔贷款，应贴息合计 ${yuan(table.totalFen)} 元（大写：${table.totalWords}）`}
            description={`贴息 = 贷款余额（以5万元为限）× 年利率 × 贴息比例 × 天数 ÷ ${table.basis}；逾期期间不贴息；合同未填利率的按LPR ${rateText(table.lprE6)}。计息基数和LPR在“设置”中修改。`}
          />
          <Table<SubsidyRow>
            size="small" rowKey="loanId" dataSource={table.rows} data-testid="subsidy-table" scroll={{ x: 1300 }}
            pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => `共 ${n} 笔` }}
            onRow={(r) => ({ onClick: () => onOpen(r.loanId), style: { cursor: 'pointer' } })}
            columns={[
              { title: '村', dataIndex: 'villageName', width: 90, fixed: 'left' },
              { title: '借款人', dataIndex: 'name', width: 80, fixed: 'left' },
              { title: '合同编号', dataIndex: 'contractNo', width: 120 },
              { title: '贷款银行', dataIndex: 'bank', width: 90 },
              { title: '贷款金额', dataIndex: 'amountFen', width: 110, align: 'right', render: (v: number) => yuan(v) },
              { title: '年利率', dataIndex: 'rateE6', width: 70, render: (v: number) => rateText(v) },
              { title: '计息起止', width: 190, render: (_: unknown, r: SubsidyRow) => `${r.from} 至 ${r.to}` },
              { title: '贴息天数', dataIndex: 'days', width: 80, align: 'right' },
              { title: '逾期天数', dataIndex: 'overdueDays', width: 80, align: 'right', render: (v: number) => (v ? <span style={{ color: '#cf1322' }}>{v}</span> : 0) },
              { title: '应贴息（元）', dataIndex: 'subsidyFen', width: 110, align: 'right', render: (v: number) => yuan(v) },
              { title: '备注', dataIndex: 'note', ellipsis: true },
            ]}
            summary={() => (
              <Table.Summary fixed>
                <Table.Summary.Row style={{ fontWeight: 600 }}>
                  <Table.Summary.Cell index={0} colSpan={9}>合计（大写：{table.totalWords}）</Table.Summary.Cell>
                  <Table.Summary.Cell index={9} align="right">{yuan(table.totalFen)}</Table.Summary.Cell>
                  <Table.Summary.Cell index={10} />
                </Table.Summary.Row>
              </Table.Summary>
            )}
          />
        </>
      )}
    </div>
  );
}
