/**
 * Where another page (问题清单, 概览) wants the 小额信贷 page to open: a tab, and a loan in its
 * drawer. Set just before navigate('loans'); the page takes it once on mount.
 */
export type LoansTab = 'ledger' | 'alerts' | 'rate' | 'subsidy';

export interface LoansIntent {
  tab: LoansTab;
  loanId?: number;
}

let pending: LoansIntent | null = null;

export function setLoansIntent(intent: LoansIntent): void {
  pending = intent;
}

export function takeLoansIntent(): LoansIntent | null {
  const p = pending;
  pending = null;
  return p;
}
