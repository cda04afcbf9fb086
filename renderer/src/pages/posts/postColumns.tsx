import { Tag } from 'antd';
import type { Post } from '../../../../shared/api/posts';
import type { Village } from '../../../../shared/api/contract';
import { titlesOf } from '../../../../shared/fields';
import type { GridColumn } from '../../components/DataGrid';
import { yuan } from './money';

const title = titlesOf('posts');

export function postColumns(villages: Village[]): GridColumn<Post>[] {
  return [
    {
      key: 'villageName', title: title('villageName'), width: 110, sortable: true, text: (p) => p.villageName ?? '',
      filter: { kind: 'select', options: villages.map((v) => ({ value: v.id, label: v.name })) },
    },
    { key: 'name', title: title('name'), width: 170, sortable: true, filter: { kind: 'text', placeholder: '名称' }, text: (p) => p.name },
    { key: 'category', title: title('category'), width: 110, sortable: true, text: (p) => p.category },
    { key: 'fundSource', title: title('fundSource'), width: 130, text: (p) => p.fundSource ?? '' },
    { key: 'headcount', title: title('headcount'), width: 80, text: (p) => String(p.headcount) },
    {
      key: 'activeHolders', title: title('activeHolders'), width: 80, text: (p) => String(p.activeHolders),
      render: (p) => (p.activeHolders > p.headcount
        ? <span style={{ color: '#cf1322' }} title="在岗人数超过设岗人数">{p.activeHolders}</span>
        : p.activeHolders),
    },
    { key: 'wageFen', title: title('wageFen', '元'), width: 120, sortable: true, text: (p) => yuan(p.wageFen) },
    { key: 'workTime', title: title('workTime'), width: 140, text: (p) => p.workTime ?? '' },
    { key: 'duties', title: title('duties'), width: 200, text: (p) => p.duties ?? '', hiddenByDefault: true },
    { key: 'councilDate', title: title('councilDate'), width: 120, text: (p) => p.councilDate ?? '' },
    {
      key: 'status', title: title('status'), width: 150,
      filter: { kind: 'select', options: [{ value: '设立', label: '设立' }, { value: '撤销', label: '撤销' }] },
      text: (p) => (p.status === '撤销' ? `撤销 ${p.statusDate ?? ''}`.trim() : '设立'),
      render: (p) => (p.status === '撤销' ? <Tag>撤销 {p.statusDate ?? ''}</Tag> : <Tag color="green">设立</Tag>),
    },
  ];
}
