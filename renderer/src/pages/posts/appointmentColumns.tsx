import { Tag } from 'antd';
import type { Village } from '../../../../shared/api/contract';
import type { Appointment } from '../../../../shared/api/posts';
import { APPOINTMENT_STATUSES } from '../../../../shared/wages';
import { titlesOf } from '../../../../shared/fields';
import type { GridColumn } from '../../components/DataGrid';
import { yuan } from './money';

const title = titlesOf('appointments');

const STATUS_COLORS: Record<string, string | undefined> = { 在岗: 'green', 待岗: 'orange', 离岗: undefined, 期满未续: 'red', 已退岗: undefined, 未到岗: 'blue' };

function statusText(a: Appointment): string {
  if (a.status !== '离岗') return a.status;
  return ['离岗', a.exitDate, a.exitReason].filter(Boolean).join(' ');
}

export function appointmentColumns(villages: Village[]): GridColumn<Appointment>[] {
  return [
    {
      key: 'villageName', title: title('villageName'), width: 100, sortable: true, text: (a) => a.villageName ?? '',
      filter: { kind: 'select', options: villages.map((v) => ({ value: v.id, label: v.name })) },
    },
    { key: 'postName', title: title('postName'), width: 140, sortable: true, text: (a) => a.postName },
    { key: 'postCategory', title: title('postCategory'), width: 100, text: (a) => a.postCategory, hiddenByDefault: true },
    { key: 'personName', title: title('personName'), width: 100, sortable: true, filter: { kind: 'text', placeholder: '姓名/拼音' }, text: (a) => a.personName },
    { key: 'idNo', title: title('idNo'), width: 180, text: (a) => a.idNo },
    { key: 'householdType', title: title('householdType'), width: 80, text: (a) => a.householdType ?? '' },
    { key: 'agreementNo', title: title('agreementNo'), width: 120, text: (a) => a.agreementNo ?? '' },
    { key: 'startDate', title: title('startDate'), width: 110, sortable: true, text: (a) => a.startDate },
    { key: 'endDate', title: title('endDate'), width: 110, sortable: true, text: (a) => a.endDate ?? '' },
    { key: 'wageFen', title: title('wageFen', '元'), width: 100, sortable: true, text: (a) => yuan(a.wageFen) },
    { key: 'bankAccount', title: title('bankAccount'), width: 180, text: (a) => a.bankAccount ?? '' },
    { key: 'bankName', title: title('bankName'), width: 140, text: (a) => a.bankName ?? '', hiddenByDefault: true },
    { key: 'phone', title: title('phone'), width: 120, text: (a) => a.phone ?? '', hiddenByDefault: true },
    {
      key: 'status', title: title('status'), width: 220,
      filter: { kind: 'select', options: APPOINTMENT_STATUSES.map((s) => ({ value: s, label: s })) },
      text: statusText,
      render: (a) => <Tag color={STATUS_COLORS[a.status]}>{statusText(a)}</Tag>,
    },
    {
      // From the agreement's own dates at the 统计日期: an expired agreement still 在岗 in the ledger shows 期满未续.
      key: 'derivedStatus', title: title('derivedStatus'), width: 95, text: (a) => a.derivedStatus,
      render: (a) => <span title={`截至 ${a.statusAsOf}`}><Tag color={STATUS_COLORS[a.derivedStatus]}>{a.derivedStatus}</Tag></span>,
    },
  ];
}
