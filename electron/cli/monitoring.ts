import fs from 'node:fs';
import path from 'node:path';
import { Usage, asOfFlag, type CliModule } from './types';
import { cmd } from './print';

/** 防止返贫监测: the four downloads go through `import <file> --kind monitoring|monitoring-cases|visits|migrant-work`. */
export const monitoringCli: CliModule = {
  prints: {
    visits: cmd('visits', 'visits', '打印防返贫监测对象走访记录表（--month 走访月份，默认 --start 所在月；--village 只打一个村）'),
    elimination: cmd('eliminationGongshi', 'elimination', '打印风险消除公示（--month 该月消除的监测户，默认公示当年；--start 公示开始日期，默认今天）'),
  },
  exports: {
    monitoring: {
      usage: 'export monitoring <输出.xlsx> [--as-of YYYY-MM-DD]  导出监测对象帮扶台账（每户一行，含帮扶措施、走访和存在问题）',
      async run(c) {
        const target = c.pos[0];
        if (!target) throw new Usage('用法：export monitoring <输出.xlsx> [--as-of YYYY-MM-DD]');
        const r = await c.call('export.monitoring', { asOf: asOfFlag(c) });
        fs.writeFileSync(path.resolve(target), Buffer.from(r.base64, 'base64'));
        c.out({ file: path.resolve(target) }, `已导出：${path.resolve(target)}`);
        return 0;
      },
    },
  },
};
