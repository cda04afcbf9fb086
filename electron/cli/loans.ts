import fs from 'node:fs';
import path from 'node:path';
import { todayIso } from '../../shared/dates';
import { formatYuan } from '../../shared/money';
import { Usage, type CliModule, type CliRun } from './types';

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const isoArg = (v: string | undefined, what: string) => {
  if (!v || !ISO.test(v)) throw new Usage(`${what}应写成 YYYY-MM-DD，例如 2023-01-01${v ? `（现在是“${v}”）` : ''}`);
  return v;
};

async function writeFile(c: CliRun, target: string, r: { fileName: string; base64: string }) {
  const out = path.resolve(target);
  fs.writeFileSync(out, Buffer.from(r.base64, 'base64'));
  c.out({ file: out }, `已导出：${out}`);
}

/** 小额信贷: the ledger and 贴息明细表 exports, and `loans alerts|rate|subsidy` to read the numbers without the UI. */
export const loansCli: CliModule = {
  commands: {
    loans: {
      usage: 'loans alerts [日期] | loans rate [年份] | loans subsidy <起> <止>\n                                         小额信贷：到期/逾期提醒、户贷率、贴息计算（日期 YYYY-MM-DD）',
      async run(c) {
        const [sub, a, b] = c.pos;
        if (sub === 'alerts') {
          const r = await c.call('loans.alerts', { asOf: a ? isoArg(a, '日期') : todayIso() });
          const lines = [`截至 ${r.asOf}：`, ...r.due.map((d) => `  ${d.window}天内到期 ${d.count} 笔，余额 ${formatYuan(d.balanceFen)} 元`),
            ...r.overdue.filter((o) => o.count).map((o) => `  逾期${o.label} ${o.count} 笔，余额 ${formatYuan(o.balanceFen)} 元`)];
          c.out(r, lines.join('\n'));
          return 0;
        }
        if (sub === 'rate') {
          const year = a ? Number(a) : Number(todayIso().slice(0, 4));
          if (!Number.isInteger(year) || year < 2013 || year > 2100) throw new Usage('年份应为四位数字，例如 2023');
          const r = await c.call('loans.householdRate', { year });
          const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
          const line = (x: typeof r.township) => `  ${x.villageName}：脱贫户+监测户 ${x.eligible} 户，累计有贷 ${x.ever} 户（${pct(x.everRate)}），${r.year}年放贷 ${x.inYear} 户（${pct(x.yearRate)}），当前有贷 ${x.current} 户（${pct(x.currentRate)}）`;
          c.out(r, [`户贷率（${r.year}年）`, ...r.rows.map(line), line(r.township)].join('\n'));
          return 0;
        }
        if (sub === 'subsidy') {
          const r = await c.call('loans.subsidy', { from: isoArg(a, '开始日期'), to: isoArg(b, '结束日期') });
          c.out(r, `${r.from} 至 ${r.to} 贴息（天数/${r.basis}）：${r.rows.length} 笔，合计 ${formatYuan(r.totalFen)} 元（${r.totalWords}）`);
          return 0;
        }
        throw new Usage('用法：loans alerts [日期] | loans rate [年份] | loans subsidy <起> <止>');
      },
    },
  },
  exports: {
    loans: {
      usage: 'export loans <输出.xlsx>                 按县级格式导出小额信贷台账',
      async run(c) {
        const target = c.pos[0];
        if (!target) throw new Usage('用法：export loans <输出.xlsx>');
        await writeFile(c, target, await c.call('export.loans', {}));
        return 0;
      },
    },
    subsidy: {
      usage: 'export subsidy <起> <止> <输出.xlsx>     导出贴息明细表（日期 YYYY-MM-DD，含合计与大写）',
      async run(c) {
        const [from, to, target] = c.pos;
        if (!target) throw new Usage('用法：export subsidy <开始日期> <结束日期> <输出.xlsx>，例如 export subsidy 2023-01-01 2023-03-31 贴息.xlsx');
        await writeFile(c, target, await c.call('export.subsidy', { from: isoArg(from, '开始日期'), to: isoArg(to, '结束日期') }));
        return 0;
      },
    },
  },
};
