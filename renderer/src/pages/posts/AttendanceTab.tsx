import { Alert, App, Button, DatePicker, Input, InputNumber, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Village } from '../../../../shared/api/contract';
import type { AttendanceRow } from '../../../../shared/api/posts';
import { titlesOf } from '../../../../shared/fields';
import { payableFen, type Assessment } from '../../../../shared/wages';
import { downloadBase64, invoke } from '../../api';
import { errorMessage } from '../../lib/format';
import { toFen, yuan } from './money';
import { UnlockMonthDialog } from './UnlockMonthDialog';
import { ledgerNow } from '../../clock';

const title = titlesOf('attendance');

const MONTH_FORMAT = 'YYYY-MM';
/** Columns the Enter key moves through, top to bottom, as in Excel. */
const CELLS = ['due', 'present', 'assessment', 'paid', 'reason'] as const;
type CellKey = (typeof CELLS)[number];

interface Draft {
  dueDays: number | null;
  presentDays: number | null;
  assessment: Assessment | null;
  /** null: 实发 follows 应发. */
  paidFen: number | null;
  paidReason: string;
}

interface Line {
  row: AttendanceRow;
  draft: Draft;
  /** The 考核 result in force: the clerk's choice, else derived from the days (出勤 → 合格, 0 天 → 不合格). */
  assessment: Assessment | null;
  /** Whether `assessment` was derived rather than chosen. */
  assessedByDays: boolean;
  /** What is still missing for 应发, in the clerk's words. */
  missing: string[];
  complete: boolean;
  payable: number | null;
  paid: number | null;
  differs: boolean;
  problem: string | null;
}

function draftOf(r: AttendanceRow): Draft {
  const differs = r.paidFen != null && r.payableFen != null && r.paidFen !== r.payableFen;
  return { dueDays: r.dueDays, presentDays: r.presentDays, assessment: r.assessment, paidFen: differs ? r.paidFen : null, paidReason: r.paidReason ?? '' };
}

/** 考核 as the days suggest, so typing two numbers is enough for an ordinary month: anyone who came is 合格 unless the clerk says otherwise. */
export function assessmentFromDays(due: number | null, present: number | null): Assessment | null {
  if (due == null || present == null) return null;
  return present > 0 ? '合格' : '不合格';
}

function lineOf(row: AttendanceRow, draft: Draft): Line {
  const { dueDays: due, presentDays: present } = draft;
  const assessment = draft.assessment ?? assessmentFromDays(due, present);
  const assessedByDays = draft.assessment == null && assessment != null;
  const missing = [due == null ? '应出勤天数' : null, present == null ? '实出勤天数' : null].filter((x): x is string => !!x);
  const complete = due != null && present != null && assessment != null;
  const payable = complete ? payableFen(row.wageFen, due, present, assessment) : null;
  const paid = draft.paidFen ?? payable;
  const differs = draft.paidFen != null && draft.paidFen !== payable;
  let problem: string | null = null;
  if (due != null && present != null && present > due) problem = '实出勤天数不能多于应出勤天数';
  else if (complete && differs && !draft.paidReason.trim()) problem = '实发与应发不同，请填写原因';
  else if (!complete && (due != null || present != null || draft.assessment != null)) problem = `请填写${missing.join('和')}`;
  return { row, draft, assessment, assessedByDays, missing, complete, payable, paid, differs, problem };
}

/** Monday–Friday days of the month: a starting point for 应出勤天数 the clerk can change. */
function workdays(month: Dayjs): number {
  let n = 0;
  for (let d = month.startOf('month'); d.month() === month.month(); d = d.add(1, 'day')) if (d.day() !== 0 && d.day() !== 6) n++;
  return n;
}

interface Props {
  villages: Village[];
  /** The 统计日期's month (YYYY-MM), shown first. */
  initialMonth?: string;
  /** A block pasted from Excel/WPS (a 工资发放表's rows), with the month on screen. */
  onPasteRows?: (text: string, month: string) => void;
}

/** 考勤与工资: one month, one editable sheet; 应发 follows the pay rule as the clerk types. */
export function AttendanceTab({ villages, initialMonth, onPasteRows }: Props) {
  const { message, modal } = App.useApp();
  const [month, setMonth] = useState<Dayjs>(() => (initialMonth ? dayjs(`${initialMonth}-01`) : ledgerNow()).startOf('month'));
  const [villageId, setVillageId] = useState<number | undefined>();
  const [rows, setRows] = useState<AttendanceRow[] | null>(null);
  const [locked, setLocked] = useState(false);
  /** How many 期满未续 the month leaves out, and why (the backend's sentence). */
  const [leftOut, setLeftOut] = useState<string | null>(null);
  const [drafts, setDrafts] = useState<Map<number, Draft>>(new Map());
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'lock' | 'export' | null>(null);
  const [fillDays, setFillDays] = useState<number | null>(() => workdays(ledgerNow()));
  const [unlocking, setUnlocking] = useState(false);
  const tableRef = useRef<HTMLDivElement>(null);
  const monthText = month.format(MONTH_FORMAT);

  const apply = useCallback((r: { rows: AttendanceRow[]; locked: boolean; note?: string | null }) => {
    setRows(r.rows);
    setLocked(r.locked);
    setLeftOut(r.note ?? null);
    setDrafts(new Map(r.rows.map((x) => [x.appointmentId, draftOf(x)])));
    setDirty(false);
  }, []);

  /** keep: the sheet stays on screen while the month is read again (after 锁定/解锁): the rows are updated in place
   * rather than torn down and built again, which took seconds for a township's hundred-odd holders on an old PC. */
  const load = useCallback((keep = false) => {
    if (!keep) setRows(null);
    setError(null);
    invoke('attendance.month', { month: monthText, villageId }).then(apply, (e) => { setError(errorMessage(e)); setRows([]); });
  }, [monthText, villageId, apply]);
  useEffect(() => load(), [load]);
  useEffect(() => setFillDays(workdays(month)), [month]);

  // A keystroke changes one draft: every other row keeps its Line object, so its cells (shouldCellUpdate) are not rendered again.
  const lineCache = useRef(new WeakMap<Draft, Line>());
  const lines = useMemo(() => (rows ?? []).map((r) => {
    const d = drafts.get(r.appointmentId) ?? draftOf(r);
    let l = lineCache.current.get(d);
    if (!l || l.row !== r) { l = lineOf(r, d); lineCache.current.set(d, l); }
    return l;
  }), [rows, drafts]);
  const problems = lines.filter((l) => l.problem);
  const incomplete = lines.filter((l) => !l.complete).length;
  const totalPayable = lines.reduce((s, l) => s + (l.payable ?? 0), 0);
  const totalPaid = lines.reduce((s, l) => s + (l.paid ?? 0), 0);

  // Stable (state setters only), so the columns below are built once per lock state, not on every keystroke.
  const edit = useCallback((id: number, patch: Partial<Draft>) => {
    setDrafts((m) => {
      const next = new Map(m);
      next.set(id, { ...(m.get(id) as Draft), ...patch });
      return next;
    });
    setDirty(true);
  }, []);

  /** Asks before throwing away typed numbers (switching month or village). */
  const guard = (go: () => void) => {
    if (!dirty) { go(); return; }
    modal.confirm({ title: '本月还有没保存的修改', content: '切换后这些修改会丢失。', okText: '不保存，继续', cancelText: '返回', onOk: go });
  };

  const fillMissing = () => {
    if (!fillDays) return;
    let n = 0;
    setDrafts((m) => {
      const next = new Map(m);
      for (const [id, d] of m) {
        if (d.dueDays == null && d.presentDays == null && d.assessment == null) {
          next.set(id, { ...d, dueDays: fillDays, presentDays: fillDays, assessment: '合格' }); n++;
        }
      }
      return next;
    });
    setDirty(true);
    setTimeout(() => message.info(n ? `已按满勤 ${fillDays} 天填写 ${n} 人，请改出缺勤和不合格的人` : '没有未填写的人'), 0);
  };

  const save = async (): Promise<boolean> => {
    if (problems.length) {
      message.error(`有 ${problems.length} 行需要先改正：${problems[0].row.personName}，${problems[0].problem}`);
      return false;
    }
    const payload = lines.filter((l) => l.complete).map((l) => ({
      appointmentId: l.row.appointmentId, dueDays: l.draft.dueDays!, presentDays: l.draft.presentDays!,
      assessment: l.assessment!, paidFen: l.paid, paidReason: l.differs ? l.draft.paidReason.trim() : null,
    }));
    setBusy('save');
    try {
      apply(await invoke('attendance.save', { month: monthText, rows: payload }));
      message.success(`已保存 ${monthText} 考勤 ${payload.length} 人${incomplete ? `；${incomplete} 人未填写，未保存` : ''}`);
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(null);
    }
  };

  const lock = () => {
    modal.confirm({
      title: `锁定 ${monthText}？`,
      content: `锁定表示本月工资已发放：锁定后本月考勤和工资只能查看和导出，不能再修改。${incomplete ? `还有 ${incomplete} 人未填写考勤。` : ''}`,
      okText: '锁定本月', cancelText: '取消', okButtonProps: { danger: true },
      onOk: async () => {
        if (dirty && !(await save())) return;
        setBusy('lock');
        try {
          await invoke('attendance.lock', { month: monthText });
          message.success(`${monthText} 已锁定`);
          load(true);
        } catch (e) {
          setError(errorMessage(e));
        } finally {
          setBusy(null);
        }
      },
    });
  };

  const exportWages = async () => {
    if (dirty) { message.warning('请先保存本月的修改，再导出工资发放表'); return; }
    setBusy('export');
    try {
      const f = await invoke('export.wages', { month: monthText, villageId });
      downloadBase64(f.fileName, f.base64);
    } catch (e) {
      message.error(`导出失败：${errorMessage(e)}`);
    } finally {
      setBusy(null);
    }
  };

  // Excel habits: Enter moves down the same column (Shift+Enter up); Tab moves right through the cells that
  // take typing and wraps to the next row (Shift+Tab back). The 考核 buttons are left out of Tab so digits
  // typed after Tab always land in a number box; the result follows the days unless clicked.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.key !== 'Enter' && e.key !== 'Tab') || e.nativeEvent.isComposing) return;
    const cell = (e.target as HTMLElement).closest<HTMLElement>('[data-cell]');
    if (!cell || !tableRef.current) return;
    const typable = (root: ParentNode) => root.querySelector<HTMLInputElement>('input:not([type="radio"]):not([disabled])');
    let input: HTMLInputElement | null = null;
    if (e.key === 'Enter') {
      const [r, c] = cell.dataset.cell!.split(':');
      for (let next = Number(r) + (e.shiftKey ? -1 : 1); next >= 0; next += e.shiftKey ? -1 : 1) {
        const target = tableRef.current.querySelector<HTMLElement>(`[data-cell="${next}:${c}"]`);
        if (!target) break;
        input = typable(target);
        if (input) break;
      }
      if (!input) { e.preventDefault(); return; } // last row: stay, as Excel does at the edge of a selection
    } else {
      const all = [...tableRef.current.querySelectorAll<HTMLElement>('[data-cell]')].map(typable).filter((x): x is HTMLInputElement => !!x);
      const at = all.findIndex((x) => cell.contains(x));
      if (at < 0 || !all.length) return;
      input = all[(at + (e.shiftKey ? -1 : 1) + all.length) % all.length];
    }
    e.preventDefault();
    input.focus();
    input.select();
  };

  // The same column objects from one keystroke to the next: the table then only compares each cell's Line
  // (shouldCellUpdate) instead of working out its columns and fixed offsets again for every row.
  const columns = useMemo((): ColumnsType<Line> => {
    const cell = (index: number, key: CellKey) => ({ 'data-cell': `${index}:${key}` });
    const dayInput = (l: Line, index: number, key: 'due' | 'present') => {
      const field = key === 'due' ? 'dueDays' : 'presentDays';
      const bad = key === 'present' && l.problem === '实出勤天数不能多于应出勤天数';
      return (
        <div {...cell(index, key)}>
          <InputNumber
            size="small" min={0} max={31} precision={0} controls={false} style={{ width: 64 }} disabled={locked}
            aria-label={`${l.row.personName}${key === 'due' ? '应出勤天数' : '实出勤天数'}`} data-testid={`att-${key}`}
            status={bad ? 'error' : undefined} value={l.draft[field]}
            onChange={(v) => edit(l.row.appointmentId, { [field]: typeof v === 'number' ? v : null })}
          />
        </div>
      );
    };

    return ([
      // Who the row is about stays in view while the sheet scrolls sideways (1366-wide screens).
      { title: '序号', key: 'seq', width: 56, align: 'right', fixed: 'left', render: (_, __, i) => i + 1 },
      { title: title('villageName'), key: 'village', width: 90, fixed: 'left', render: (_, l) => l.row.villageName ?? '' },
      { title: title('personName'), key: 'name', width: 80, fixed: 'left', render: (_, l) => l.row.personName },
      { title: title('postName'), key: 'post', width: 120, render: (_, l) => l.row.postName },
      { title: title('idNo'), key: 'idNo', width: 170, render: (_, l) => l.row.idNo },
      { title: title('wageFen', '元'), key: 'wage', width: 96, align: 'right', render: (_, l) => yuan(l.row.wageFen) },
      { title: title('dueDays'), key: 'due', width: 86, render: (_, l, i) => dayInput(l, i, 'due') },
      { title: title('presentDays'), key: 'present', width: 86, render: (_, l, i) => dayInput(l, i, 'present') },
      {
        title: title('assessment'), key: 'assessment', width: 136,
        render: (_, l, i) => (
          <div {...cell(i, 'assessment')} title={l.assessedByDays ? '按出勤天数自动判定，可点击更改' : undefined}>
            <Radio.Group
              size="small" optionType="button" disabled={locked} value={l.assessment}
              className={l.assessedByDays ? 'att-assessment-auto' : undefined}
              aria-label={`${l.row.personName}考核结果`} data-testid="att-assessment"
              options={[{ value: '合格', label: '合格' }, { value: '不合格', label: '不合格' }]}
              onChange={(e) => edit(l.row.appointmentId, { assessment: e.target.value as Assessment })}
            />
          </div>
        ),
      },
      {
        title: title('payableFen', '元'), key: 'payable', width: 96, align: 'right',
        render: (_, l) => (
          <span data-testid="att-payable">
            {l.payable == null
              ? <Typography.Text type="secondary" title={`还没有填${l.missing.join('和')}，应发无法计算`}>未填写<div className="att-missing">缺{l.missing.join('、') || '考核结果'}</div></Typography.Text>
              : yuan(l.payable)}
          </span>
        ),
      },
      {
        title: title('paidFen', '元'), key: 'paid', width: 110,
        render: (_, l, i) => (
          <div {...cell(i, 'paid')}>
            <InputNumber
              size="small" min={0} precision={2} controls={false} style={{ width: 96 }} disabled={locked || !l.complete}
              aria-label={`${l.row.personName}实发`} data-testid="att-paid" status={l.differs ? 'warning' : undefined}
              value={l.paid == null ? null : l.paid / 100}
              onChange={(v) => {
                const fen = toFen(v as number | null);
                edit(l.row.appointmentId, { paidFen: fen == null || fen === l.payable ? null : fen });
              }}
            />
          </div>
        ),
      },
      {
        title: title('paidReason'), key: 'reason', width: 200,
        render: (_, l, i) => (
          <div {...cell(i, 'reason')}>
            <Input
              size="small" disabled={locked || !l.differs} maxLength={200} aria-label={`${l.row.personName}实发原因`} data-testid="att-reason"
              status={l.differs && !l.draft.paidReason.trim() ? 'error' : undefined}
              placeholder={l.differs ? '必填：如 补发上月' : ''} value={l.differs ? l.draft.paidReason : ''}
              onChange={(e) => edit(l.row.appointmentId, { paidReason: e.target.value })}
            />
          </div>
        ),
      },
    ] satisfies ColumnsType<Line>).map((c) => ({ ...c, shouldCellUpdate: (l: Line, prev: Line) => l !== prev }));
  }, [locked, edit]);

  return (
    <div className="posts-tab" data-testid="posts-attendance">
      <div className="posts-tab-actions">
        <Space wrap>
          <span>月份</span>
          <DatePicker
            picker="month" format={MONTH_FORMAT} allowClear={false} value={month} data-testid="attendance-month" aria-label="月份"
            onChange={(d) => d && guard(() => setMonth(d.startOf('month')))}
          />
          <Select
            allowClear placeholder="全部村" style={{ width: 140 }} aria-label="村" data-testid="attendance-village" value={villageId}
            options={villages.map((v) => ({ value: v.id, label: v.name }))} onChange={(v) => guard(() => setVillageId(v ?? undefined))}
          />
          {locked ? <Tag color="red" data-testid="attendance-locked">本月已锁定</Tag> : dirty ? <Tag color="orange">有未保存的修改</Tag> : null}
        </Space>
        <Space data-testid="attendance-actions" wrap>
          {!locked && (
            <Space.Compact>
              <InputNumber min={1} max={31} precision={0} value={fillDays} onChange={(v) => setFillDays(v)} suffix="天" style={{ width: 90 }} aria-label="满勤天数" />
              <Button onClick={fillMissing} disabled={!rows?.length}>未填写的按满勤填写</Button>
            </Space.Compact>
          )}
          <Button type="primary" onClick={() => void save()} loading={busy === 'save'} disabled={locked || !rows?.length}>保存</Button>
          {locked
            ? <Button danger onClick={() => setUnlocking(true)} data-testid="attendance-unlock">解锁本月</Button>
            : <Button danger onClick={lock} loading={busy === 'lock'} disabled={!rows?.length}>锁定本月</Button>}
          <Button onClick={exportWages} loading={busy === 'export'} disabled={!rows?.length}>导出工资发放表</Button>
        </Space>
      </div>
      {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} data-testid="attendance-error" />}
      {locked && <Alert type="info" showIcon title={`${monthText} 的工资已锁定，只能查看和导出。需要更正时点“解锁本月”并写明原因。`} />}
      {leftOut && <Alert type="warning" showIcon title={leftOut} data-testid="attendance-left-out" />}
      <UnlockMonthDialog
        month={unlocking ? monthText : null} onClose={() => setUnlocking(false)}
        onUnlocked={() => { setUnlocking(false); message.success(`${monthText} 已解锁，改好后请重新锁定`); load(true); }}
      />
      <div
        ref={tableRef} onKeyDown={onKeyDown} className="attendance-sheet"
        // A block of cells (tabs or several lines) is a 工资发放表 copied from Excel/WPS: it goes through the import
        // preview; a single value pasted into a box stays an ordinary paste.
        onPaste={onPasteRows && !locked ? (e) => {
          const text = e.clipboardData.getData('text/plain');
          if (!text.includes('\t') && !/\n./.test(text.trim())) return;
          e.preventDefault();
          if (dirty) { message.warning('请先保存本月的修改，再粘贴工资发放表'); return; }
          onPasteRows(text, monthText);
        } : undefined}
      >
        <Table<Line>
          rowKey={(l) => l.row.appointmentId} size="small" pagination={false} loading={rows === null} dataSource={lines}
          columns={columns} scroll={{ x: 'max-content' }} data-testid="attendance-grid" sticky
          rowClassName={(l) => (l.problem ? 'attendance-problem' : '')}
          locale={{ emptyText: `${monthText} 没有在聘用期内的在岗人员：换一个月份，或先在“聘用”中聘用人员（聘用期已满的请续聘）` }}
          summary={() => lines.length ? (
            <Table.Summary fixed>
              <Table.Summary.Row data-testid="attendance-total">
                <Table.Summary.Cell index={0} colSpan={9}>
                  合计 {lines.length} 人{incomplete ? `（${incomplete} 人未填写）` : ''}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={9} align="right"><span data-testid="att-total-payable">{yuan(totalPayable)}</span></Table.Summary.Cell>
                <Table.Summary.Cell index={10}><span data-testid="att-total-paid" style={{ paddingLeft: 8 }}>{yuan(totalPaid)}</span></Table.Summary.Cell>
                <Table.Summary.Cell index={11} />
              </Table.Summary.Row>
            </Table.Summary>
          ) : null}
        />
      </div>
      <div className="posts-tab-hint">
        应发：考核合格且出满勤发全月补贴，出勤不满按天折算，不合格或未出勤不发（在岗领补）。实发默认等于应发；不同时必须写明原因。考核结果按出勤天数自动判定（出勤为合格、0 天为不合格），不对时点击更改。按 Enter 到下一行同一格，Tab 到右边一格（行末到下一行）。
      </div>
    </div>
  );
}
