import { Tag } from 'antd';
import type { Post } from '../../../../shared/api/posts';
import type { Village } from '../../../../shared/api/contract';
import type { GridColumn } from '../../components/DataGrid';
import { yuan } from './money';

export function postColumns(villages: Village[]): GridColumn<Post>[] {
  return [
    {
      key: 'villageName', title: '村', width: 110, sortable: true, text: (p) => p.villageName ?? '',
      filter: { kind: 'select', options: villages.map((v) => ({ value: v.id, label: v.name })) },
    },
    { key: 'name', title: '岗位名称', width: 170, sortable: true, filter: { kind: 'text', placeholder: '名称' }, text: (p) => p.name },
    { key: 'category', title: '岗位类别', width: 110, sortable: true, text: (p) => p.category },
    { key: 'fundSource', title: '资金来源', width: 130, text: (p) => p.fundSource ?? '' },
    { key: 'headcount', title: '人员数量', width: 80, text: (p) => String(p.headcount) },
    {
      key: 'activeHolders', title: '在岗人数', width: 80, text: (p) => String(p.activeHolders),
      render: (p) => (p.activeHolders > p.headcount
        ? <span style={{ color: '#cf1322' }} title="在岗人数超过设岗人数">{p.activeHolders}</span>
        : p.activeHolders),
    },
    { key: 'wageFen', title: '月补贴标准(元)', width: 120, sortable: true, text: (p) => yuan(p.wageFen) },
    { key: 'workTime', title: '工作时间', width: 140, text: (p) => p.workTime ?? '' },
    { key: 'duties', title: '工作职责', width: 200, text: (p) => p.duties ?? '', hiddenByDefault: true },
    { key: 'councilDate', title: '村委会研究日期', width: 120, text: (p) => p.councilDate ?? '' },
    {
      key: 'status', title: '状态', width: 150,
      filter: { kind: 'select', options: [{ value: '设立', label: '设立' }, { value: '撤销', label: '撤销' }] },
      text: (p) => (p.status === '撤销' ? `撤销 ${p.statusDate ?? ''}`.trim() : '设立'),
      render: (p) => (p.status === '撤销' ? <Tag>撤销 {p.statusDate ?? ''}</Tag> : <Tag color="green">设立</Tag>),
    },
  ];
}
