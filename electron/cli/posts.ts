import fs from 'node:fs';
import path from 'node:path';
import { Usage, asOfFlag, type CliModule, type CliRun } from './types';
import type { Channel } from '../../shared/api/contract';

async function writeFile(c: CliRun, channel: Channel, params: object, target: string | undefined, usage: string) {
  if (!target) throw new Usage(usage);
  const r = (await c.call(channel as 'export.posts', params as never)) as { base64: string };
  fs.writeFileSync(path.resolve(target), Buffer.from(r.base64, 'base64'));
  c.out({ file: path.resolve(target) }, `已导出：${path.resolve(target)}`);
  return 0;
}

export const postsCli: CliModule = {
  commands: {
    check: {
      usage: 'check [--as-of YYYY-MM-DD] [--json]    运行合规检查（按统计日期判断，默认今天）（公益岗位、帮扶车间、小额信贷），列出问题',
      async run(c) {
        const findings = await c.call('checks.run', { asOf: asOfFlag(c) });
        const text = findings.length
          ? findings.map((f) => `${f.rule} ${f.severity === 'error' ? '错误' : '提醒'} ${f.village ?? ''} ${f.name} ${f.id}：${f.message}${f.reviewed ? `（已核实：${f.review?.reason ?? ''}）` : ''}`).join('\n') + `\n共 ${findings.length} 条`
          : '未发现问题';
        c.out(findings, text);
        return findings.some((f) => f.severity === 'error') ? 1 : 0;
      },
    },
    'unlock-month': {
      usage: 'unlock-month <YYYY-MM> --reason "原因"      解锁已锁定的月份（原因记入操作日志）',
      async run(c) {
        const month = c.pos[0] ?? '';
        if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new Usage('用法：unlock-month <YYYY-MM> --reason "原因"，例如 unlock-month 2026-03 --reason "补发张三3月工资"');
        const reason = c.flags.get('reason');
        if (typeof reason !== 'string' || !reason.trim()) throw new Usage(`请用 --reason 写明解锁 ${month} 的原因，例如 --reason "补发张三3月工资"。原因会记入操作日志。`);
        const r = await c.call('attendance.unlock', { month, reason });
        c.out(r, `已解锁 ${month}，可以修改考勤与工资；改好后请重新锁定。`);
        return 0;
      },
    },
  },
  exports: {
    posts: { usage: 'export posts <输出.xlsx>                 导出公益岗位人员花名册（县级格式）', run: (c) => writeFile(c, 'export.posts', {}, c.pos[0], '用法：export posts <输出.xlsx>') },
    library: { usage: 'export library <输出.xlsx>               导出公益岗位岗位库', run: (c) => writeFile(c, 'export.postLibrary', {}, c.pos[0], '用法：export library <输出.xlsx>') },
    wages: {
      usage: 'export wages <YYYY-MM> <输出.xlsx>        导出月度工资发放表',
      run: (c) => {
        if (!/^\d{4}-\d{2}$/.test(c.pos[0] ?? '')) throw new Usage('用法：export wages <YYYY-MM> <输出.xlsx>，例如 export wages 2023-07 工资.xlsx');
        return writeFile(c, 'export.wages', { month: c.pos[0] }, c.pos[1], '用法：export wages <YYYY-MM> <输出.xlsx>');
      },
    },
    issues: {
      usage: 'export issues <输出.xlsx> [--as-of YYYY-MM-DD] 导出问题清单（按统计日期判断，默认今天）',
      run: (c) => writeFile(c, 'checks.export', { asOf: asOfFlag(c) }, c.pos[0], '用法：export issues <输出.xlsx> [--as-of YYYY-MM-DD]'),
    },
  },
};
