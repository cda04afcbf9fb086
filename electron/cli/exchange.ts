import fs from 'node:fs';
import path from 'node:path';
import { FIGURES, type MergeResult } from '../../shared/api/overview';
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
  c.out({ ...rest, workbook: { fileName: workbook.fileName, file: out } }, mergeText(r, out));
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
        '  exchange merge <a.xlsx> <b.xlsx> … [--out=合并结果.xlsx]\n                                         合并各乡镇交换包：各乡镇数字并列、校验是否被修改、跨乡镇问题（不写入本台账）',
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
        throw new Usage('用法：exchange export <输出.xlsx> 或 exchange merge <a.xlsx> <b.xlsx> … [--json]');
      },
    },
  },
};
