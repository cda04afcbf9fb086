import { Alert, Button, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { ImportJob } from '../../../../shared/api/contract';

type Mapping = Record<string, number | null>;

/** Excel column letters, because that is what the clerk sees at the top of the sheet. */
export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

interface Props {
  job: ImportJob;
  busy: boolean;
  onSheet: (sheet: string) => void;
  onConfirm: (mapping: Mapping, sheet: string | undefined) => void;
  onCancel: () => void;
}

export function ImportMapping({ job, busy, onSheet, onConfirm, onCancel }: Props) {
  const [mapping, setMapping] = useState<Mapping>(job.mapping);
  useEffect(() => setMapping(job.mapping), [job.mapping]);

  const headerOptions = job.headers.map((h, i) => ({ value: i, label: `${columnLetter(i)}列：${h || '（空）'}` }));
  const unmappedRequired = job.fields.filter((f) => f.required && mapping[f.key] == null);

  return (
    <div className="import-step" data-testid="import-mapping">
      <h3 style={{ marginTop: 0 }}>核对列的对应关系</h3>
      <p style={{ color: '#6b7280' }}>
        文件：{job.fileName}{job.headerRow != null ? `，表头在第 ${job.headerRow} 行` : ''}。程序已按表头自动对应，请核对；确认后会记住，下次同样格式的文件不必再选。
      </p>
      {job.sheets.length > 1 && (
        <Space style={{ marginBottom: 16 }}>
          <span>工作表</span>
          <Select
            aria-label="工作表" style={{ minWidth: 260 }} value={job.sheet ?? undefined} disabled={busy} onChange={onSheet}
            options={job.sheets.map((s) => ({ value: s.name, label: `${s.name}（${s.rows} 行）` }))}
          />
        </Space>
      )}
      {job.missing.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }}
          title={`没有自动找到这些列：${job.fields.filter((f) => job.missing.includes(f.key)).map((f) => f.label).join('、')}，请手动选择。`} />
      )}
      <Table
        rowKey="key" size="small" pagination={false} dataSource={job.fields}
        rowClassName={(f) => (job.missing.includes(f.key) ? 'mapping-missing' : '')}
        columns={[
          {
            title: '台账字段', key: 'label', width: 200,
            render: (_, f) => <Typography.Text strong={f.required}>{f.label}{f.required ? ' *' : ''}</Typography.Text>,
          },
          {
            title: '文件中的列', key: 'column',
            render: (_, f) => (
              <Select
                aria-label={`${f.label}对应的列`} data-testid={`mapping-${f.key}`} style={{ width: 320 }} allowClear
                status={f.required && mapping[f.key] == null ? 'error' : job.missing.includes(f.key) ? 'warning' : undefined}
                placeholder={job.missing.includes(f.key) ? '未找到，请选择' : '（不导入）'}
                value={mapping[f.key] ?? undefined} options={headerOptions}
                onChange={(v) => setMapping((m) => ({ ...m, [f.key]: v ?? null }))}
              />
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" loading={busy} disabled={unmappedRequired.length > 0} onClick={() => onConfirm(mapping, job.sheet ?? undefined)}>
          确认对应关系
        </Button>
        <Button onClick={onCancel}>取消</Button>
        {unmappedRequired.length > 0 && <Typography.Text type="danger">必填：{unmappedRequired.map((f) => f.label).join('、')}</Typography.Text>}
      </Space>
    </div>
  );
}
