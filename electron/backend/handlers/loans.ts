import type { loansChannels } from '../../../shared/api/loans';
import type { HandlersFor } from './types';
import {
  addRepayment, createLoan, deleteLoan, deleteRepayment, extendLoan, getLoan, householdLoanRate, listBanks, loanAlerts, queryLoans,
  restoreLoan, subsidyTable, updateLoan,
} from '../services/loans';
import { exportLoans, exportSubsidy } from '../export/loans';

export const loansHandlers: HandlersFor<keyof typeof loansChannels> = {
  'loans.query': (ctx, p) => queryLoans(ctx, p),
  'loans.get': (ctx, p) => getLoan(ctx, p.id, p.asOf),
  'loans.create': (ctx, p) => createLoan(ctx, p),
  'loans.update': (ctx, p) => updateLoan(ctx, p),
  'loans.delete': (ctx, p) => { deleteLoan(ctx, p.id); return { ok: true as const }; },
  'loans.restore': (ctx, p) => restoreLoan(ctx, p.id),
  'loans.addRepayment': (ctx, p) => addRepayment(ctx, p),
  'loans.deleteRepayment': (ctx, p) => deleteRepayment(ctx, p.id),
  'loans.extend': (ctx, p) => extendLoan(ctx, p),
  'loans.banks': (ctx) => listBanks(ctx),
  'loans.alerts': (ctx, p) => loanAlerts(ctx, p.asOf),
  'loans.householdRate': (ctx, p) => householdLoanRate(ctx, p.year),
  'loans.subsidy': (ctx, p) => subsidyTable(ctx, p.from, p.to),
  'export.loans': async (ctx) => {
    const { fileName, buffer } = await exportLoans(ctx);
    return { fileName, base64: buffer.toString('base64') };
  },
  'export.subsidy': async (ctx, p) => {
    const { fileName, buffer } = await exportSubsidy(ctx, p.from, p.to);
    return { fileName, base64: buffer.toString('base64') };
  },
};
