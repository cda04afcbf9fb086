/**
 * Print service: one registry of views (kind → PrintDoc), the HTML for the preview, the PDF, and
 * the 公示 records the P10 check reads. A module adds a print view by adding its kind to
 * PRINT_KINDS in shared/api/print.ts and one line to VIEWS, building its PrintDoc with the shared
 * layout (see renderPrintDocument / listDocument in ./layout and ./list).
 */
import { GONGSHI_KINDS, type GongshiRecord, type PrintKind, type PrintParams, type PrintResult } from '../../../shared/api/print';
import { todayIso } from '../../../shared/dates';
import type { Settings } from '../../../shared/api/contract';
import type { Ctx } from '../services/context';
import { nowLocal } from '../services/context';
import { getSettings } from '../services/settings';
import { addGongshiItems, insertGongshiRecord } from '../db/repo/gongshi';
import { gongshiPeriod, orientationOf, renderPrintDocument, cnMonth } from './layout';
import { exitGongshiView, gongshiView, placeOf, rosterView, wagesView, type View, type ViewParams } from './posts';
import { htmlToPdf } from './pdf';
import { employmentsView, workshopsView } from './workshops';
import { loanGongshiView, loansView } from './loans';
import { eliminationGongshiView, visitsView } from './monitoring';
import { runChecks } from '../checks';

type ViewFn = (ctx: Ctx, s: Settings, p: ViewParams) => View;

export const VIEWS: Record<PrintKind, ViewFn> = {
  gongshi: gongshiView,
  exitGongshi: exitGongshiView,
  roster: rosterView,
  wages: wagesView,
  workshops: workshopsView,
  employments: employmentsView,
  loans: loansView,
  loanGongshi: loanGongshiView,
  visits: visitsView,
  eliminationGongshi: eliminationGongshiView,
};

/** 打印前核对: what the 问题清单 says about the people on the sheet, judged at the sheet's date (已核实 ones left out). */
function sheetFindings(ctx: Ctx, kind: PrintKind, idNos: string[] | undefined, asOf: string | undefined): PrintResult['findings'] {
  if (!idNos?.length) return [];
  const on = new Set(idNos);
  // P10 (paperwork missing, e.g. 聘用公示) is what printing a 公示 puts right: not a reason to hold it back.
  return runChecks(ctx, { module: 'posts', asOf, hideReviewed: true }).filter((f) => on.has(f.id) && !(f.rule === 'P10' && kind in GONGSHI_KINDS));
}

export function renderPrint(ctx: Ctx, p: PrintParams, opts: { findings?: boolean } = {}): PrintResult {
  const s = getSettings(ctx);
  const v = VIEWS[p.kind](ctx, s, { villageId: p.villageId, month: p.month, startDate: p.startDate, appointmentIds: p.appointmentIds, renewal: p.renewal });
  return {
    findings: opts.findings === false ? [] : sheetFindings(ctx, p.kind, v.idNos, p.startDate),
    html: renderPrintDocument(v.doc),
    title: v.doc.title,
    orientation: orientationOf(v.doc),
    rows: v.rows,
    warnings: v.warnings,
    gongshi: v.gongshi ? { startDate: v.gongshi.start, endDate: v.gongshi.end, days: v.gongshi.days } : null,
    scope: v.scope,
  };
}

/** A file name a clerk recognises: 东关村聘用公示-2024-07-01.pdf. */
export function printFileName(r: PrintResult, p: PrintParams, ext: 'pdf' | 'html', today = todayIso()): string {
  const safe = r.title.replace(/[\\/:*?"<>|\s]+/g, '').slice(0, 60) || '打印';
  return `${safe}-${p.startDate ?? today}.${ext}`;
}

export async function renderPdf(ctx: Ctx, p: PrintParams) {
  const r = renderPrint(ctx, p, { findings: false });
  // One renderer per front door: Electron's printToPDF when the shell supplied it, else a local Chromium/Edge.
  const { pdf, browser } = ctx.htmlToPdf ? await ctx.htmlToPdf(r.html, { orientation: r.orientation }) : await htmlToPdf(r.html);
  return { fileName: printFileName(r, p, 'pdf', todayIso(ctx.now())), base64: pdf.toString('base64'), warnings: r.warnings, browser };
}

const RECORD_SELECT = `SELECT g.id, g.kind, g.village_id AS villageId, v.name AS villageName, g.scope, g.start_date AS startDate,
  g.end_date AS endDate, g.days, g.created_at AS createdAt FROM gongshi_records g LEFT JOIN villages v ON v.id = g.village_id`;

/**
 * Notes that a 公示 was posted: kind 聘用公示/退岗公示, the village (NULL = the whole township), scope,
 * and the 公示期 from the settings. Recording the same 公示 twice keeps one record.
 */
export function recordGongshi(ctx: Ctx, p: { kind: keyof typeof GONGSHI_KINDS; villageId?: number | null; startDate?: string; month?: string; appointmentIds?: number[]; renewal?: boolean }): GongshiRecord {
  const s = getSettings(ctx);
  const place = placeOf(ctx, s, p.villageId, []);
  const g = gongshiPeriod(p.startDate ?? todayIso(ctx.now()), s.gongshiDays);
  const kind = GONGSHI_KINDS[p.kind];
  const scope = p.appointmentIds?.length ? `${place.scope}（${p.renewal ? '续聘' : '指定'}${p.appointmentIds.length}人）`
    : p.month ? `${place.scope}（${cnMonth(p.month)}${p.kind === 'gongshi' ? '新聘' : '退岗'}）` : place.scope;
  const villageId = p.villageId ?? null;
  const existing = ctx.db.prepare(`${RECORD_SELECT} WHERE g.kind = ? AND g.village_id IS ? AND g.scope = ? AND g.start_date = ? AND g.end_date = ?`)
    .get(kind, villageId, scope, g.start, g.end) as GongshiRecord | undefined;
  // The appointments this 公示 lists, as its sheet lists them: P10 clears exactly these.
  const listed = VIEWS[p.kind](ctx, s, { villageId: p.villageId ?? undefined, month: p.month, startDate: g.start, appointmentIds: p.appointmentIds, renewal: p.renewal }).appointmentIds ?? [];
  if (existing) { ctx.db.transaction(() => addGongshiItems(ctx, existing.id, listed))(); return existing; }
  const id = ctx.db.transaction(() => {
    const id = insertGongshiRecord(ctx, { kind, village_id: villageId, scope, start_date: g.start, end_date: g.end, days: g.days }, nowLocal(ctx.now()));
    addGongshiItems(ctx, id, listed);
    return id;
  })();
  return ctx.db.prepare(`${RECORD_SELECT} WHERE g.id = ?`).get(id) as GongshiRecord;
}

export function listGongshi(ctx: Ctx, limit = 50): GongshiRecord[] {
  return ctx.db.prepare(`${RECORD_SELECT} ORDER BY g.start_date DESC, g.id DESC LIMIT ?`).all(limit) as GongshiRecord[];
}
