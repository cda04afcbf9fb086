/**
 * The generic list view, for sheets that are “a titled table with a 合计 and a seal line”: the
 * workshop list (帮扶车间信息表, 务工人员台账), the loan list (小额信贷台账, 贴息名单) and whatever comes
 * next. A module builds a ListSpec from its rows and gets back the same A4 page the 公示 use:
 *
 *   const { html, warnings } = printList(getSettings(ctx), {
 *     subject: '帮扶车间信息表', columns: [{ header: '序号', width: 2.5, align: 'center' }, …],
 *     rows, nameColumn: '车间名称', count: { column: '车间名称', unit: '个' },
 *     sums: { '吸纳就业补助（元）': totalFen },
 *   });
 *
 * IDs and phones go through printId / printPhone so the masking setting applies everywhere.
 */
import { maskId, maskPhone } from '../../../shared/idcard';
import { todayIso } from '../../../shared/dates';
import { rareCharWarning } from '../../../shared/rarechars';
import type { Settings } from '../../../shared/api/contract';
import { gongshiPeriod, renderPrintDocument, yuanText, type Cell, type PrintColumn, type PrintDoc } from './layout';
import type { View } from './posts';

export interface ListSpec {
  /** What the sheet is, e.g. 帮扶车间信息表; the title becomes 乡镇(+村)+year+年+subject. */
  subject: string;
  /** The whole title, when the standard one does not fit. */
  title?: string;
  villageName?: string | null;
  year?: string;
  columns: PrintColumn[];
  rows: Cell[][];
  /** Header of the column whose texts are names to check for 生僻字. */
  nameColumn?: string;
  /** 合计 row: a count under this column (e.g. 共12人). */
  count?: { column: string; unit: string };
  /** 合计 row: sums in 分 under these columns, printed as 元. */
  sums?: Record<string, number>;
  /** Amount in words under the 合计 row. */
  amountInWords?: { label: string; fen: number };
  meta?: { left?: string; right?: string };
  preamble?: string[];
  notes?: string[];
  /** A 公示: adds the 公示期 (from this start date and the settings) and the 监督电话 to the closing block. */
  gongshiStart?: string;
  signers?: string[];
  /** Seal lines; default the township government. */
  units?: string[];
  date?: string;
  orientation?: PrintDoc['orientation'];
}

export const printId = (s: Settings, id: string | null | undefined) => (!id ? '' : s.maskIdsOnPrint ? maskId(id) : id);
export const printPhone = (phone: string | null | undefined) => (phone ? maskPhone(phone) : '');
export const printYuan = yuanText;

export function listDocument(s: Settings, spec: ListSpec): { doc: PrintDoc; warnings: string[] } {
  const warnings: string[] = [];
  const township = s.township.trim();
  if (!township) warnings.push('设置中还没有填写乡镇名称，标题和落款处会留空。请到“设置”页填写后再打印。');
  const t = township || '＿＿乡（镇）';
  const gov = `${t}人民政府`;
  const date = spec.date ?? todayIso();
  const year = spec.year ?? date.slice(0, 4);
  const nameIdx = spec.nameColumn ? spec.columns.findIndex((c) => c.header === spec.nameColumn) : -1;
  if (nameIdx >= 0) {
    spec.rows.forEach((r, i) => {
      const v = r[nameIdx];
      const w = typeof v === 'string' ? rareCharWarning(`第${i + 1}行${spec.nameColumn}`, v) : null;
      if (w) warnings.push(w);
    });
  }
  let total: Cell[] | undefined;
  if (spec.count || spec.sums) {
    total = spec.columns.map((c, i) => {
      if (i === 0) return '合计';
      if (spec.count?.column === c.header) return `共${spec.rows.length}${spec.count.unit}`;
      if (spec.sums && c.header in spec.sums) return yuanText(spec.sums[c.header]);
      return '';
    });
  }
  const g = spec.gongshiStart ? gongshiPeriod(spec.gongshiStart, s.gongshiDays) : undefined;
  if (g && !s.supervisionPhone.trim()) warnings.push('设置中还没有填写监督电话，公示上的监督电话会留空。请到“设置”页填写。');
  const doc: PrintDoc = {
    title: spec.title ?? `${t}${spec.villageName ?? ''}${year}年${spec.subject}`,
    orientation: spec.orientation ?? 'auto',
    meta: spec.meta,
    preamble: spec.preamble,
    columns: spec.columns,
    rows: spec.rows,
    total,
    amountInWords: spec.amountInWords,
    notes: spec.notes,
    closing: {
      gongshi: g,
      objection: g ? `如有异议，请在公示期内向${gov}实名反映。` : undefined,
      supervisionPhone: g ? s.supervisionPhone : undefined,
      signers: spec.signers ?? (g ? undefined : ['审核人', '填表人', '联系电话']),
      units: spec.units ?? [gov],
      date: spec.gongshiStart ?? date,
    },
  };
  return { doc, warnings };
}

/** listDocument as an entry for VIEWS in ./index (a new print kind in one line). */
export function listView(s: Settings, spec: ListSpec, scope = '全乡镇'): View {
  const { doc, warnings } = listDocument(s, spec);
  return { doc, warnings, rows: spec.rows.length, gongshi: doc.closing?.gongshi ?? null, scope };
}

/** listDocument rendered: the page HTML and the warnings for the preview. */
export function printList(s: Settings, spec: ListSpec): { html: string; title: string; warnings: string[] } {
  const { doc, warnings } = listDocument(s, spec);
  return { html: renderPrintDocument(doc), title: doc.title, warnings };
}
