import { Tag } from 'antd';
import type { Village } from '../../../../shared/api/contract';
import type { Workshop } from '../../../../shared/api/workshops';
import { QUALIFICATION_LABELS, WORKSHOP_STATUSES, type QualificationState } from '../../../../shared/workshops';
import { titlesOf } from '../../../../shared/fields';
import type { GridColumn } from '../../components/DataGrid';
import { QualificationTag, StatusTag, yuan } from './format';

const title = titlesOf('workshops');

const SOURCE_LABELS: Record<Workshop['source'], string> = { employments: '务工台账', reported: '台账上报', none: '暂无' };

export function workshopColumns(villages: Village[]): GridColumn<Workshop>[] {
  return [
    { key: 'name', title: title('name'), width: 210, sortable: true, filter: { kind: 'text', placeholder: '名称/主体/信用代码' }, text: (w) => w.name },
    {
      key: 'villageName', title: title('villageName'), width: 100, sortable: true, text: (w) => w.villageName ?? '',
      filter: { kind: 'select', options: villages.map((v) => ({ value: v.id, label: v.name })) },
    },
    // 运营状态, 吸纳就业 and 认定情况 right after the frozen name and village: in view on a 1366-wide screen.
    {
      key: 'status', title: title('status'), width: 100, sortable: true, text: (w) => w.status, render: (w) => <StatusTag status={w.status} />,
      filter: { kind: 'select', options: WORKSHOP_STATUSES.map((s) => ({ value: s, label: s })) },
    },
    { key: 'employed', title: title('employed'), width: 100, sortable: true, text: (w) => String(w.employed) },
    { key: 'poor', title: title('poor'), width: 110, sortable: true, text: (w) => String(w.poor) },
    {
      key: 'qualification', title: title('qualification'), width: 110, sortable: true, text: (w) => QUALIFICATION_LABELS[w.qualification.state],
      render: (w) => <QualificationTag state={w.qualification.state} reason={w.qualification.reason} />,
      filter: { kind: 'select', options: (Object.keys(QUALIFICATION_LABELS) as QualificationState[]).map((k) => ({ value: k, label: QUALIFICATION_LABELS[k] })) },
    },
    { key: 'entity', title: title('entity'), width: 200, sortable: true, text: (w) => w.entity ?? '' },
    {
      key: 'creditCode', title: title('creditCode'), width: 260, sortable: true, text: (w) => w.creditCode ?? '',
      render: (w) => (w.creditCodeProblem ? <span title={w.creditCodeProblem}>{w.creditCode} <Tag color="red">校验不通过</Tag></span> : w.creditCode ?? ''),
    },
    { key: 'leader', title: title('leader'), width: 80, sortable: true, text: (w) => w.leader ?? '' },
    { key: 'phone', title: title('phone'), width: 120, text: (w) => w.phone ?? '' },
    { key: 'industry', title: title('industry'), width: 110, sortable: true, text: (w) => w.industry ?? '' },
    { key: 'recognizedDate', title: title('recognizedDate'), width: 100, sortable: true, text: (w) => w.recognizedDate ?? '' },
    { key: 'statusDate', title: title('statusDate'), width: 100, sortable: true, text: (w) => w.statusDate ?? '', hiddenByDefault: true },
    { key: 'monitored', title: title('monitored'), width: 100, sortable: true, text: (w) => String(w.monitored) },
    { key: 'avgWageFen', title: title('avgWageFen', '元'), width: 120, sortable: true, text: (w) => yuan(w.avgWageFen) },
    { key: 'source', title: title('source'), width: 90, text: (w) => SOURCE_LABELS[w.source], hiddenByDefault: true },
    { key: 'subsidyPaidFen', title: title('subsidyPaidFen', '元'), width: 120, sortable: true, text: (w) => yuan(w.subsidyPaidFen) },
  ];
}
