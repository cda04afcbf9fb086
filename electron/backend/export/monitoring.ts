import { todayIso } from '../../../shared/dates';
import type { Ctx } from '../services/context';
import { getSettings } from '../services/settings';
import { listMonitoredHouseholds, monitoredHouseholdDetail, snapshot } from '../services/monitoringLedger';
import { writeWorkbook, type Column, type TableSheet } from './workbook';

/**
 * 监测对象帮扶台账: one row per 监测户 at the as-of date, in the monitoring system's words. The
 * household columns read back through the `monitoring` import (户主姓名/户主身份证号, 识别监测时间 as
 * YYYYMM …) and change nothing; income, measures, visits and the responsible cadre are for reading.
 */
export const MONITOR_LEDGER_COLUMNS: Column[] = [
  { header: '序号', width: 6 }, { header: '行政村', width: 10 }, { header: '户编号', type: 'text', width: 18 }, { header: '户主姓名', width: 9 },
  { header: '户主身份证号', type: 'text', width: 21 }, { header: '家庭人口', type: 'number', width: 6 }, { header: '监测对象类别', width: 13 },
  { header: '识别监测时间', type: 'text', width: 9 }, { header: '风险是否已消除', width: 7 }, { header: '消除监测时间', type: 'text', width: 9 },
  { header: '风险消除方式', width: 9 }, { header: '致贫返贫风险1', width: 11 }, { header: '致贫返贫风险2', width: 11 },
  { header: '年度人均纯收入（元）', type: 'money', width: 11 }, { header: '开发式帮扶措施', width: 30 }, { header: '保障式帮扶措施', width: 24 },
  { header: '最近走访日期', type: 'text', width: 11 }, { header: '帮扶责任人', width: 9 }, { header: '存在问题', width: 30 },
];

const yyyymm = (m: string | null) => (m ? m.replace('-', '') : null);

export function monitoringSheet(ctx: Ctx, asOf = todayIso(ctx.now())): TableSheet {
  const s = getSettings(ctx);
  const snap = snapshot(ctx, asOf);
  const rows = listMonitoredHouseholds(ctx, { asOf }, snap).map((h, i) => {
    const d = monitoredHouseholdDetail(ctx, h.id, asOf, snap);
    const risks = (d.risks ?? '').split('、').filter(Boolean);
    const inc = d.incomes.filter((x) => x.year <= Number(asOf.slice(0, 4))).at(-1);
    const measures = (nature: string) => [
      ...d.measures.filter((m) => m.nature === nature && (!m.endDate || m.endDate >= asOf)).map((m) => `${m.type}：${m.content}`),
      ...(nature === '开发式' ? h.coverage.filter((c) => c !== '帮扶措施' && c !== '工作台账').map((c) => `${c}（本台账）`) : []),
    ].join('；');
    const helper = [...d.cases].reverse().find((c) => c.helper)?.helper ?? null;
    return [
      i + 1, h.village, h.householdNo, h.headName, h.headIdNo, h.members, h.category, yyyymm(h.identifiedMonth),
      d.riskEliminated == null ? null : d.riskEliminated ? '是' : '否', yyyymm(h.eliminatedMonth), d.eliminationMethod,
      risks[0] ?? null, risks.slice(1).join('、') || null, inc ? inc.perCapitaFen / 100 : null, measures('开发式'), measures('保障式'),
      h.lastVisit, helper, d.findings.map((f) => `${f.rule} ${f.message}`).join('\n') || null,
    ];
  });
  const open = rows.filter((r) => r[8] !== '是').length;
  return {
    name: '监测对象帮扶台账',
    title: `${s.township}监测对象帮扶台账`,
    note: `统计日期：${asOf}　　监测户 ${rows.length} 户，其中风险未消除 ${open} 户`,
    columns: MONITOR_LEDGER_COLUMNS,
    rows,
    footer: '审核人：　　　　　　填表人：　　　　　　联系电话：',
  };
}

export async function exportMonitoring(ctx: Ctx, asOf = todayIso(ctx.now())): Promise<{ fileName: string; buffer: Buffer }> {
  const buffer = await writeWorkbook([monitoringSheet(ctx, asOf)], { created: ctx.now() });
  return { fileName: `${getSettings(ctx).township || '乡镇'}监测对象帮扶台账-${asOf.replace(/-/g, '')}.xlsx`, buffer };
}
