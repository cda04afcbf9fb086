import type { Result } from '../../shared/api/contract';
import { Usage, type CliModule } from './types';
import { getKind } from '../backend/import/kinds/index';

/** Import batches: list them and undo one (county scripts undo a wrong file without the screens). */
export const importsCli: CliModule = {
  commands: {
    batches: {
      usage: 'batches [--json]                        列出导入批次（编号、类型、文件、行数、新增、更新、导入时间、撤销时间）',
      async run(c) {
        const list = await c.call('import.batches', {});
        const kindName = (k: string) => { try { return getKind(k).label; } catch { return k; } };
        const lines = list.length ? list.map((b) => `第 ${b.id} 批  ${kindName(b.kind)}  ${b.fileName}  ${b.rows} 行，新增 ${b.inserted}，更新 ${b.updated}  `
          + `${b.committedAt}  ${b.operator}${b.undoneAt ? `  已撤销（${b.undoneAt}）` : ''}`) : ['还没有导入过文件。'];
        c.out(list, lines.join('\n'));
        return 0;
      },
    },
    undo: {
      usage: 'undo <批次编号> [--json]                 撤销一批导入（之后又被修改过的记录会列出来，须先处理）',
      async run(c) {
        const id = Number(c.pos[0]);
        if (!c.pos[0] || !Number.isInteger(id) || id <= 0) throw new Usage('请给出要撤销的导入批次编号，例如：undo 3（运行 batches 查看编号）');
        const r = await c.backend.invoke('import.undo', { batchId: id });
        if (!r.ok) {
          const details = r.error.details as { conflicts?: unknown[] } | undefined;
          if (c.json) c.out({ batchId: id, refused: true, code: r.error.code, message: r.error.message, conflicts: details?.conflicts ?? [] }, '');
          process.stderr.write(`撤销被拒绝：${r.error.message}\n`);
          return 2;
        }
        const b = r.data as Result<'import.undo'>;
        c.out({ undone: true, ...b }, `已撤销第 ${b.id} 批（${b.fileName}）：删除其新增的 ${b.inserted} 条，恢复其更新的 ${b.updated} 条。`);
        return 0;
      },
    },
  },
};
