import { Alert, Upload } from 'antd';

interface Props {
  busy: boolean;
  error: string | null;
  onFile: (file: File) => void;
  /** What to drop here, e.g. 县里的人员名单文件. */
  what?: string;
}

/** Files are read in the browser and sent as bytes: the backend never sees a path. */
export function ImportUpload({ busy, error, onFile, what = '县里的人员名单文件' }: Props) {
  return (
    <div className="import-step">
      {error && <Alert type="error" showIcon title="这个文件不能导入" description={error} style={{ marginBottom: 16 }} data-testid="import-error" />}
      <Upload.Dragger
        accept=".xlsx,.xls,.csv" multiple={false} showUploadList={false} disabled={busy} data-testid="import-dragger"
        beforeUpload={(file) => { onFile(file); return false; }}
      >
        <p style={{ fontSize: 16, margin: '12px 0 4px' }}>把{what}拖到这里，或点击选择文件</p>
        <p style={{ color: '#6b7280' }}>支持 Excel（.xlsx、.xls）和 CSV（UTF-8 或 GBK 编码）。标题行、合并单元格、合计行会自动识别。</p>
      </Upload.Dragger>
    </div>
  );
}
