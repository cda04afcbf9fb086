import { Alert, Typography } from 'antd';
import { useAppInfo } from '../appInfo';
import { AsOfPicker } from '../asOf';
import { formatDateTime } from '../lib/format';
import { HeaderSafety } from '../safety/HeaderSafety';

export function AppHeader() {
  const { info, error } = useAppInfo();
  if (error) return <Alert type="error" showIcon title={error} />;
  return (
    <>
      <span className="app-header-township" data-testid="header-township">{info?.township || '未设置乡镇'}</span>
      <span className="app-header-item" title={info?.dbFile}>
        数据文件：<Typography.Text data-testid="header-dbfile" style={{ color: 'inherit' }}>{info?.dbFile ?? '…'}</Typography.Text>
      </span>
      <span className="app-header-item" data-testid="header-backup">
        上次备份：{info?.lastBackupAt ? formatDateTime(info.lastBackupAt) : '尚未备份'}
      </span>
      <AsOfPicker />
      <HeaderSafety />
    </>
  );
}
