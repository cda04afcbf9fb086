import type { printChannels } from '../../../shared/api/print';
import type { HandlersFor } from './types';
import { listGongshi, recordGongshi, renderPdf, renderPrint } from '../print';

export const printHandlers: HandlersFor<keyof typeof printChannels> = {
  'print.html': (ctx, p) => renderPrint(ctx, p),
  'print.pdf': (ctx, p) => renderPdf(ctx, p),
  'print.record': (ctx, p) => recordGongshi(ctx, p),
  'print.records': (ctx, p) => listGongshi(ctx, p.limit),
};
