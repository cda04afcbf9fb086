import { Button } from 'antd';
import type { ReactNode } from 'react';

/**
 * 保存 / 取消 at the left of a record drawer, and the record's own actions (退岗, 撤销岗位 …)
 * pushed to the right, away from 保存, so a hurried click does not end a post by mistake.
 */
export function DrawerFooter({ saving, readOnly, onSave, onCancel, cancelText = '取消', children }: {
  saving: boolean; readOnly?: boolean; onSave: () => void; onCancel: () => void; cancelText?: string; children?: ReactNode;
}) {
  return (
    <div style={{ display: 'flex', gap: 8 }}>
      <Button type="primary" loading={saving} disabled={readOnly} onClick={onSave}>保存</Button>
      <Button onClick={onCancel}>{cancelText}</Button>
      {children && <div style={{ marginLeft: 'auto', display: 'flex', gap: 8 }}>{children}</div>}
    </div>
  );
}
