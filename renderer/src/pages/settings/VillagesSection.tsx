import { Alert, Button, Card, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { Village } from '../../../../shared/api/contract';
import { invoke } from '../../api';
import { errorMessage } from '../../lib/format';
import { VillageFormModal } from './VillageFormModal';

/** 村管理: villages are few (a township has 10–30), so a plain table is enough here. */
export function VillagesSection({ onChanged, framed = true }: { onChanged?: () => void; framed?: boolean }) {
  const [villages, setVillages] = useState<Village[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ village: Village | null } | null>(null);

  const load = useCallback(() => {
    setLoading(true);
    invoke('villages.list', {})
      .then((v) => { setVillages(v); setError(null); }, (e) => setError(errorMessage(e)))
      .finally(() => setLoading(false));
  }, []);
  useEffect(load, [load]);

  const addButton = <Button type="primary" onClick={() => setEditing({ village: null })}>新增村</Button>;
  const body = (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<Village>
        rowKey="id" size="small" loading={loading} dataSource={villages} pagination={false}
        locale={{ emptyText: '还没有村。导入县里的名单时会自动建立，也可以点“新增村”。' }}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '12位代码', dataIndex: 'code', render: (c: string | null) => c ?? <span style={{ color: '#9ca3af' }}>未填写</span> },
          { title: '人数', dataIndex: 'persons', align: 'right' },
          { title: '操作', key: 'op', width: 140, render: (_, v) => <Button size="small" onClick={() => setEditing({ village: v })}>改名/改代码</Button> },
        ]}
      />
      <VillageFormModal
        open={!!editing} village={editing?.village ?? null} onClose={() => setEditing(null)}
        onSaved={() => { load(); onChanged?.(); }}
      />
    </>
  );
  if (!framed) {
    return <div data-testid="villages-section"><div style={{ marginBottom: 12 }}>{addButton}</div>{body}</div>;
  }
  return <Card title="村管理" extra={addButton} data-testid="villages-section">{body}</Card>;
}
