import { Alert, App, Button, Card, Descriptions, Form, InputNumber, Space, Switch, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { BackupCheck, BackupFile, BackupSettings, BackupSource } from '../../../shared/api/safety';
import { BACKUP_KIND_LABELS } from '../../../shared/api/labels';
import { downloadBase64, fileToBase64, invoke } from '../api';
import { useAppInfo } from '../appInfo';
import { DataGrid, type GridColumn, type GridQuery } from '../components/DataGrid';
import { errorMessage, formatDateTime } from '../lib/format';

const SQLITE_MIME = 'application/vnd.sqlite3';

export function formatSize(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(n / 1024))} KB`;
}

interface Actions {
  download: (f: BackupFile) => void;
  verify: (f: BackupFile) => void;
  restore: (f: BackupFile) => void;
}

function columns(a: Actions): GridColumn<BackupFile>[] {
  return [
    { key: 'at', title: '备份时间', width: 150, text: (f) => formatDateTime(f.at) },
    {
      key: 'kind', title: '类型', width: 100, text: (f) => BACKUP_KIND_LABELS[f.kind],
      render: (f) => <Tag color={f.kind === 'manual' ? 'blue' : f.kind === 'auto' ? 'green' : undefined}>{BACKUP_KIND_LABELS[f.kind]}</Tag>,
    },
    { key: 'name', title: '文件名', width: 320, text: (f) => f.name },
    { key: 'size', title: '大小', width: 90, text: (f) => formatSize(f.size) },
    {
      key: 'where', title: '位置', width: 220,
      text: (f) => (f.location === 'data' ? '数据目录/backups' : `${f.dir}${f.exists ? '' : '（找不到，U盘可能未插入）'}`),
    },
    {
      key: 'actions', title: '操作', width: 190, exportable: false, text: () => '',
      render: (f) => (f.location === 'data' ? (
        <span onClick={(e) => e.stopPropagation()} style={{ display: 'inline-flex', gap: 4 }}>
          <Button size="small" onClick={() => a.download(f)}>下载</Button>
          <Button size="small" onClick={() => a.verify(f)}>校验</Button>
          <Button size="small" danger onClick={() => a.restore(f)}>恢复</Button>
        </span>
      ) : null),
    },
  ];
}

/**
 * 备份与恢复: 立即备份 into the data folder's backups (then 下载 puts a copy on a USB drive: the page
 * never sends paths, files travel as bytes), the automatic daily backups and their rotation, 校验
 * and 恢复 from a listed backup or from a file the clerk picks.
 */
export function BackupPage() {
  const { message, modal } = App.useApp();
  const { info, refresh: refreshInfo } = useAppInfo();
  const [reloadKey, setReloadKey] = useState(0);
  const [dir, setDir] = useState('');
  const [settings, setSettings] = useState<BackupSettings | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [made, setMade] = useState<BackupFile | null>(null);
  const [picked, setPicked] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [settingsForm] = Form.useForm<BackupSettings>();

  const loadSettings = useCallback(() => {
    invoke('backup.list', {}).then((l) => { setDir(l.dir); setSettings(l.settings); settingsForm.setFieldsValue(l.settings); }, (e) => setError(errorMessage(e)));
  }, [settingsForm]);
  useEffect(loadSettings, [loadSettings]);

  const fetchRows = useCallback(async (q: GridQuery) => {
    const l = await invoke('backup.list', {});
    return { rows: l.files.slice(q.offset, q.offset + q.limit), total: l.files.length };
  }, []);
  const reload = () => { setReloadKey((k) => k + 1); refreshInfo(); };

  const backupNow = async () => {
    setBusy('backup'); setError(null);
    try {
      const f = await invoke('backup.now', {});
      setMade(f);
      message.success(`已备份：${f.name}`);
      reload();
    } catch (e) { setError(errorMessage(e)); } finally { setBusy(null); }
  };

  const download = useCallback(async (f: BackupFile) => {
    try {
      const d = await invoke('backup.download', { name: f.name });
      downloadBase64(d.fileName, d.base64, SQLITE_MIME);
    } catch (e) { message.error(errorMessage(e)); }
  }, [message]);

  const showCheck = useCallback((c: BackupCheck) => {
    const body = (
      <div data-testid="verify-result">
        <p>{c.message}</p>
        <Typography.Text type="secondary">{c.fileName}（{formatSize(c.size)}）</Typography.Text>
      </div>
    );
    if (c.ok) modal.success({ title: '校验通过', content: body, okText: '知道了' });
    else modal.error({ title: '校验未通过，这份备份不能用', content: body, okText: '知道了' });
  }, [modal]);

  const source = async (f: BackupFile | File): Promise<BackupSource> =>
    f instanceof File ? { fileName: f.name, base64: await fileToBase64(f) } : { name: f.name };

  const verify = useCallback(async (f: BackupFile | File) => {
    setBusy('verify');
    try { showCheck(await invoke('backup.verify', await source(f))); } catch (e) { message.error(errorMessage(e)); } finally { setBusy(null); }
  }, [message, showCheck]);

  const restore = useCallback((f: BackupFile | File) => {
    const when = f instanceof File ? `文件“${f.name}”` : `${formatDateTime(f.at)} 的备份（${f.name}）`;
    modal.confirm({
      title: '从这份备份恢复？',
      width: 520,
      content: (
        <div data-testid="restore-confirm">
          <p>台账将回到{when}中的内容，之后所做的修改会被替换。</p>
          <p><b>恢复前会先把当前数据完整备份一份</b>（“恢复前备份”，列在本页），如果恢复错了，可以再从它恢复回来。</p>
        </div>
      ),
      okText: '备份当前数据并恢复', okButtonProps: { danger: true }, cancelText: '取消',
      onOk: async () => {
        try {
          const r = await invoke('backup.restore', await source(f));
          modal.success({
            title: '恢复完成',
            content: <div data-testid="restore-done"><p>{r.check.message}</p><p>恢复前的数据已保存为：{r.safetyBackup.name}</p></div>,
            okText: '重新打开台账',
            onOk: () => window.location.reload(),
          });
        } catch (e) {
          modal.error({ title: '恢复没有进行', content: errorMessage(e), okText: '知道了' });
        }
      },
    });
  }, [modal]);

  const cols = useMemo(() => columns({ download, verify, restore }), [download, verify, restore]);

  const saveSettings = async (v: BackupSettings) => {
    setBusy('settings');
    try {
      const s = await invoke('backup.updateSettings', v);
      setSettings(s); settingsForm.setFieldsValue(s);
      message.success('自动备份设置已保存');
    } catch (e) { message.error(errorMessage(e)); } finally { setBusy(null); }
  };

  return (
    <div className="page">
      <div className="page-header">
        <h2 className="page-title">备份与恢复</h2>
        <Button type="primary" onClick={backupNow} loading={busy === 'backup'}>立即备份</Button>
      </div>
      {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} />}
      <Alert
        type={info?.lastBackupAt ? 'info' : 'warning'} showIcon data-testid="backup-summary"
        title={info?.lastBackupAt ? `上次备份：${formatDateTime(info.lastBackupAt)}` : '这台电脑上的台账还没有备份过'}
        description={<>备份保存在 <Typography.Text code copyable>{dir || '…'}</Typography.Text>。电脑坏了或被误删时这里的备份也会丢失，请至少每周“下载”一份到U盘，放在别处保管。</>}
      />
      {made && (
        <Alert
          type="success" showIcon closable onClose={() => setMade(null)} data-testid="backup-made"
          title={`已备份：${made.name}（${formatSize(made.size)}）`}
          description="要复制到U盘，请点“下载到U盘”，在弹出的保存窗口中选择U盘。"
          action={<Button onClick={() => download(made)}>下载到U盘</Button>}
        />
      )}
      <DataGrid<BackupFile>
        gridId="backups" testId="backups-grid" columns={cols} fetchRows={fetchRows} rowKey={(f) => `${f.dir}/${f.name}`}
        reloadKey={reloadKey} exportName="备份列表" emptyText="还没有备份。点右上角“立即备份”。"
      />
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <Card title="从文件恢复或校验" size="small" style={{ flex: 1, minWidth: 420 }} data-testid="restore-from-file">
          <Typography.Paragraph type="secondary">选择U盘或其他位置的台账备份文件（.sqlite）。先校验，确认无误再恢复。</Typography.Paragraph>
          <Space wrap>
            <Upload accept=".sqlite,.db,.bak" maxCount={1} showUploadList={false} beforeUpload={(file) => { setPicked(file); return false; }}>
              <Button>选择备份文件</Button>
            </Upload>
            {picked && <Typography.Text data-testid="picked-file">{picked.name}（{formatSize(picked.size)}）</Typography.Text>}
            <Button disabled={!picked} loading={busy === 'verify'} onClick={() => picked && verify(picked)}>校验此文件</Button>
            <Button danger disabled={!picked} onClick={() => picked && restore(picked)}>从此文件恢复</Button>
          </Space>
        </Card>
        <Card title="自动备份" size="small" style={{ flex: 1, minWidth: 420 }} data-testid="auto-backup">
          <Form<BackupSettings> form={settingsForm} layout="inline" onFinish={saveSettings} disabled={!settings}>
            <Form.Item name="autoBackup" label="每天第一次打开时自动备份" valuePropName="checked"><Switch /></Form.Item>
            <Form.Item name="keepDaily" label="保留最近几天" rules={[{ required: true, message: '请填写' }]}>
              <InputNumber min={1} max={60} precision={0} suffix="天" style={{ width: 90 }} />
            </Form.Item>
            <Form.Item name="keepWeekly" label="另保留几周（每周一份）" rules={[{ required: true, message: '请填写' }]}>
              <InputNumber min={0} max={52} precision={0} suffix="周" style={{ width: 90 }} />
            </Form.Item>
            <Form.Item><Button htmlType="submit" loading={busy === 'settings'}>保存</Button></Form.Item>
          </Form>
          <Descriptions size="small" column={1} style={{ marginTop: 8 }} items={[
            { key: 'rule', label: '说明', children: '自动备份放在数据目录的 backups 文件夹；更早的自动备份按上面的天数和周数轮换删除，手动备份和恢复前备份不会被删除。' },
          ]} />
        </Card>
      </div>
    </div>
  );
}
