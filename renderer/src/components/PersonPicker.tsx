import { Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { Person } from '../../../shared/api/contract';
import { invoke } from '../api';

const TYPING_PAUSE_MS = 250;

/** What the pages need of a chosen person: enough to label it and to run their checks before saving. */
export type PickedPerson = Pick<Person, 'id' | 'name' | 'idNo' | 'villageName' | 'birthDate' | 'inRoster'> & { householdType: string };

export function personLabel(p: Pick<PickedPerson, 'name' | 'idNo' | 'villageName' | 'householdType'>): string {
  return [p.name, p.idNo, p.villageName, p.householdType].filter(Boolean).join(' · ');
}

/** Digits (and a final X) are part of an ID; anything else is a name or its pinyin initials. */
function queryFor(t: string) {
  return /^[0-9xX]+$/.test(t) ? { idNo: t } : { name: t };
}

interface Props<P extends PickedPerson> {
  value?: number | null;
  onChange?: (id: number | undefined) => void;
  /** The chosen person, for the checks shown under the field. */
  onPick?: (p: P | Person | null) => void;
  /** The person already chosen (editing, re-appointing): shown without a search. */
  initial?: P | null;
  disabled?: boolean;
  id?: string;
  /** Shown for the value until its person has loaded. */
  fallbackLabel?: string;
  /** Said when nothing matches, e.g. where to register the person first. */
  notFound?: string;
  placeholder?: string;
  testId?: string;
}

/** The one way to find a person in the roster: by 姓名, 拼音首字母 (wjg = 王建国) or any part of the 身份证号. */
export function PersonPicker<P extends PickedPerson = Person>({ value, onChange, onPick, initial, disabled, id, fallbackLabel, notFound = '名单中没有找到此人', placeholder, testId = 'person-picker' }: Props<P>) {
  const [text, setText] = useState('');
  const [options, setOptions] = useState<(P | Person)[]>(initial ? [initial] : []);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);

  useEffect(() => { if (initial) setOptions((o) => (o.some((p) => p.id === initial.id) ? o : [initial, ...o])); }, [initial]);

  useEffect(() => {
    const t = text.trim();
    if (!t) return;
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      setLoading(true);
      invoke('persons.query', { ...queryFor(t), limit: 30 })
        .then((r) => { if (mine === seq.current) setOptions(r.rows); })
        .catch(() => { if (mine === seq.current) setOptions([]); })
        .finally(() => { if (mine === seq.current) setLoading(false); });
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <Select<number>
      id={id} value={value ?? undefined} disabled={disabled} allowClear data-testid={testId} style={{ width: '100%' }}
      showSearch={{ filterOption: false, onSearch: setText }}
      placeholder={placeholder ?? '输入姓名、拼音首字母或身份证号查找'}
      notFoundContent={loading ? <Spin size="small" /> : text.trim() ? notFound : '请输入查找'}
      options={[
        ...options.map((p) => ({ value: p.id, label: personLabel(p) })),
        ...(value != null && fallbackLabel && !options.some((p) => p.id === value) ? [{ value, label: fallbackLabel }] : []),
      ]}
      onChange={(v) => {
        onChange?.(v);
        onPick?.(options.find((p) => p.id === v) ?? null);
      }}
    />
  );
}
