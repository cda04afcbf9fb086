import { Tag } from 'antd';
import type { Village } from '../../../../shared/api/contract';
import type { Appointment } from '../../../../shared/api/posts';
import { APPOINTMENT_STATUSES } from '../../../../shared/wages';
import type { GridColumn } from '../../components/DataGrid';
import { yuan } from './money';

const STATUS_COLORS: Record<string, string | undefined> = { 在岗: 'green', 待岗: 'orange', 离岗: undefined, 期满未续: 'red', 已退岗: undefined, 未到岗: 'blue' };

function statusText(a: Appointment): string {
  if (a.status !== '离岗') return a.status;
  return ['离岗', a.exitDate, a.exitReason].filter(Boolean).join(' ');
}

export function appointmentColumns(villages: Village[]): GridColumn<Appointment>[] {
  return [
    {
      key: 'villageName', title: '村', width: 100, sortable: true, text: (a) => a.villageName ?? '',
      filter: { kind: 'select', options: villages.map((v) => ({ value: v.id, label: v.name })) },
    },
    { key: 'postName', title: '岗位', width: 140, sortable: true, text: (a) => a.postName },
    { key: 'postCategory', title: '岗位类别', width: 100, text: (a) => a.postCategory, hiddenByDefault: true },
    { key: 'personName', title: '姓名', width: 100, sortable: true, filter: { kind: 'text', placeholder: '姓名/拼音' }, text: (a) => a.personName },
    { key: 'idNo', title: '身份证号', width: 180, text: (a) => a.idNo },
    { key: 'householdType', title: '户类型', width: 80, text: (a) => a.householdType ?? '' },
    { key: 'agreementNo', title: '协议编号', width: 120, text: (a) => a.agreementNo ?? '' },
    { key: 'startDate', title: '聘用开始', width: 100, sortable: true, text: (a) => a.startDate },
    { key: 'endDate', title: '聘用结束', width: 100, sortable: true, text: (a) => a.endDate ?? '' },
    { key: 'wageFen', title: '月补贴(元)', width: 100, sortable: true, text: (a) => yuan(a.wageFen) },
    { key: 'bankAccount', title: '银行卡号', width: 180, text: (a) => a.bankAccount ?? '' },
    { key: 'bankName', title: '开户行', width: 140, text: (a) => a.bankName ?? '', hiddenByDefault: true },
    { key: 'phone', title: '电话', width: 120, text: (a) => a.phone ?? '', hiddenByDefault: true },
    {
      key: 'status', title: '状态', width: 220,
      filter: { kind: 'select', options: APPOINTMENT_STATUSES.map((s) => ({ value: s, label: s })) },
      text: statusText,
      render: (a) => <Tag color={STATUS_COLORS[a.status]}>{statusText(a)}</Tag>,
    },
    {
      // From the agreement's own dates at the 统计日期: an expired agreement still 在岗 in the ledger shows 期满未续.
      key: 'derivedStatus', title: '协议状态', width: 95, text: (a) => a.derivedStatus,
      render: (a) => <span title={`截至 ${a.statusAsOf}`}><Tag color={STATUS_COLORS[a.derivedStatus]}>{a.derivedStatus}</Tag></span>,
    },
  ];
}
