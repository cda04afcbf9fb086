import { todayIso } from '../../../shared/dates';
import { formatYuan } from '../../../shared/money';
import { QUALIFICATION_LABELS } from '../../../shared/workshops';
import type { Ctx } from '../services/context';
import { getSettings } from '../services/settings';
import { allWorkshops } from '../services/workshops';

const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));

/**
 * 帮扶车间名单 as an A4-landscape print view: title, the header repeated on every page,
 * 第X页共Y页, a 合计 row and the signature line. The browser or Electron prints it as it is.
 */
export function printWorkshops(ctx: Ctx): { title: string; html: string } {
  const s = getSettings(ctx);
  const today = todayIso();
  const list = allWorkshops(ctx, { date: today });
  const title = `${s.county}${s.township}就业帮扶车间名单`;
  const head = ['序号', '行政村', '车间名称', '经营主体', '统一社会信用代码', '负责人', '联系电话', '运营状态', '吸纳就业人数', '其中脱贫劳动力', '其中监测对象', '人均月工资（元）', '认定情况'];
  const body = list.map((w, i) => `<tr><td>${i + 1}</td><td>${esc(w.villageName)}</td><td class="l">${esc(w.name)}</td><td class="l">${esc(w.entity)}</td>
    <td>${esc(w.creditCode)}</td><td>${esc(w.leader)}</td><td>${esc(w.phone)}</td><td>${esc(w.status)}${w.statusDate ? `<br><small>${esc(w.statusDate)}</small>` : ''}</td>
    <td>${w.employed}</td><td>${w.poor}</td><td>${w.monitored}</td><td class="r">${w.avgWageFen == null ? '' : formatYuan(w.avgWageFen)}</td>
    <td>${esc(QUALIFICATION_LABELS[w.qualification.state])}</td></tr>`).join('\n');
  const total = (f: 'employed' | 'poor' | 'monitored') => list.reduce((a, w) => a + w[f], 0);
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title><style>
@page { size: A4 landscape; margin: 12mm 10mm 14mm; @bottom-center { content: "第" counter(page) "页 共" counter(pages) "页"; font-size: 9pt; } }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 10pt; margin: 0; }
h1 { text-align: center; font-size: 16pt; margin: 0 0 4mm; }
.meta { display: flex; justify-content: space-between; margin-bottom: 2mm; }
table { width: 100%; border-collapse: collapse; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
th, td { border: 0.6pt solid #000; padding: 1.2mm 1mm; text-align: center; vertical-align: middle; }
th { background: #f2f2f2; }
td.l { text-align: left; } td.r { text-align: right; }
tfoot td { font-weight: bold; }
.sign { margin-top: 8mm; display: flex; justify-content: space-between; }
</style></head><body>
<h1>${esc(title)}</h1>
<div class="meta"><span>填报单位：${esc(s.township)}人民政府（盖章）</span><span>统计截止：${today}</span></div>
<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody>
<tfoot><tr><td colspan="8">合计：${list.length} 个车间</td><td>${total('employed')}</td><td>${total('poor')}</td><td>${total('monitored')}</td><td></td><td></td></tr></tfoot>
</table>
<div class="sign"><span>审核人：</span><span>填表人：</span><span>联系电话：${esc(s.supervisionPhone)}</span><span>日期：${today}</span></div>
</body></html>`;
  return { title, html };
}
