import { Alert, App, Button, Space, Tag } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Village } from '../../../../shared/api/contract';
import type { Appointment } from '../../../../shared/api/posts';
import { APPOINTMENT_STATUSES } from '../../../../shared/wages';
import { invoke } from '../../api';
import { useAsOf } from '../../asOf';
import { DataGrid, type GridQuery } from '../../components/DataGrid';
import { errorMessage } from '../../lib/format';
import { AppointmentDrawer, type AppointmentTarget } from './AppointmentDrawer';
import { appointmentColumns } from './appointmentColumns';
import { RenewalDialog } from './RenewalDialog';

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const status = (v: unknown) => (APPOINTMENT_STATUSES as readonly unknown[]).includes(v) ? (v as (typeof APPOINTMENT_STATUSES)[number]) : undefined;

/** Arriving from elsewhere: a holder opened from the 岗位库, or a person from the 问题清单. */
export type AppointmentsFocus =
  | { appointment: Appointment }
  | { appointment?: undefined; personId?: number; idNo?: string; appointmentId?: number };

interface Props {
  villages: Village[];
  focus: AppointmentsFocus | null;
  reloadKey: number;
  onChanged: () => void;
}

/** 聘用: who holds which post, since when, at what pay; 退岗 keeps the history. */
export function AppointmentsTab({ villages, focus, reloadKey, onChanged }: Props) {
  const { message } = App.useApp();
  const [target, setTarget] = useState<AppointmentTarget | null>(null);
  const [person, setPerson] = useState<{ id: number; label: string } | null>(null);
  const columns = useMemo(() => appointmentColumns(villages), [villages]);
  const [renewing, setRenewing] = useState(false);
  // 到期提醒: how many agreements have run out (still 在岗) or end within the setting's days, at the 统计日期.
  const { asOf, param } = useAsOf();
  const [due, setDue] = useState<{ expired: number; soon: number; days: number } | null>(null);
  useEffect(() => {
    invoke('appointments.renewable', { asOf: param }).then(
      (r) => setDue({ expired: r.rows.filter((a) => a.state === '已期满').length, soon: r.rows.filter((a) => a.state === '即将到期').length, days: r.alertDays }),
      () => setDue(null),
    );
  }, [param, reloadKey]);

  useEffect(() => {
    if (!focus) return;
    if (focus.appointment) {
      setTarget({ appointment: focus.appointment });
      return;
    }
    let live = true;
    (async () => {
      const found = focus.personId != null
        ? await invoke('persons.get', { id: focus.personId })
        : (await invoke('persons.query', { idNo: focus.idNo ?? '', limit: 5 })).rows.find((p) => p.idNo === focus.idNo);
      if (!live) return;
      if (!found) { message.warning(`人员名单中没有身份证号 ${focus.idNo ?? ''}`); return; }
      setPerson({ id: found.id, label: `${found.name}（${found.idNo}）` });
      if (focus.appointmentId != null) {
        const list = await invoke('appointments.list', { personId: found.id, limit: 100 });
        const a = list.rows.find((r) => r.id === focus.appointmentId);
        if (live && a) setTarget({ appointment: a });
      }
    })().catch((e) => message.error(errorMessage(e)));
    return () => { live = false; };
  }, [focus, message]);

  const personId = person?.id;
  const fetchRows = useCallback((q: GridQuery) => invoke('appointments.list', {
    offset: q.offset, limit: q.limit, sort: q.sort, personId,
    villageId: num(q.filters.villageName), status: status(q.filters.status), name: str(q.filters.personName),
  }), [personId]);

  return (
    <div className="posts-tab" data-testid="posts-appointments">
      <div className="posts-tab-actions">
        <span className="posts-tab-hint">以岗聘任、在岗领补、有序退岗：退岗记下日期和原因，聘用记录始终保留。</span>
        <Space data-testid="appointments-actions">
          <Button onClick={() => setRenewing(true)}>批量续聘</Button>
          <Button type="primary" onClick={() => setTarget({})}>新增聘用</Button>
        </Space>
      </div>
      {due && due.expired + due.soon > 0 && (
        <Alert
          type={due.expired ? 'warning' : 'info'} showIcon data-testid="appointments-due"
          title={`到期提醒（统计日期 ${asOf}）：${[due.expired && `${due.expired} 条聘用协议已期满仍在岗`, due.soon && `${due.soon} 条将在 ${due.days} 天内到期`].filter(Boolean).join('，')}。请续聘或办理退岗。`}
          action={<Button size="small" onClick={() => setRenewing(true)}>查看并续聘</Button>}
        />
      )}
      <DataGrid<Appointment>
        gridId="appointments" testId="appointments-grid" columns={columns} fetchRows={fetchRows} rowKey={(a) => a.id}
        reloadKey={reloadKey} resetKey={personId ?? null} exportName="聘用人员" onRowClick={(a) => setTarget({ appointment: a })}
        emptyText="还没有聘用记录：点“新增聘用”，或在岗位库“导入花名册”"
        toolbar={person && (
          <Tag closable color="blue" onClose={() => setPerson(null)} data-testid="appointments-person-filter">只看：{person.label}</Tag>
        )}
      />
      <RenewalDialog open={renewing} onClose={() => setRenewing(false)} villages={villages} onRenewed={onChanged} />
      <AppointmentDrawer
        target={target} onClose={() => setTarget(null)} onChanged={onChanged}
        onReappoint={(pid, postId) => setTarget({ personId: pid, postId })}
      />
    </div>
  );
}
