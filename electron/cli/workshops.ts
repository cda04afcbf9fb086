import fs from 'node:fs';
import path from 'node:path';
import { Usage, type CliModule, type CliRun } from './types';

async function save(c: CliRun, target: string | undefined, usage: string, get: () => Promise<{ base64: string }>) {
  if (!target) throw new Usage(usage);
  const r = await get();
  fs.writeFileSync(path.resolve(target), Buffer.from(r.base64, 'base64'));
  c.out({ file: path.resolve(target) }, `已导出：${path.resolve(target)}`);
  return 0;
}

/** 帮扶车间: import goes through the generic `import <file> --kind workshops` (信息台账 or 务工台账, told apart by the headers). */
export const workshopsCli: CliModule = {
  exports: {
    workshops: {
      usage: 'export workshops <输出.xlsx>             导出就业帮扶车间信息台账（县级格式）',
      run: (c) => save(c, c.pos[0], '用法：export workshops <输出.xlsx>', () => c.call('export.workshops', {})),
    },
    employments: {
      usage: 'export employments <输出.xlsx>           导出帮扶车间务工台账（每人一行）',
      run: (c) => save(c, c.pos[0], '用法：export employments <输出.xlsx>', () => c.call('export.employments', {})),
    },
  },
};
