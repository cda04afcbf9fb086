import { Button, Tag } from 'antd';
import type { Village } from '../../../../shared/api/contract';
import type { Loan } from '../../../../shared/api/loans';
import { LOAN_STATUSES } from '../../../../shared/api/labels';
import { titlesOf } from '../../../../shared/fields';
import type { GridColumn } from '../../components/DataGrid';
import { formatDateTime } from '../../lib/format';
import { rateText, yuan } from './format';

const title = titlesOf('loans');

const STATUS_COLORS: Record<string, string> = { 正常: 'green', 逾期: 'red', 展期: 'orange', 续贷: 'blue', 已结清: 'default', 即将到期: 'gold', 未放款: 'default' };

export function StatusTag({ status }: { status: string }) {
  return <Tag color={STATUS_COLORS[status]}>{status}</Tag>;
}

export function loanColumns(villages: Village[], banks: string[]): GridColumn<Loan>[] {
  return [
    { key: 'contractNo', title: title('contractNo'), width: 130, sortable: true, text: (l) => l.contractNo ?? '' },
    {
      key: 'name', title: title('name'), width: 120, sortable: true, filter: { kind: 'text', placeholder: '姓名/拼音/证号/合同' },
      text: (l) => l.name, render: (l) => <span>{l.name}{!l.inRoster && <Tag color="red" style={{ marginLeft: 4 }}>不在名单</Tag>}</span>,
    },
    { key: 'idNo', title: title('idNo'), width: 180, sortable: true, text: (l) => l.idNo },
    {
      key: 'villageName', title: title('villageName'), width: 100, sortable: true, text: (l) => l.villageName ?? '',
      filter: { kind: 'select', options: villages.map((v) => ({ value: v.id, label: v.name })) },
    },
    { key: 'householdType', title: title('householdType'), width: 80, sortable: true, text: (l) => l.householdType },
    {
      key: 'bank', title: title('bank'), width: 110, sortable: true, text: (l) => l.bank ?? '',
      filter: { kind: 'select', options: banks.map((b) => ({ value: b, label: b })) },
    },
    { key: 'amountFen', title: title('amountFen', '元'), width: 120, sortable: true, text: (l) => yuan(l.amountFen) },
    { key: 'issueDate', title: title('issueDate'), width: 105, sortable: true, text: (l) => l.issueDate },
    {
      key: 'effectiveDueDate', title: title('effectiveDueDate'), width: 115, sortable: true,
      text: (l) => l.effectiveDueDate, render: (l) => <span title={l.extendedDueDate ? `原到期 ${l.dueDate}，已展期` : undefined}>{l.effectiveDueDate}{l.extendedDueDate ? '（展）' : ''}</span>,
    },
    { key: 'termMonths', title: title('termMonths'), width: 80, sortable: true, text: (l) => (l.termMonths == null ? '' : String(l.termMonths)) },
    { key: 'rateE6', title: title('rateE6'), width: 75, sortable: true, text: (l) => rateText(l.rateE6) },
    {
      key: 'status', title: title('status'), width: 90, sortable: true, text: (l) => l.status, render: (l) => <StatusTag status={l.status} />,
      filter: { kind: 'select', options: LOAN_STATUSES.map((s) => ({ value: s, label: s })) },
    },
    {
      // What the dates and repayments say at the 统计日期, next to the ledger's own word (台账状态).
      key: 'derivedStatus', title: title('derivedStatus'), width: 95, text: (l) => l.derivedStatus,
      render: (l) => <span title={`截至 ${l.statusAsOf}${l.derivedStatus !== l.status ? `，台账写的是“${l.status}”` : ''}`}><StatusTag status={l.derivedStatus} /></span>,
    },
    { key: 'balanceFen', title: title('balanceFen', '元'), width: 120, sortable: true, text: (l) => yuan(l.balanceFen) },
    { key: 'additional', title: title('additional'), width: 80, text: (l) => (l.additional ? '是' : ''), hiddenByDefault: true },
    { key: 'purpose', title: title('purpose'), width: 100, text: (l) => l.purpose ?? '', hiddenByDefault: true },
    { key: 'note', title: title('note'), width: 140, text: (l) => l.note ?? '', hiddenByDefault: true },
  ];
}

export function loanRecycleColumns(villages: Village[], banks: string[], onRestore: (l: Loan) => void): GridColumn<Loan>[] {
  return [
    ...loanColumns(villages, banks),
    { key: 'deletedAt', title: title('deletedAt'), width: 150, text: (l) => formatDateTime(l.deletedAt) },
    {
      key: 'actions', title: '操作', width: 90, exportable: false, text: () => '',
      render: (l) => <Button size="small" onClick={(e) => { e.stopPropagation(); onRestore(l); }}>恢复</Button>,
    },
  ];
}
