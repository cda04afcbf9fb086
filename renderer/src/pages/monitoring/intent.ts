/**
 * Where another page (the 问题清单) wants the 防返贫监测 page to open: the household of a person
 * (monitoring findings point at the 户主). Set just before navigate('monitoring'); taken once on mount.
 */
export interface MonitoringIntent { personId: number }

let pending: MonitoringIntent | null = null;

export function setMonitoringIntent(intent: MonitoringIntent): void {
  pending = intent;
}

export function takeMonitoringIntent(): MonitoringIntent | null {
  const p = pending;
  pending = null;
  return p;
}
