/**
 * Where another page (the 问题清单) wants the 帮扶车间 page to open: a workshop's drawer, on a tab.
 * Set just before navigate('workshops'); the page takes it once on mount.
 */
export interface WorkshopsIntent {
  workshopId: number;
  tab?: 'info' | 'status' | 'employments' | 'qualification';
}

let pending: WorkshopsIntent | null = null;

export function setWorkshopsIntent(intent: WorkshopsIntent): void {
  pending = intent;
}

export function takeWorkshopsIntent(): WorkshopsIntent | null {
  const p = pending;
  pending = null;
  return p;
}
