import { Button, Progress } from 'antd';
import type { ImportJob } from '../../../../shared/api/contract';

export function ImportProgress({ job, onCancel }: { job: ImportJob; onCancel: () => void }) {
  const committing = job.state === 'committing';
  return (
    <div className="import-step" data-testid="import-progress">
      <p style={{ fontSize: 15 }}>{committing ? '正在写入台账…' : `正在读取“${job.fileName}”…`}</p>
      <Progress percent={Math.round(job.percent)} status="active" />
      <p style={{ color: '#6b7280' }}>已读取 {job.rowsRead} 行{job.message ? `　${job.message}` : ''}</p>
      {/* Once writing has started the transaction finishes or rolls back on its own; cancelling is for reading. */}
      {!committing && <Button onClick={onCancel}>取消</Button>}
    </div>
  );
}
