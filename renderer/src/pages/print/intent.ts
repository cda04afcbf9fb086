import type { PrintKind } from '../../../../shared/api/print';

/**
 * What another page wants the 打印 page to open with (e.g. 考勤与工资 → 工资发放表 of its month).
 * Set just before navigate('print'); the page takes it once on mount.
 */
export interface PrintIntent {
  kind: PrintKind;
  villageId?: number;
  month?: string;
  /** A 聘用公示 of exactly these appointments (批量续聘, the 问题清单's P10 group); `renewal` words it as a 续聘公示. */
  appointmentIds?: number[];
  renewal?: boolean;
  /** Where “返回” goes; the 公益岗位 page by default. */
  back?: 'posts' | 'loans' | 'issues' | 'monitoring';
}

let pending: PrintIntent | null = null;

export function setPrintIntent(intent: PrintIntent): void {
  pending = intent;
}

export function takePrintIntent(): PrintIntent | null {
  const p = pending;
  pending = null;
  return p;
}
