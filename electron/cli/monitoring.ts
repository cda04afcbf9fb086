import fs from 'node:fs';
import path from 'node:path';
import { Usage, asOfFlag, type CliModule } from './types';

/** 防止返贫监测: the four downloads go through `import <file> --kind monitoring|monitoring-cases|visits|migrant-work`. */
export const monitoringCli: CliModule = {
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
