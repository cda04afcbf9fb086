import type { printChannels } from '../../../shared/api/print';
import type { HandlersFor } from './types';
import { listGongshi, recordGongshi, renderPdf, renderPrint } from '../print';
import { prewarmPdfBrowser } from '../print/pdf';

export const printHandlers: HandlersFor<keyof typeof printChannels> = {
  'print.html': (ctx, p) => {
    // In browser mode the preview comes before 导出PDF: start the kept browser now so the PDF does not wait for it.
    if (ctx.mode === 'browser' && !ctx.htmlToPdf) prewarmPdfBrowser();
    return renderPrint(ctx, p);
  },
  'print.pdf': (ctx, p) => renderPdf(ctx, p),
  'print.record': (ctx, p) => recordGongshi(ctx, p),
  'print.records': (ctx, p) => listGongshi(ctx, p.limit),
};
