import { Alert, Button, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import type { ImportJob } from '../../../../shared/api/contract';
import { PreviewList, type PreviewCategory } from './PreviewList';

const TABS: { key: PreviewCategory; label: string }[] = [
  { key: 'new', label: '新增' },
  { key: 'changed', label: '变更' },
  { key: 'unchanged', label: '未变' },
  { key: 'error', label: '错误' },
];

interface Props {
  job: ImportJob;
  busy: boolean;
  onCommit: (acceptSuggestions: number[]) => void;
  onCancel: () => void;
  onErrorReport: () => void;
}

export function ImportPreview({ job, busy, onCommit, onCancel, onErrorReport }: Props) {
  const [accepted, setAccepted] = useState<Set<number>>(new Set());
  const firstNonEmpty = TABS.find((t) => job.counts[t.key] > 0)?.key ?? 'new';
  const [tab, setTab] = useState<PreviewCategory>(firstNonEmpty);
  const onAccept = (row: number, accept: boolean) => setAccepted((s) => {
    const next = new Set(s);
    if (accept) next.add(row); else next.delete(row);
    return next;
  });

  return (
    <div className="import-step" data-testid="import-preview">
      <h3 style={{ marginTop: 0 }}>导入前核对：{job.fileName}{job.sheet ? `（${job.sheet}）` : ''}</h3>
      <p style={{ color: '#6b7280' }}>
        确认后，新增和变更的行一次写入台账；错误行不导入，可下载错误报告改好后再导入。整批导入可在“导入记录”里撤销。
      </p>
      {job.warnings.map((w) => <Alert key={w} type="warning" showIcon title={w} style={{ marginBottom: 12 }} data-testid="import-warning" />)}
      <Space style={{ marginBottom: 8 }} wrap>
        <Button type="primary" loading={busy} onClick={() => onCommit([...accepted])}>确认导入</Button>
        <Button onClick={onCancel} disabled={busy}>取消</Button>
        <Button onClick={onErrorReport} disabled={job.counts.error === 0}>下载错误报告</Button>
        <Typography.Text type="secondary">
          将新增 {job.counts.new} {job.unit}、更新 {job.counts.changed} {job.unit}{job.counts.error ? `；${job.counts.error} 行有错误，不导入` : ''}{accepted.size ? `；另采用建议 ${accepted.size} 行` : ''}
        </Typography.Text>
      </Space>
      <Tabs
        activeKey={tab} onChange={(k) => setTab(k as PreviewCategory)}
        items={TABS.map((t) => ({
          key: t.key,
          label: <span data-testid={`count-${t.key}`}>{t.label} {job.counts[t.key]}</span>,
          children: <PreviewList job={job} category={t.key} accepted={accepted} onAccept={onAccept} />,
        }))}
      />
    </div>
  );
}
