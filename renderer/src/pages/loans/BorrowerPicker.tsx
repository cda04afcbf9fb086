import { Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { Person } from '../../../../shared/api/contract';
import { invoke } from '../../api';

const TYPING_PAUSE_MS = 250;

export interface Borrower {
  id: number;
  name: string;
  idNo: string;
  villageName: string | null;
  householdType: string;
  birthDate: string | null;
  inRoster: boolean;
}

export const borrowerOf = (p: Person): Borrower => ({
  id: p.id, name: p.name, idNo: p.idNo, villageName: p.villageName, householdType: p.householdType, birthDate: p.birthDate, inRoster: p.inRoster,
});

const label = (b: Borrower) => [b.name, b.idNo, b.villageName, b.householdType].filter(Boolean).join(' · ');

interface Props {
  value?: number;
  onChange?: (id: number | undefined) => void;
  onPick?: (b: Borrower | null) => void;
  initial?: Borrower | null;
  disabled?: boolean;
  id?: string;
}

/** The borrower, found in the roster by 姓名, 拼音首字母 (wjg = 王建国) or any part of the 身份证号. */
export function BorrowerPicker({ value, onChange, onPick, initial, disabled, id }: Props) {
  const [text, setText] = useState('');
  const [options, setOptions] = useState<Borrower[]>(initial ? [initial] : []);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);

  useEffect(() => { if (initial) setOptions((o) => (o.some((p) => p.id === initial.id) ? o : [initial, ...o])); }, [initial]);

  useEffect(() => {
    const t = text.trim();
    if (!t) return;
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      setLoading(true);
      invoke('persons.query', { ...(/^[0-9xX]+$/.test(t) ? { idNo: t } : { name: t }), limit: 30 })
        .then((r) => { if (mine === seq.current) setOptions(r.rows.map(borrowerOf)); })
        .catch(() => { if (mine === seq.current) setOptions([]); })
        .finally(() => { if (mine === seq.current) setLoading(false); });
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <Select<number>
      id={id} value={value} disabled={disabled} allowClear data-testid="borrower-picker"
      showSearch={{ filterOption: false, onSearch: setText }}
      placeholder="输入姓名、拼音首字母或身份证号查找"
      notFoundContent={loading ? <Spin size="small" /> : text.trim() ? '名单中没有找到此人，请先在“人员名单”中登记' : '请输入查找'}
      options={options.map((b) => ({ value: b.id, label: label(b) }))}
      onChange={(v) => { onChange?.(v); onPick?.(options.find((b) => b.id === v) ?? null); }}
    />
  );
}
