import { Input, Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { GridFilter, GridFilterValue } from './types';

const TYPING_PAUSE_MS = 300;

interface Props {
  columnKey: string;
  title: string;
  filter: GridFilter;
  value: GridFilterValue;
  onChange: (value: GridFilterValue) => void;
}

/** One input of the filter row. Text waits for a pause in typing so 100k-row queries do not run per keystroke. */
export function FilterCell({ columnKey, title, filter, value, onChange }: Props) {
  const label = `筛选${title}`;
  if (filter.kind === 'select') {
    return (
      <Select
        size="small" allowClear style={{ width: '100%' }} aria-label={label} data-testid={`filter-${columnKey}`}
        placeholder={filter.placeholder ?? '全部'} value={value} options={filter.options}
        popupMatchSelectWidth={false} onChange={(v) => onChange(v ?? undefined)}
      />
    );
  }
  return <TextFilter label={label} testId={`filter-${columnKey}`} placeholder={filter.placeholder} value={value} onChange={onChange} />;
}

function TextFilter({ label, testId, placeholder, value, onChange }: {
  label: string; testId: string; placeholder?: string; value: GridFilterValue; onChange: (v: GridFilterValue) => void;
}) {
  const [text, setText] = useState(value == null ? '' : String(value));
  const latest = useRef(onChange);
  latest.current = onChange;
  // Only an outside change (e.g. 清除筛选) overwrites what is being typed.
  useEffect(() => {
    setText((t) => (t.trim() === (value == null ? '' : String(value)) ? t : value == null ? '' : String(value)));
  }, [value]);
  useEffect(() => {
    const t = setTimeout(() => {
      const next = text.trim() || undefined;
      if (next !== (value == null ? undefined : String(value))) latest.current(next);
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(t);
  }, [text, value]);
  return (
    <Input
      size="small" allowClear aria-label={label} data-testid={testId} placeholder={placeholder ?? '筛选'}
      value={text} onChange={(e) => setText(e.target.value)}
    />
  );
}
