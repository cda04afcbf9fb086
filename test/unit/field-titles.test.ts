/**
 * One name per field (shared/fields.ts): the lists' column titles come from the same labels as the
 * 操作日志 and the messages of a refused request, so a field cannot be 监测类别 on one screen and
 * 监测对象类别 on the next. The column factories are pure; they are called here as the pages call them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELD_LABELS, TABLE_FIELD_LABELS, fieldLabel, fieldTitle, titlesOf } from '../../shared/fields';
import type { GridColumn } from '../../renderer/src/components/DataGrid';
import { auditColumns } from '../../renderer/src/pages/audit/auditColumns';
import { loanColumns, loanRecycleColumns } from '../../renderer/src/pages/loans/loanColumns';
import { householdColumns } from '../../renderer/src/pages/monitoring/householdColumns';
import { personColumns, recycleBinColumns } from '../../renderer/src/pages/persons/personColumns';
import { appointmentColumns } from '../../renderer/src/pages/posts/appointmentColumns';
import { postColumns } from '../../renderer/src/pages/posts/postColumns';
import { employmentColumns } from '../../renderer/src/pages/workshops/employmentColumns';
import { workshopColumns } from '../../renderer/src/pages/workshops/workshopColumns';

const villages = [{ id: 1, name: '东关村', code: null }] as never;
const none = () => undefined;

/** Each list with the table whose words it uses (TABLE_FIELD_LABELS), as the pages build it. */
const GRIDS: { name: string; table: string; columns: GridColumn<never>[] }[] = [
  { name: '人员名单', table: 'persons', columns: personColumns(villages) },
  { name: '人员回收站', table: 'persons', columns: recycleBinColumns(villages, none) },
  { name: '岗位库', table: 'posts', columns: postColumns(villages) },
  { name: '聘用', table: 'appointments', columns: appointmentColumns(villages) },
  { name: '小额信贷', table: 'loans', columns: loanColumns(villages, ['农商行']) },
  { name: '贷款回收站', table: 'loans', columns: loanRecycleColumns(villages, ['农商行'], none) },
  { name: '帮扶车间', table: 'workshops', columns: workshopColumns(villages) },
  { name: '务工台账', table: 'employments', columns: employmentColumns(() => null) },
  { name: '监测户', table: 'monitor_households', columns: householdColumns(['东关村']) },
  { name: '操作日志', table: 'audit_log', columns: auditColumns({ operators: [], tables: [], actions: [] }) },
] as never;

/** Titles a list keeps on purpose, each with its reason next to the column. */
const LOCAL_TITLES: Record<string, string> = {
  'employments.contractMonths': '合同期限', // the cell says 个月 itself
};

describe('field titles', () => {
  it('fieldTitle: the table’s own word first, then the common label, money with its unit', () => {
    expect(fieldTitle('idNo')).toBe('身份证号');
    expect(fieldTitle('name', { table: 'posts' })).toBe('岗位名称');
    expect(fieldTitle('name', { table: 'loans' })).toBe('借款人');
    expect(fieldTitle('name', { table: 'persons' })).toBe('姓名'); // no word of its own: the common label
    expect(fieldTitle('amountFen', { table: 'loans', unit: '元' })).toBe('贷款金额（元）');
    expect(fieldTitle('amountFen', { table: 'workshop_subsidies', unit: '元' })).toBe('补助金额（元）');
    expect(titlesOf('employments')('startDate')).toBe('入职日期');
    expect(fieldLabel('noSuchField')).toBeUndefined();
    expect(fieldTitle('noSuchField')).toBe('noSuchField');
  });

  for (const g of GRIDS) {
    it(`${g.name}: every column is titled from shared/fields.ts`, () => {
      const data = g.columns.filter((c) => c.exportable !== false); // 操作 buttons are not a field
      expect(data.length).toBeGreaterThan(3);
      for (const c of data) {
        const local = LOCAL_TITLES[`${g.table}.${c.key}`];
        if (local) { expect(c.title, c.key).toBe(local); continue; }
        const label = fieldLabel(c.key, g.table);
        expect(label, `${g.name}: ${c.key} 没有名称`).toBeDefined();
        expect([label, `${label}（元）`], `${g.name}: ${c.key}`).toContain(c.title);
      }
      const titles = g.columns.map((c) => c.title);
      expect(new Set(titles).size, `${g.name}: 两列同名`).toBe(titles.length);
    });
  }

  it('a field shared by several lists has one name on all of them', () => {
    const byKey = new Map<string, Set<string>>();
    for (const g of GRIDS) {
      for (const c of g.columns) {
        if (c.exportable === false || TABLE_FIELD_LABELS[g.table]?.[c.key] || LOCAL_TITLES[`${g.table}.${c.key}`]) continue;
        byKey.set(c.key, (byKey.get(c.key) ?? new Set()).add(c.title.replace(/（元）$/, '')));
      }
    }
    for (const [key, titles] of byKey) expect([...titles], key).toEqual([FIELD_LABELS[key]]);
    // The two screens that list 监测对象类别 (人员名单 and 监测户) and the 操作日志 use the same words.
    const title = (name: string, key: string) => GRIDS.find((g) => g.name === name)!.columns.find((c) => c.key === key)!.title;
    expect(title('人员名单', 'monitorCategory')).toBe(title('监测户', 'category'));
    expect(title('人员名单', 'monitorCategory')).toBe(FIELD_LABELS.monitor_category);
  });

  it('no list writes a field title of its own (only 操作, 序号 and the listed exceptions)', () => {
    const dir = path.resolve(__dirname, '..', '..', 'renderer', 'src', 'pages');
    const files = ['persons/personColumns.tsx', 'posts/postColumns.tsx', 'posts/appointmentColumns.tsx', 'posts/AttendanceTab.tsx',
      'loans/loanColumns.tsx', 'workshops/workshopColumns.tsx', 'workshops/employmentColumns.tsx', 'monitoring/householdColumns.tsx',
      'audit/auditColumns.tsx'];
    const allowed = new Set(['操作', '序号', ...Object.values(LOCAL_TITLES)]);
    for (const f of files) {
      const src = fs.readFileSync(path.join(dir, f), 'utf8');
      // A column is `{ key: 'x', title: '…'` or `{ title: '…', key: 'x'` (antd Table); modal and tooltip titles are not.
      const literal = [...src.matchAll(/key: '\w+', title: '([^']*)'|title: '([^']*)', key: '\w+'/g)].map((m) => m[1] ?? m[2]);
      expect(literal.filter((t) => !allowed.has(t)), f).toEqual([]);
    }
  });
});
