import { Result } from 'antd';

export function UnderConstruction({ title }: { title: string }) {
  return (
    <div className="page">
      <h2 className="page-title">{title}</h2>
      <Result status="info" title="本功能正在建设中" subTitle={`“${title}”将在后续版本提供。现在可以先整理人员名单和村信息。`} />
    </div>
  );
}
