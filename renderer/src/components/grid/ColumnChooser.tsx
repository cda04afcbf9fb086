import { Button, Checkbox, Popover } from 'antd';

interface Props {
  columns: { id: string; title: string; visible: boolean }[];
  onToggle: (id: string, visible: boolean) => void;
}

export function ColumnChooser({ columns, onToggle }: Props) {
  const shown = columns.filter((c) => c.visible).length;
  const content = (
    <div className="grid-column-chooser" data-testid="column-chooser">
      {columns.map((c) => (
        <Checkbox
          key={c.id} checked={c.visible}
          // The last visible column stays: an empty grid looks like lost data.
          disabled={c.visible && shown === 1}
          onChange={(e) => onToggle(c.id, e.target.checked)}
        >
          {c.title}
        </Checkbox>
      ))}
    </div>
  );
  return (
    <Popover content={content} title="显示的列" trigger="click" placement="bottomRight">
      <Button>选择列</Button>
    </Popover>
  );
}
