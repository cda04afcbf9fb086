import { Button, Tag } from 'antd';
import type { Person, Village } from '../../../../shared/api/contract';
import { HOUSEHOLD_TYPES, MONITOR_CATEGORIES } from '../../../../shared/domain';
import { titlesOf } from '../../../../shared/fields';
import type { GridColumn } from '../../components/DataGrid';
import { formatDateTime } from '../../lib/format';

const title = titlesOf('persons');
const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));
const TYPE_COLORS: Record<string, string> = { 脱贫户: 'blue', 监测户: 'orange', 一般户: 'default' };

export function personColumns(villages: Village[]): GridColumn<Person>[] {
  return [
    { key: 'name', title: title('name'), width: 130, sortable: true, filter: { kind: 'text', placeholder: '姓名/拼音' }, text: (p) => p.name },
    { key: 'sex', title: title('sex'), width: 60, sortable: true, text: (p) => p.sex ?? '' },
    { key: 'idNo', title: title('idNo'), width: 190, sortable: true, filter: { kind: 'text', placeholder: '号码任意部分' }, text: (p) => p.idNo },
    { key: 'birthDate', title: title('birthDate'), width: 110, sortable: true, text: (p) => p.birthDate ?? '' },
    {
      key: 'villageName', title: title('villageName'), width: 120, sortable: true, text: (p) => p.villageName ?? '',
      filter: { kind: 'select', options: villages.map((v) => ({ value: v.id, label: v.name })) },
    },
    { key: 'householdNo', title: title('householdNo'), width: 160, sortable: true, text: (p) => p.householdNo ?? '' },
    {
      key: 'householdType', title: title('householdType'), width: 100, sortable: true, filter: { kind: 'select', options: options(HOUSEHOLD_TYPES) },
      text: (p) => p.householdType, render: (p) => <Tag color={TYPE_COLORS[p.householdType]}>{p.householdType}</Tag>,
    },
    { key: 'monitorCategory', title: title('monitorCategory'), width: 140, filter: { kind: 'select', options: options(MONITOR_CATEGORIES) }, text: (p) => p.monitorCategory ?? '' },
    { key: 'relation', title: title('relation'), width: 100, text: (p) => p.relation ?? '' },
    { key: 'laborSkill', title: title('laborSkill'), width: 140, text: (p) => p.laborSkill ?? '' },
    { key: 'phone', title: title('phone'), width: 130, text: (p) => p.phone ?? '' },
  ];
}

export function recycleBinColumns(villages: Village[], onRestore: (p: Person) => void): GridColumn<Person>[] {
  return [
    ...personColumns(villages),
    { key: 'deletedAt', title: title('deletedAt'), width: 150, text: (p) => formatDateTime(p.deletedAt) },
    {
      key: 'actions', title: '操作', width: 90, exportable: false, text: () => '',
      render: (p) => (
        <Button size="small" onClick={(e) => { e.stopPropagation(); onRestore(p); }}>恢复</Button>
      ),
    },
  ];
}
