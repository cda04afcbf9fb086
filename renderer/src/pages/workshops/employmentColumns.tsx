import { Tag } from 'antd';
import type { ReactNode } from 'react';
import type { Employment } from '../../../../shared/api/workshops';
import { titlesOf } from '../../../../shared/fields';
import type { GridColumn } from '../../components/DataGrid';
import { yuan } from './format';

const title = titlesOf('employments');

/** The 务工台账 of one workshop; `actions` draws the row's buttons (离职, 删除), which need the tab's state. */
export function employmentColumns(actions: (e: Employment) => ReactNode): GridColumn<Employment>[] {
  return [
    { key: 'name', title: title('name'), width: 90, sortable: true, filter: { kind: 'text', placeholder: '姓名/身份证号' }, text: (e) => e.name },
    { key: 'idNo', title: title('idNo'), width: 165, sortable: true, text: (e) => e.idNo },
    {
      key: 'householdType', title: title('householdType'), width: 90, text: (e) => (e.inRoster ? e.householdType : '名单外'),
      render: (e) => (!e.inRoster ? <Tag>名单外</Tag> : <Tag color={e.monitored ? 'orange' : e.poor ? 'blue' : 'default'}>{e.householdType}</Tag>),
    },
    { key: 'startDate', title: title('startDate'), width: 100, sortable: true, text: (e) => e.startDate },
    { key: 'endDate', title: title('endDate'), width: 100, sortable: true, text: (e) => e.endDate ?? '', render: (e) => e.endDate ?? <Tag color="green">在岗</Tag> },
    // Not 合同期限（月）: the cell says 个月 itself, as the form's field does.
    { key: 'contractMonths', title: '合同期限', width: 80, sortable: true, text: (e) => (e.contractMonths == null ? '' : `${e.contractMonths}个月`) },
    { key: 'monthlyWageFen', title: title('monthlyWageFen', '元'), width: 110, sortable: true, text: (e) => yuan(e.monthlyWageFen) },
    { key: 'channel', title: title('channel'), width: 90, text: (e) => e.channel ?? '' },
    {
      key: 'counts', title: title('counts'), width: 180, text: (e) => (e.counts ? '计入' : e.reasons.join('；')),
      render: (e) => (e.counts ? <Tag color="green">计入</Tag> : <span title={e.reasons.join('；')} style={{ color: '#ad6800' }}>{e.reasons.join('；')}</span>),
    },
    { key: 'exitReason', title: title('exitReason'), width: 120, text: (e) => e.exitReason ?? '', hiddenByDefault: true },
    { key: 'actions', title: '操作', width: 130, exportable: false, text: () => '', render: actions },
  ];
}
