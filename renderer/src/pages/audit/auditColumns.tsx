import type { AuditRow } from '../../../../shared/api/safety';
import { titlesOf } from '../../../../shared/fields';
import type { GridColumn } from '../../components/DataGrid';

const title = titlesOf('audit_log');

type Option = { value: string; label: string };
export interface Facets { operators: string[]; tables: Option[]; actions: Option[] }

/** The 操作日志 list: who changed what, when; the facets fill the filters. */
export function auditColumns(f: Facets): GridColumn<AuditRow>[] {
  return [
    { key: 'at', title: title('at'), width: 160, text: (r) => r.at },
    // Whose pay or phone changed, in words; the record number stays available in the column chooser.
    { key: 'subject', title: title('subject'), width: 180, text: (r) => r.subject, pin: 'left' },
    {
      key: 'operator', title: title('operator'), width: 110, text: (r) => r.operator || '（未填写）',
      filter: { kind: 'select', options: f.operators.map((o) => ({ value: o, label: o || '（未填写）' })) },
    },
    { key: 'action', title: title('action'), width: 100, text: (r) => r.actionLabel, filter: { kind: 'select', options: f.actions } },
    { key: 'table', title: title('table'), width: 130, text: (r) => r.tableLabel, filter: { kind: 'select', options: f.tables } },
    { key: 'recordId', title: title('recordId'), width: 80, text: (r) => (r.recordId == null ? '' : String(r.recordId)), hiddenByDefault: true },
    { key: 'batchId', title: title('batchId'), width: 80, text: (r) => (r.batchId == null ? '' : String(r.batchId)) },
    { key: 'summary', title: title('summary'), width: 620, text: (r) => r.summary },
  ];
}
