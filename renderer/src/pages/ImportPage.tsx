import { App, Button, DatePicker, Radio, Result, Space, Steps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState, type ReactNode } from 'react';
import type { ImportJob, ImportKind } from '../../../shared/api/contract';
import { IMPORT_KIND_LABELS } from '../../../shared/api/labels';
import { downloadBase64, fileToBase64, invoke } from '../api';
import { useAppInfo } from '../appInfo';
import { errorMessage } from '../lib/format';
import { usePolling } from '../lib/usePolling';
import { navigate } from '../navigation';
import { ImportDone } from './import/ImportDone';
import { ImportMapping } from './import/ImportMapping';
import { ImportPreview } from './import/ImportPreview';
import { ImportProgress } from './import/ImportProgress';
import { ImportUpload } from './import/ImportUpload';
import { takePastedImport } from './import/pasteIntent';

const POLL_MS = 300;
const RUNNING: ImportJob['state'][] = ['reading', 'committing'];

function stepOf(job: ImportJob | null): number {
  if (!job) return 0;
  if (job.state === 'reading' || job.state === 'needsMapping') return 1;
  if (job.state === 'ready') return 2;
  return 3;
}

const KIND_TITLES: Record<ImportKind, string> = {
  persons: '导入人员名单', posts: '导入公益岗位花名册', workshops: '导入帮扶车间台账', loans: '导入小额信贷台账',
  'post-library': '导入公益岗位岗位库', 'post-wages': '导入公益岗位工资发放表',
  monitoring: '导入监测对象信息', 'monitoring-cases': '导入新识别监测对象工作台账', visits: '导入监测户走访记录', 'migrant-work': '导入已外出务工信息',
};
const KIND_FILES: Record<ImportKind, string> = {
  persons: '县里的人员名单文件', posts: '公益岗位人员花名册', workshops: '帮扶车间台账', loans: '小额信贷台账',
  'post-library': '岗位库（本软件导出的或县里的岗位库表）', 'post-wages': '月度工资发放表',
  monitoring: '防返贫监测系统下载的（自定义）监测对象信息', 'monitoring-cases': '乡镇的新识别监测对象工作台账', visits: '监测户走访记录',
  'migrant-work': '（务工月监测）已外出务工信息',
};
/** The kind chooser's words: what the file is. */
export const KIND_LABELS = IMPORT_KIND_LABELS;
const ALL_KINDS = Object.keys(KIND_LABELS) as ImportKind[];

export interface ImportPageProps {
  /** What the file holds; the nav route imports persons. Module pages embed the wizard with their kind. */
  kind?: ImportKind;
  /** The kinds the clerk may choose between before choosing a file (the first step); the nav route offers all. */
  kinds?: ImportKind[];
  /** Embedded: a 返回 button instead of the link to the import history. */
  onBack?: () => void;
  /** Buttons on the finished step, in place of the persons ones. */
  doneActions?: ReactNode[];
}

/** Wizard: choose file → (check columns) → preview → committed. The backend holds the job; the page only follows it. */
export function ImportPage({ kind: initialKind = 'persons', kinds: kindsProp, onBack, doneActions }: ImportPageProps = {}) {
  const { message } = App.useApp();
  const kinds = kindsProp ?? (onBack ? [initialKind] : ALL_KINDS);
  const [kind, setKind] = useState<ImportKind>(initialKind);
  // A 工资发放表 whose title names no month needs one; when the title has one, a different choice is refused.
  const [month, setMonth] = useState<Dayjs | null>(null);
  const { refresh } = useAppInfo();
  const [job, setJob] = useState<ImportJob | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const running = !!job && RUNNING.includes(job.state);
  usePolling(job, running, (j) => invoke('import.status', { jobId: j.jobId }), setJob, (e) => { setError(errorMessage(e)); setJob(null); }, POLL_MS);

  useEffect(() => { if (job?.state === 'committed') refresh(); }, [job?.state, refresh]);

  const run = async (action: () => Promise<ImportJob | null>) => {
    setBusy(true);
    try {
      const j = await action();
      if (j?.state === 'cancelled') { message.info('已取消导入，台账没有变化'); setJob(null); }
      else setJob(j);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const start = async (file: File, as: { kind: ImportKind; month?: string } = { kind, month: month?.format('YYYY-MM') }) => {
    setError(null);
    setBusy(true);
    try {
      const options = as.kind === 'post-wages' && as.month ? { month: as.month } : undefined;
      setJob(await invoke('import.start', { kind: as.kind, fileName: file.name, base64: await fileToBase64(file), options }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  // Rows pasted into a grid (persons, 岗位库, 考勤) arrive as a file and start at once in the wizard of their kind.
  const [pasted, setPasted] = useState(() => takePastedImport(kinds));
  useEffect(() => {
    if (!pasted) return;
    setPasted(null);
    setKind(pasted.kind);
    if (pasted.month) setMonth(dayjs(`${pasted.month}-01`));
    void start(pasted.file, pasted);
  });

  const cancel = () => job && run(() => invoke('import.cancel', { jobId: job.jobId }));
  const reset = () => { setJob(null); setError(null); };

  const downloadErrors = async () => {
    if (!job) return;
    try {
      const f = await invoke('import.errorReport', { jobId: job.jobId });
      downloadBase64(f.fileName, f.base64);
    } catch (e) { message.error(errorMessage(e)); }
  };

  let body;
  if (!job) {
    body = (
      <>
        {kinds.length > 1 && (
          <Space wrap data-testid="import-kind" style={{ margin: '16px 0 0' }}>
            <span>文件类型</span>
            <Radio.Group
              optionType="button" value={kind} aria-label="文件类型"
              options={kinds.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
              onChange={(e) => { setKind(e.target.value as ImportKind); setError(null); }}
            />
          </Space>
        )}
        {kind === 'post-wages' && (
          <Space wrap style={{ margin: '12px 0 0', display: 'flex' }}>
            <span>工资月份</span>
            <DatePicker picker="month" format="YYYY-MM" value={month} onChange={setMonth} placeholder="按标题识别" aria-label="工资月份" data-testid="import-month" />
            <span style={{ color: '#6b7280' }}>标题中有“2026年3月”这样的月份时可不选；已锁定的月份不能导入。</span>
          </Space>
        )}
        <ImportUpload busy={busy} error={error} onFile={start} what={KIND_FILES[kind]} />
      </>
    );
  }
  else if (running) body = <ImportProgress job={job} onCancel={cancel} />;
  else if (job.state === 'needsMapping') {
    body = (
      <ImportMapping
        job={job} busy={busy} onCancel={cancel}
        onSheet={(sheet) => run(() => invoke('import.configure', { jobId: job.jobId, sheet }))}
        onConfirm={(mapping, sheet) => run(() => invoke('import.configure', { jobId: job.jobId, mapping, sheet }))}
      />
    );
  } else if (job.state === 'ready') {
    body = (
      <ImportPreview
        key={job.jobId} job={job} busy={busy} onCancel={cancel} onErrorReport={downloadErrors}
        onCommit={(acceptSuggestions) => run(() => invoke('import.commit', { jobId: job.jobId, acceptSuggestions }))}
      />
    );
  } else if (job.state === 'committed') {
    // Checks run whenever the 问题清单 opens: after a posts file it is the next place to look.
    const actions = doneActions ?? (kind === 'persons' ? undefined : [
      <Button key="batches" type="primary" onClick={() => navigate('imports')}>查看导入记录</Button>,
      <Button key="issues" onClick={() => navigate('issues')}>查看问题清单</Button>,
    ]);
    body = <ImportDone job={job} onAgain={reset} actions={actions} />;
  }
  else {
    body = (
      <div className="import-step" data-testid="import-failed">
        <Result status="error" title="导入没有完成，台账没有变化" subTitle={job.message ?? ''}
          extra={<Button type="primary" onClick={reset}>重新选择文件</Button>} />
      </div>
    );
  }

  return (
    <div className="page page-narrow" style={{ maxWidth: 1200 }}>
      <div className="page-header">
        <h2 className="page-title">{KIND_TITLES[kind]}</h2>
        {onBack ? <Button onClick={onBack}>返回</Button> : <Button onClick={() => navigate('imports')}>导入记录</Button>}
      </div>
      <Steps
        current={stepOf(job)} size="small" status={job?.state === 'committed' ? 'finish' : job?.state === 'failed' ? 'error' : undefined}
        items={[{ title: '选择文件' }, { title: '核对列' }, { title: '预览' }, { title: '完成' }]}
      />
      {body}
    </div>
  );
}
