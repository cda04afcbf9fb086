import { Tag } from 'antd';
import type { MonitorHouseholdRow } from '../../../../shared/api/monitoring';
import { titlesOf } from '../../../../shared/fields';
import { RULE_CODES, RULE_META, isRuleCode, ruleTitle } from '../../../../shared/rules';
import type { GridColumn } from '../../components/DataGrid';

const title = titlesOf('monitor_households');

/** The monitoring rules, titled and graded as the 问题清单 and its export show them (shared/rules.ts). */
const MONITORING_RULES = RULE_CODES.filter((c) => RULE_META[c].module === 'monitoring');
const ruleColor = (code: string) => (isRuleCode(code) && RULE_META[code].severity === 'warning' ? 'orange' : 'red');

export const riskState = (r: MonitorHouseholdRow) => (r.identifying ? 'identifying' : r.open ? 'open' : 'closed');
const riskText = (r: MonitorHouseholdRow) => ({ identifying: '识别中', open: '未消除', closed: '已消除' })[riskState(r)];

/** The 监测户 list, one row per household. */
export function householdColumns(villages: string[]): GridColumn<MonitorHouseholdRow>[] {
  return [
    { key: 'village', title: title('village'), width: 90, sortable: true, text: (r) => r.village ?? '', filter: { kind: 'select', options: villages.map((v) => ({ value: v, label: v })) } },
    { key: 'headName', title: title('headName'), width: 90, sortable: true, text: (r) => r.headName, filter: { kind: 'text', placeholder: '姓名/身份证号/户编号' } },
    { key: 'householdNo', title: title('householdNo'), width: 150, text: (r) => r.householdNo ?? '' },
    { key: 'headIdNo', title: title('headIdNo'), width: 170, text: (r) => r.headIdNo, hiddenByDefault: true },
    { key: 'members', title: title('members'), width: 56, sortable: true, text: (r) => String(r.members) },
    { key: 'category', title: title('category'), width: 120, sortable: true, text: (r) => r.category ?? '',
      filter: { kind: 'select', options: ['脱贫不稳定户', '边缘易致贫户', '突发严重困难户'].map((v) => ({ value: v, label: v })) } },
    { key: 'identifiedMonth', title: title('identifiedMonth'), width: 100, sortable: true, text: (r) => r.identifiedMonth ?? '' },
    { key: 'open', title: title('open'), width: 90, text: riskText, render: (r) => <Tag color={r.identifying ? 'blue' : r.open ? 'red' : 'green'}>{riskText(r)}</Tag>,
      filter: { kind: 'select', options: [{ value: 'open', label: '未消除' }, { value: 'closed', label: '已消除' }, { value: 'identifying', label: '识别中' }] } },
    { key: 'coverage', title: title('coverage'), width: 180, text: (r) => r.coverage.join('、'), render: (r) => (r.coverage.length ? r.coverage.join('、') : <Tag color={r.open ? 'red' : 'default'}>无</Tag>) },
    { key: 'lastVisit', title: title('lastVisit'), width: 100, sortable: true, text: (r) => r.lastVisit ?? '' },
    { key: 'rules', title: title('rules'), width: 200, text: (r) => r.rules.map((c) => `${c} ${ruleTitle(c)}`).join('、'),
      render: (r) => r.rules.map((c) => <Tag key={c} color={ruleColor(c)} title={ruleTitle(c)}>{c}</Tag>),
      filter: { kind: 'select', options: MONITORING_RULES.map((value) => ({ value, label: `${value} ${ruleTitle(value)}` })) } },
  ];
}
