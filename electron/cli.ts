import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveDataDir } from './backend/datadir';
import { openBackend } from './backend/index';
import type { Channel, Params, Result } from '../shared/api/contract';
import { Usage, asOfFlag, type CliModule, type CliRun, type Command } from './cli/types';
import { parseMonth } from '../shared/dates';
import { postsCli } from './cli/posts';
import { workshopsCli } from './cli/workshops';
import { loansCli } from './cli/loans';
import { safetyCli } from './cli/safety';
import { printCli } from './cli/print';
import { exchangeCli } from './cli/exchange';
import { monitoringCli } from './cli/monitoring';
import { renewalsCli } from './cli/renewals';
import { importsCli } from './cli/imports';

/** --month for a 工资发放表 whose title names no month; 2026-3 and 2026年3月 are accepted too. */
function importMonth(v: string | true | undefined): string | undefined {
  if (v === undefined) return undefined;
  const m = typeof v === 'string' ? parseMonth(v) : null;
  if (!m) throw new Usage(`--month 的月份“${v === true ? '' : v}”无法识别，请写成 YYYY-MM，例如 --month 2026-03`);
  return m;
}

const core: CliModule = {
  commands: {
    stats: {
      usage: 'stats                                  统计人数、户数、村数（及各模块数字）',
      async run(c) {
        const s = await c.call('stats.get', { asOf: asOfFlag(c) });
        c.out(s, `人员 ${s.persons} 人，${s.households} 户，${s.villages} 个村`);
        return 0;
      },
    },
    import: {
      usage: 'import <文件> --kind persons|posts|post-library|post-wages|workshops|loans|monitoring|monitoring-cases|visits|migrant-work [--month YYYY-MM] [--dry-run] [--all-or-nothing] [--sheet 名称]\n                                         导入 Excel/CSV（post-library 岗位库，post-wages 工资发放表：月份取自标题或 --month；--dry-run 只检查不写入；--all-or-nothing 有错误行就整批不导入）',
      async run(c) {
        const file = c.pos[0];
        if (!file) throw new Usage('请给出要导入的文件，例如：import 名单.xlsx --kind persons');
        const kind = String(c.flags.get('kind') ?? 'persons');
        const { importFileForCli } = await import('./backend/import/service');
        const r = await importFileForCli(c.backend.ctx, {
          file: path.resolve(file), kind, dryRun: c.flags.has('dry-run'), allOrNothing: c.flags.has('all-or-nothing'),
          sheet: typeof c.flags.get('sheet') === 'string' ? String(c.flags.get('sheet')) : undefined,
          month: importMonth(c.flags.get('month')),
        });
        if (r.refused) {
          if (c.json) c.out({ kind, refused: true, message: r.refused }, '');
          process.stderr.write(`导入被拒绝：${r.refused}\n`);
          return 2;
        }
        const s = r.summary!;
        const { getKind } = await import('./backend/import/kinds/index');
        const unit = getKind(kind).unit;
        const lines = [`${path.basename(file)}：数据 ${s.rows} 行，新增 ${s.inserted} ${unit}，更新 ${s.updated} ${unit}，未变 ${s.unchanged} ${unit}，错误 ${s.errors.length} 行${c.flags.has('dry-run') ? '（试运行，未写入）' : ''}`];
        for (const w of s.warnings ?? []) lines.push(`注意：${w}`);
        for (const e of s.errors.slice(0, 50)) lines.push(`  第${e.row}行 ${e.column}：${e.message}`);
        if (s.errors.length > 50) lines.push(`  …另有 ${s.errors.length - 50} 条错误`);
        c.out(s, lines.join('\n'));
        return s.errors.length ? 1 : 0;
      },
    },
  },
  exports: {
    persons: {
      usage: 'export persons <输出.xlsx>               按县级格式导出人员名单',
      async run(c) {
        const target = c.pos[0];
        if (!target) throw new Usage('用法：export persons <输出.xlsx>');
        const r = await c.call('export.persons', {});
        fs.writeFileSync(path.resolve(target), Buffer.from(r.base64, 'base64'));
        c.out({ file: path.resolve(target) }, `已导出：${path.resolve(target)}`);
        return 0;
      },
    },
  },
};

const MODULES = [core, importsCli, postsCli, workshopsCli, loansCli, safetyCli, printCli, exchangeCli, renewalsCli, monitoringCli];
const commands: Record<string, Command> = Object.assign({}, ...MODULES.map((m) => m.commands ?? {}));
const exporters: Record<string, Command> = Object.assign({}, ...MODULES.map((m) => m.exports ?? {}));
const printers: Record<string, Command> = Object.assign({}, ...MODULES.map((m) => m.prints ?? {}));

function help(): string {
  const lines = [
    '乡镇帮扶台账 命令行', '', '用法: npm run -s cli -- <命令> [参数] [--data 目录] [--json]', '',
    '  help                                   显示本帮助',
    ...Object.values(commands).map((c) => `  ${c.usage}`),
    ...Object.values(exporters).map((c) => `  ${c.usage}`),
    ...Object.values(printers).map((c) => `  ${c.usage}`),
    '', '  --data 目录     数据目录（默认系统用户目录；也可用环境变量 LEDGER_DATA_DIR）',
    '  --json          只在标准输出打印 JSON，便于脚本处理', '',
    '退出码: 0 成功；1 有错误行或检查发现问题（其余行已导入，除非 --all-or-nothing）；2 文件被拒绝或命令有误。',
  ];
  return lines.join('\n');
}

const VALUE_FLAGS = new Set(['data', 'kind', 'village', 'month', 'start', 'sheet', 'operator', 'as-of', 'reason', 'ids', 'end', 'ending-before', 'post', 'note']);

function parse(argv: string[]) {
  const flags = new Map<string, string | true>();
  const pos: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
      else if (VALUE_FLAGS.has(a.slice(2))) flags.set(a.slice(2), argv[++i] ?? '');
      else flags.set(a.slice(2), true);
    } else pos.push(a);
  }
  return { flags, pos };
}

async function run(argv: string[]): Promise<number> {
  const { flags, pos } = parse(argv);
  const json = flags.has('json');
  const out = (data: unknown, text: string) => { process.stdout.write(json ? JSON.stringify(data) + '\n' : text + '\n'); };
  const name = pos[0] ?? 'help';
  if (name === 'help' || flags.has('help')) { out({ help: help() }, help()); return 0; }
  let cmd: Command | undefined = commands[name];
  let rest = pos.slice(1);
  if (name === 'export' || name === 'print') {
    const table = name === 'export' ? exporters : printers;
    cmd = table[pos[1] ?? ''];
    if (!cmd) throw new Usage(`用法：${name} ${Object.keys(table).join('|')} …（运行 help 查看）`);
    rest = pos.slice(2);
  }
  if (!cmd) throw new Usage(`未知命令“${name}”。运行 help 查看可用命令。`);
  const backend = openBackend({
    dataDir: resolveDataDir(argv), mode: 'cli', operator: typeof flags.get('operator') === 'string' ? String(flags.get('operator')) : undefined,
    onBusyWait: (ms) => process.stderr.write(`台账正被另一个台账窗口或命令占用，正在等待它完成（最多 ${Math.round(ms / 1000)} 秒）…\n`),
  });
  const call = async <C extends Channel>(channel: C, params: Params<C>): Promise<Result<C>> => {
    const r = await backend.invoke(channel, params);
    if (!r.ok) throw new Error(r.error.message);
    return r.data as Result<C>;
  };
  const ctx: CliRun = { backend, pos: rest, flags, json, out, call };
  try { return await cmd.run(ctx); } finally { backend.close(); }
}

/** One CLI call: output on process.stdout/stderr, the exit code returned (tests call this in-process). */
export async function runCli(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

// Started as a program (tsx electron/cli.ts, or the bundle dist-node/cli.cjs through scripts/run.mjs),
// not imported by a test.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // What the CLI writes (the database, backups, exports and prints with ID numbers) is for this user alone.
  if (process.platform !== 'win32') process.umask(0o077);
  // Exit only once stdout has drained: a piped 100 KB `check --json` must not be cut at 64 KiB.
  void runCli(process.argv.slice(2)).then((code) => process.stdout.write('', () => process.exit(code)));
}
