import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import type { ImportJob } from '../../../../shared/api/contract';
import { navigate } from '../../navigation';

export function ImportDone({ job, onAgain, actions }: { job: ImportJob; onAgain: () => void; actions?: ReactNode[] }) {
  const s = job.summary;
  return (
    <div className="import-step" data-testid="import-summary">
      <Result
        status="success" title={s && s.batchId == null ? '导入完成：没有需要写入的变化' : '导入完成'}
        subTitle={s
          ? `${job.fileName}：共 ${s.rows} 行，新增 ${s.inserted} ${job.unit}，更新 ${s.updated} ${job.unit}，未变 ${s.unchanged}，错误 ${s.errors.length}`
          : job.fileName}
        extra={[
          ...(actions ?? [
            <Button key="batches" type="primary" onClick={() => navigate('imports')}>查看导入记录</Button>,
            <Button key="persons" onClick={() => navigate('persons')}>查看人员名单</Button>,
          ]),
          <Button key="again" onClick={onAgain}>继续导入其他文件</Button>,
        ]}
      />
    </div>
  );
}
