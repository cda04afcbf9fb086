import { Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { formatYuan, parseAmountFen } from '../../../../shared/money';
import { QUALIFICATION_LABELS, type QualificationState, type WorkshopStatus } from '../../../../shared/workshops';
import { DATE_FORMAT } from '../../lib/format';
import { ledgerNow } from '../../clock';

/** 1,880.00 元; empty for an unknown amount. */
export const yuan = (fen: number | null | undefined) => (fen == null ? '' : `${formatYuan(fen)} 元`);
/** For an InputNumber in 元. */
export const fenToInput = (fen: number | null | undefined) => (fen == null ? undefined : fen / 100);
export const inputToFen = (v: number | null | undefined) => (v == null ? null : parseAmountFen(v));

export const toDay = (iso: string | null | undefined): Dayjs | undefined => (iso ? dayjs(iso, DATE_FORMAT) : undefined);
export const fromDay = (d: Dayjs | null | undefined): string | null => (d ? d.format(DATE_FORMAT) : null);
export const todayDay = () => ledgerNow().startOf('day');
export const notAfterToday = (d: Dayjs) => d.isAfter(ledgerNow().endOf('day'));

export const STATUS_COLORS: Record<WorkshopStatus, string> = { 正常运营: 'green', 经营困难: 'orange', 停产: 'red', 已退出: 'default' };
export const QUAL_COLORS: Record<QualificationState, string> = { qualified: 'green', notQualified: 'red', unverified: 'gold', notApplicable: 'default' };

export function StatusTag({ status }: { status: WorkshopStatus }) {
  return <Tag color={STATUS_COLORS[status]}>{status}</Tag>;
}

export function QualificationTag({ state, reason }: { state: QualificationState; reason?: string }) {
  return <Tag color={QUAL_COLORS[state]} title={reason}>{QUALIFICATION_LABELS[state]}</Tag>;
}
