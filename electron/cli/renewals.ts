import { parseDate } from '../../shared/dates';
import { Usage, asOfFlag, type CliModule, type CliRun } from './types';

const USAGE = '用法：renew --ids 1,2,3 --end YYYY-MM-DD，或 renew --village 村名 [--post 岗位名] --ending-before YYYY-MM-DD --end YYYY-MM-DD [--note 说明] [--dry-run]';

function dateFlag(c: CliRun, name: string): string | undefined {
  const v = c.flags.get(name);
  if (v === undefined) return undefined;
  const d = typeof v === 'string' ? parseDate(v) : null;
  if (!d) throw new Usage(`--${name} 的日期“${v === true ? '' : v}”无法识别，请写成 YYYY-MM-DD。${USAGE}`);
  return d;
}

const text = (c: CliRun, name: string) => { const v = c.flags.get(name); return typeof v === 'string' && v.trim() ? v.trim() : undefined; };

/** Which appointments: --ids, or a filter (village, post, end date before a day) resolved to ids. */
async function pick(c: CliRun): Promise<{ ids: number[]; how: string }> {
  const ids = text(c, 'ids');
  if (ids) {
    const list = ids.split(/[,，\s]+/).filter(Boolean).map(Number);
    if (list.some((n) => !Number.isInteger(n) || n <= 0)) throw new Usage(`--ids 应为逗号分隔的聘用记录编号，例如 --ids 12,15,18。${USAGE}`);
    return { ids: list, how: `编号 ${list.join(',')}` };
  }
  const villageName = text(c, 'village'), postName = text(c, 'post');
  const endingBefore = dateFlag(c, 'ending-before');
  if (!villageName && !postName && !endingBefore) throw new Usage(`请用 --ids 指定聘用记录，或用 --village/--post/--ending-before 筛选。${USAGE}`);
  let villageId: number | undefined;
  if (villageName) {
    const v = (await c.call('villages.list', {})).find((x) => x.name === villageName);
    if (!v) throw new Usage(`没有名为“${villageName}”的村，请核对村名（可在“设置→村”中查看）。`);
    villageId = v.id;
  }
  let postId: number | undefined;
  if (postName) {
    const posts = (await c.call('posts.list', { villageId, name: postName, limit: 500 })).rows.filter((p) => p.name === postName);
    if (posts.length !== 1) throw new Usage(posts.length ? `有 ${posts.length} 个名为“${postName}”的岗位，请加上 --village 区分。` : `没有名为“${postName}”的岗位${villageName ? `（${villageName}）` : ''}。`);
    postId = posts[0].id;
  }
  const r = await c.call('appointments.renewable', { asOf: asOfFlag(c), villageId, postId, endingBefore });
  return { ids: r.rows.map((a) => a.id), how: `${villageName ?? ''}${postName ?? ''} 结束日期早于 ${r.endingBefore}` };
}

export const renewalsCli: CliModule = {
  commands: {
    renew: {
      usage: 'renew --ids 1,2,3 | --village 村 [--post 岗位] --ending-before YYYY-MM-DD  --end YYYY-MM-DD [--note 说明] [--dry-run] [--json]\n                                         批量续聘：把选中的聘用协议延长到新的结束日期（一次完成，记入操作日志）',
      async run(c) {
        const end = dateFlag(c, 'end');
        if (!end) throw new Usage(`请用 --end 给出新的结束日期。${USAGE}`);
        const { ids, how } = await pick(c);
        if (!ids.length) { c.out({ renewed: [], endDate: end }, `没有符合条件（${how}）的聘用，未做修改`); return 0; }
        if (c.flags.has('dry-run')) {
          const found = await c.call('appointments.renewable', { asOf: asOfFlag(c), endingBefore: '9999-12-31' });
          const rows = found.rows.filter((a) => ids.includes(a.id)).map((a) => ({ id: a.id, personName: a.personName, villageName: a.villageName, postName: a.postName, before: a.endDate, after: end }));
          c.out({ renewed: rows, endDate: end, dryRun: true }, `试运行：将续聘 ${rows.length} 人至 ${end}（${how}），未写入\n${rows.map((r) => `  ${r.id} ${r.villageName ?? ''} ${r.postName} ${r.personName} ${r.before} → ${end}`).join('\n')}`);
          return 0;
        }
        const r = await c.call('appointments.renew', { ids, endDate: end, note: text(c, 'note') ?? null });
        c.out(r, `已续聘 ${r.renewed.length} 人至 ${r.endDate}（${how}）\n${r.renewed.map((x) => `  ${x.id} ${x.villageName ?? ''} ${x.postName} ${x.personName} ${x.before} → ${x.after}`).join('\n')}`);
        return 0;
      },
    },
  },
};
