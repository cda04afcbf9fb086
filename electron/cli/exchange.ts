import fs from 'node:fs';
import path from 'node:path';
import { FIGURES, type CountyImportResult, type CountyWorkspace, type MergeResult } from '../../shared/api/overview';
import { Usage, type CliModule, type CliRun } from './types';

const STATUS: Record<MergeResult['packages'][number]['status'], string> = { ok: '校验通过', modified: '导出后被修改（已合并）', invalid: '无法合并', replaced: '被较新的同乡镇交换包替代' };

function mergeText(r: MergeResult, out: string | null): string {
  const lines: string[] = ['交换包：'];
  for (const p of r.packages) {
    lines.push(`  ${p.fileName}：${p.township || p.code || '（未设置乡镇名称）'} ${p.exportedAt ?? ''} ${STATUS[p.status]}`);
    for (const m of p.messages) lines.push(`    ${m}`);
  }
  if (r.townships.length) {
    const names = [...r.townships.map((t) => t.name), '合计'];
    lines.push('', `各乡镇数字：${names.join(' | ')}`);
    for (const f of FIGURES) {
      const vals = [...r.townships.map((t) => t.figures[f.key]), r.total[f.key]];
      lines.push(`  ${f.label}（${f.unit}）：${vals.join(' | ')}`);
    }
  }
  lines.push('', r.findings.length ? `跨乡镇问题 ${r.findings.length} 条：` : '未发现跨乡镇问题');
  for (const x of r.findings) lines.push(`  ${x.rule} ${x.title} ${x.name} ${x.id}：${x.message}`);
  if (out) lines.push('', `合并结果已保存：${out}`);
  return lines.join('\n');
}

const OUTCOME: Record<CountyImportResult['results'][number]['outcome'], string> = {
  added: '已存入县级汇总', replaced: '已替换该乡镇较早的交换包', unchanged: '与汇总中的相同，未变', older: '比汇总中的旧，未存入', invalid: '无法存入',
};

function keptText(k: CountyImportResult): string {
  const lines = ['', `县级汇总（已保存在本机，共 ${k.workspace.packages.length} 个乡镇）：`];
  for (const r of k.results) lines.push(`  ${r.fileName}：${OUTCOME[r.outcome]}`);
  lines.push(`  跨乡镇问题 ${k.workspace.counts.total} 条`);
  return lines.join('\n');
}

function workspaceText(w: CountyWorkspace): string {
  if (!w.packages.length) return '县级汇总中还没有交换包。用 exchange merge <a.xlsx> … --keep 存入。';
  const lines = ['县级汇总中的交换包：'];
  for (const p of w.packages) {
    lines.push(`  [${p.id}] ${p.township}（${p.code || '无代码'}）导出 ${p.exportedAt ?? '未知'}，文件 ${p.fileName}，${p.hashStatus === 'ok' ? '校验通过' : '导出后被修改'}，存入 ${p.importedAt}`);
  }
  lines.push('', w.findings.length ? `跨乡镇问题 ${w.findings.length} 条：` : '未发现跨乡镇问题');
  for (const x of w.findings) lines.push(`  ${x.rule} ${x.title} ${x.name} ${x.id}：${x.message}`);
  return lines.join('\n');
}

async function merge(c: CliRun): Promise<number> {
  const files = c.pos.slice(1);
  if (!files.length) throw new Usage('用法：exchange merge <a.xlsx> <b.xlsx> … [--out=合并结果.xlsx] [--json]');
  const outFlag = c.flags.get('out');
  if (outFlag === true) throw new Usage('请写成 --out=合并结果.xlsx（等号连接）');
  const inputs = files.map((f) => {
    const file = path.resolve(f);
    if (!fs.existsSync(file)) throw new Usage(`找不到文件：${file}`);
    return { fileName: path.basename(file), base64: fs.readFileSync(file).toString('base64') };
  });
  const r = await c.call('exchange.merge', { files: inputs });
  const out = typeof outFlag === 'string' ? path.resolve(outFlag) : null;
  if (out) fs.writeFileSync(out, Buffer.from(r.workbook.base64, 'base64'));
  const { workbook, ...rest } = r;
  // --keep: the same files go into the county workspace too (one transaction); the merge output stays as it was.
  const kept = c.flags.has('keep') && r.townships.length ? await c.call('county.import', { files: inputs }) : null;
  c.out({ ...rest, workbook: { fileName: workbook.fileName, file: out }, ...(kept ? { kept: { results: kept.results, packages: kept.workspace.packages.length, findings: kept.workspace.counts } } : {}) },
    mergeText(r, out) + (kept ? keptText(kept) : ''));
  if (!r.townships.length) return 2; // nothing could be read as a package
  return r.packages.some((p) => p.status === 'invalid') ? 1 : 0;
}

export const exchangeCli: CliModule = {
  commands: {
    report: {
      usage: 'report <YYYY-MM> <输出.xlsx>            导出月报（汇总表 + 各模块分村统计表，县级格式）',
      async run(c) {
        const [month, target] = c.pos;
        if (!/^\d{4}-\d{2}$/.test(month ?? '') || !target) throw new Usage('用法：report <YYYY-MM> <输出.xlsx>，例如 report 2024-06 六月月报.xlsx');
        const r = await c.call('report.monthly', { month });
        fs.writeFileSync(path.resolve(target), Buffer.from(r.base64, 'base64'));
        c.out({ file: path.resolve(target), month }, `已导出月报：${path.resolve(target)}`);
        return 0;
      },
    },
    exchange: {
      usage: 'exchange export <输出.xlsx>              导出交换包（各模块工作表 + 隐藏的校验信息，含完整身份证号）\n' +
        '  exchange merge <a.xlsx> <b.xlsx> … [--out=合并结果.xlsx] [--keep]\n                                         合并各乡镇交换包：各乡镇数字并列、校验是否被修改、跨乡镇问题（不写入本台账；--keep 另存入县级汇总）\n' +
        '  exchange list                          县级汇总中保存的交换包和跨乡镇问题\n' +
        '  exchange remove <编号>                  从县级汇总中移除一个乡镇的交换包',
      async run(c) {
        const sub = c.pos[0];
        if (sub === 'export') {
          const target = c.pos[1];
          if (!target) throw new Usage('用法：exchange export <输出.xlsx>');
          const r = await c.call('exchange.export', {});
          fs.writeFileSync(path.resolve(target), Buffer.from(r.base64, 'base64'));
          c.out({ file: path.resolve(target) }, `已导出交换包：${path.resolve(target)}（含完整身份证号，注意保密）`);
          return 0;
        }
        if (sub === 'merge') return merge(c);
        if (sub === 'list') {
          const w = await c.call('county.workspace', {});
          c.out(w, workspaceText(w));
          return 0;
        }
        if (sub === 'remove') {
          const id = Number(c.pos[1]);
          if (!Number.isInteger(id)) throw new Usage('用法：exchange remove <编号>（编号见 exchange list）');
          const w = await c.call('county.remove', { id });
          c.out(w, `已移除。${workspaceText(w)}`);
          return 0;
        }
        throw new Usage('用法：exchange export <输出.xlsx>、exchange merge <a.xlsx> <b.xlsx> … [--keep] [--json]、exchange list 或 exchange remove <编号>');
      },
    },
  },
};
