import { Button, Empty, Space } from 'antd';

export function PersonsEmpty({ onImport, onCreate }: { onImport: () => void; onCreate: () => void }) {
  return (
    <div className="import-step" data-testid="persons-empty">
      <Empty
        description={
          <div>
            <p style={{ fontSize: 16, color: '#1f2937' }}>还没有人员名单</p>
            <p>通常先把县里下发的“脱贫人口及监测对象”名单（Excel）导入进来；个别人员也可以逐个新增。</p>
          </div>
        }
      >
        <Space>
          <Button type="primary" onClick={onImport}>导入县里的名单</Button>
          <Button onClick={onCreate}>新增人员</Button>
        </Space>
      </Empty>
    </div>
  );
}
