import fs from 'node:fs';
import path from 'node:path';
import { resolveDataDir } from './backend/datadir';
import { openBackend, type Backend } from './backend/index';
import type { Channel, Params, Result } from '../shared/api/contract';

const HELP = `乡镇帮扶台账 命令行

用法: npm run -s cli -- <命令> [参数] [--data 目录] [--json]

  help                                   显示本帮助
  stats                                  统计人数、户数、村数
  import <文件> --kind persons           导入县级人员名单（xlsx / xls / csv）
         [--dry-run]                     只检查不写入
         [--all-or-nothing]              有任何错误行就整批不导入
  export persons <输出.xlsx>             按县级格式导出人员名单

  --data 目录     数据目录（默认系统用户目录；也可用环境变量 LEDGER_DATA_DIR）
  --json          只在标准输出打印 JSON，便于脚本处理

退出码: 0 成功；1 有错误行（其余行已导入，除非 --all-or-nothing）；2 文件被拒绝或命令有误。`;

class Usage extends Error {}

function parse(argv: string[]) {
  const flags = new Map<string, string | true>();
  const pos: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2);
      if (v !== undefined) flags.set(k, v);
      else if (['data', 'kind', 'village', 'month', 'sheet'].includes(k)) flags.set(k, argv[++i] ?? '');
      else flags.set(k, true);
    } else pos.push(a);
  }
  return { flags, pos };
}

async function call<C extends Channel>(b: Backend, channel: C, params: Params<C>): Promise<Result<C>> {
  const r = await b.invoke(channel, params);
  if (!r.ok) { const e = new Error(r.error.message); (e as Error & { code?: string }).code = r.error.code; throw e; }
  return r.data as Result<C>;
}

async function run(argv: string[]): Promise<number> {
  const { flags, pos } = parse(argv);
  const json = flags.has('json');
  const out = (data: unknown, text: string) => { process.stdout.write(json ? JSON.stringify(data) + '\n' : text + '\n'); };
  const cmd = pos[0] ?? 'help';
  if (cmd === 'help' || flags.has('help')) { out({ help: HELP }, HELP); return 0; }
  const dataDir = resolveDataDir(argv);
  const backend = openBackend({ dataDir, mode: 'cli' });
  try {
    switch (cmd) {
      case 'stats': {
        const s = await call(backend, 'stats.get', {});
        out(s, `人员 ${s.persons} 人，${s.households} 户，${s.villages} 个村`);
        return 0;
      }
      case 'import': {
        const file = pos[1];
        if (!file) throw new Usage('请给出要导入的文件，例如：import 名单.xlsx --kind persons');
        const kind = String(flags.get('kind') ?? 'persons');
        const { importFileForCli } = await import('./backend/import/service');
        const r = await importFileForCli(backend.ctx, {
          file: path.resolve(file), kind, dryRun: flags.has('dry-run'), allOrNothing: flags.has('all-or-nothing'),
          sheet: typeof flags.get('sheet') === 'string' ? String(flags.get('sheet')) : undefined,
        });
        if (r.refused) {
          if (json) out({ kind, refused: true, message: r.refused }, '');
          process.stderr.write(`导入被拒绝：${r.refused}\n`);
          return 2;
        }
        const s = r.summary!;
        const lines = [`${path.basename(file)}：数据 ${s.rows} 行，新增 ${s.inserted}，更新 ${s.updated}，未变 ${s.unchanged}，错误 ${s.errors.length}${flags.has('dry-run') ? '（试运行，未写入）' : ''}`];
        for (const e of s.errors.slice(0, 50)) lines.push(`  第${e.row}行 ${e.column}：${e.message}${e.suggestion ? `（可能是 ${e.suggestion.name} ${e.suggestion.idNo}）` : ''}`);
        if (s.errors.length > 50) lines.push(`  …另有 ${s.errors.length - 50} 条错误`);
        out(s, lines.join('\n'));
        return s.errors.length ? 1 : 0;
      }
      case 'export': {
        const what = pos[1], target = pos[2];
        if (what !== 'persons' || !target) throw new Usage('用法：export persons <输出.xlsx>');
        const r = await call(backend, 'export.persons', {});
        fs.writeFileSync(path.resolve(target), Buffer.from(r.base64, 'base64'));
        out({ file: path.resolve(target) }, `已导出：${path.resolve(target)}`);
        return 0;
      }
      default:
        throw new Usage(`未知命令“${cmd}”。运行 help 查看可用命令。`);
    }
  } finally {
    backend.close();
  }
}

run(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(e instanceof Usage ? 2 : 2);
});
