import { AppError } from '../../errors';
import { nowLocal } from '../../services/context';
import { insertPost, updatePost } from '../../db/repo/posts';
import { getSettings } from '../../services/settings';
import { LIBRARY_FIELDS } from '../../../../shared/importColumns';
import { sameText } from '../coerce';
import { duplicateMessages, rowReader, missingColumnsMessage } from './fields';
import type { Change, Existing, KindDef, ParsedRow, RowAccess, RowProblem } from './types';
import { villageResolver } from '../../services/villages';

/** One post of the 岗位库 list; undefined = the sheet has no such column (nothing compared or overwritten). */
export interface LibraryRecord {
  village: string | null; name: string;
  category?: string | null; fundSource?: string | null; headcount?: number | null; duties?: string | null; workTime?: string | null;
  wageFen?: number | null; councilDate?: string | null; councilRecord?: string | null;
  status?: '设立' | '撤销' | null; statusDate?: string | null;
}

const LABEL = Object.fromEntries(LIBRARY_FIELDS.map((f) => [f.key, f.label]));

export function parseLibraryRow(row: RowAccess): ParsedRow<LibraryRecord> {
  const problems: RowProblem[] = [];
  const r = rowReader(row, LABEL, problems);
  const name = r.text('name', 40) ?? null;
  if (!name) problems.push({ field: 'name', message: '缺少岗位名称' });
  const headcount = r.int('headcount');
  if (headcount != null && (headcount < 0 || headcount > 999)) problems.push({ field: 'headcount', message: `人员数量（${headcount}）应在0到999之间` });
  const wageFen = r.amount('wage');
  if (wageFen != null && wageFen < 0) problems.push({ field: 'wage', message: '月补贴标准不能为负数' });
  const statusText = r.text('status', 10);
  let status: LibraryRecord['status'] = statusText === undefined ? undefined : null;
  if (statusText) {
    if (['设立', '在设', '正常'].includes(statusText)) status = '设立';
    else if (['撤销', '已撤销'].includes(statusText)) status = '撤销';
    else problems.push({ field: 'status', message: `状态“${statusText}”应为“设立”或“撤销”` });
  }
  const statusDate = r.date('statusDate');
  if (status === '撤销' && !statusDate && !problems.some((p) => p.field === 'statusDate')) {
    problems.push({ field: 'status', message: '撤销的岗位要有撤销日期：请在“状态日期”列填写撤销的日期' });
  }
  const rec: LibraryRecord = {
    village: r.text('village', 40) ?? null, name: name ?? '', category: r.text('category', 20), fundSource: r.text('fundSource'),
    headcount, duties: r.text('duties', 2000), workTime: r.text('workTime', 200), wageFen, councilDate: r.date('councilDate'),
    councilRecord: r.text('councilRecord', 4000), status, statusDate,
  };
  return { record: problems.length ? null : rec, problems };
}

interface PostSnapshot {
  id: number; village: string; name: string; category: string; fundSource: string | null; headcount: number; duties: string | null;
  workTime: string | null; wageFen: number; councilDate: string | null; councilRecord: string | null; status: '设立' | '撤销';
  statusDate: string | null; activeHolders: number;
}

const POSTS_SQL = `SELECT p.id, coalesce(v.name, '') AS village, p.name, p.category, p.fund_source AS fundSource, p.headcount, p.duties,
  p.work_time AS workTime, p.wage_fen AS wageFen, p.council_date AS councilDate, p.council_record AS councilRecord, p.status,
  p.status_date AS statusDate, (SELECT count(*) FROM appointments a WHERE a.post_id = p.id AND a.status = '在岗') AS activeHolders
  FROM posts p LEFT JOIN villages v ON v.id = p.village_id ORDER BY p.id`;

/** An empty cell as "leave the column as it is" for the repository's update. */
const keep = <T>(v: T | null | undefined): T | undefined => v ?? undefined;
const fmtMoney = (f: number | null | undefined) => (f == null ? '' : (f / 100).toFixed(2));
const show = (v: unknown) => (v == null ? '' : String(v));
/** A revoked post is history: several may share a name in one village, told apart by their revoke date. */
const libraryKey = (r: LibraryRecord) => `${r.village ?? ''}|${r.name}|${r.status === '撤销' ? `撤销${r.statusDate ?? ''}` : '设立'}`;

/** What an imported row changes on a post; an empty cell never erases what the library has. */
function diff(r: LibraryRecord, s: PostSnapshot): Change[] {
  const out: Change[] = [];
  const cmp = (field: string, after: unknown, before: unknown, fmt = show) => {
    if (after === undefined || after === null) return;
    if (!sameText(after, before)) out.push({ field, before: fmt(before), after: fmt(after) });
  };
  cmp('岗位类别', r.category, s.category);
  cmp('资金来源', r.fundSource, s.fundSource);
  cmp('人员数量', r.headcount, s.headcount);
  cmp('工作职责', r.duties, s.duties);
  cmp('工作时间', r.workTime, s.workTime);
  cmp('月补贴标准（元）', r.wageFen, s.wageFen, (v) => fmtMoney(v as number));
  cmp('村委会研究日期', r.councilDate, s.councilDate);
  cmp('村委会研究记录', r.councilRecord, s.councilRecord);
  cmp('状态', r.status, s.status);
  if (r.status === '撤销') cmp('状态日期', r.statusDate, s.statusDate);
  return out;
}

export const postLibraryKind: KindDef<LibraryRecord> = {
  kind: 'post-library',
  label: '岗位库',
  unit: '个岗位',
  fields: LIBRARY_FIELDS,
  missingMessage: (missing, found) => missingColumnsMessage('公益岗位岗位库', missing, found),
  parseRow: parseLibraryRow,
  key: libraryKey,
  label_: (r) => `${r.village ?? '（乡镇）'} ${r.name}${r.status === '撤销' ? '（已撤销）' : ''}`,
  display: (r) => ({
    行政村: r.village ?? '', 岗位名称: r.name, 岗位类别: r.category ?? '', 资金来源: r.fundSource ?? '', 人员数量: show(r.headcount),
    '月补贴标准（元）': fmtMoney(r.wageFen), 状态: r.status ?? '', 状态日期: r.statusDate ?? '',
  }),
  duplicateMessage: (rows) => duplicateMessages(rows,
    (_x, others) => `与${others}是同一个村的同一岗位，但内容不同。一个村的岗位名称不能重复，请合并成一行或改用不同的岗位名称`,
    (r) => `${r.village ?? ''}${r.name}`),
  compare(ctx) {
    const cats = getSettings(ctx).postCategories;
    const open = new Map<string, PostSnapshot[]>();
    const revoked = new Map<string, PostSnapshot[]>();
    for (const s of ctx.db.prepare(POSTS_SQL).all() as PostSnapshot[]) {
      const m = s.status === '撤销' ? revoked : open;
      const k = s.status === '撤销' ? `${s.village}|${s.name}|${s.statusDate ?? ''}` : `${s.village}|${s.name}`;
      m.set(k, [...(m.get(k) ?? []), s]);
    }
    // Two rows never update the same post: each takes the first post of its key not yet taken.
    const taken = new Set<number>();
    const take = (list: PostSnapshot[] | undefined) => {
      const s = list?.find((x) => !taken.has(x.id));
      if (s) taken.add(s.id);
      return s;
    };
    return (r): Existing | null => {
      if (r.category && !cats.includes(r.category)) {
        return { id: 0, changes: [], problem: { field: 'category', message: `岗位类别“${r.category}”不在设置的类别中（${cats.join('、')}）。请改为其中之一，或先在“设置”里添加这个类别后再导入` } };
      }
      const vk = `${r.village ?? ''}|${r.name}`;
      if (r.status === '撤销') {
        const gone = take(revoked.get(`${vk}|${r.statusDate ?? ''}`));
        if (gone) return { id: gone.id, changes: diff(r, gone) };
        const s = take(open.get(vk));
        if (!s) return null; // a post revoked before it reached this ledger: kept as history
        if (s.activeHolders > 0) {
          return { id: s.id, changes: [], problem: { field: 'status', message: `岗位“${r.name}”还有 ${s.activeHolders} 名在岗人员，不能撤销。请先在“聘用”中为他们办理退岗，或把本行状态改回“设立”` } };
        }
        return { id: s.id, changes: diff(r, s) };
      }
      const s = take(open.get(vk));
      return s ? { id: s.id, changes: diff(r, s) } : null;
    };
  },
  commit(ctx, rows, batchId) {
    const db = ctx.db;
    const now = nowLocal(ctx.now());
    const villageId = villageResolver(ctx, batchId);
    const get = db.prepare('SELECT status, name FROM posts WHERE id = ?');
    const active = db.prepare("SELECT count(*) AS n FROM appointments WHERE post_id = ? AND status = '在岗'");
    let inserted = 0, updated = 0;
    for (const s of rows) {
      const r = s.record!;
      if (s.category === 'new') {
        insertPost(ctx, { village_id: villageId(r.village), name: r.name, category: r.category ?? '乡村公益岗', fund_source: r.fundSource ?? null,
          headcount: r.headcount ?? 1, duties: r.duties ?? null, work_time: r.workTime ?? null, wage_fen: r.wageFen ?? 0, council_date: r.councilDate ?? null,
          council_record: r.councilRecord ?? null, status: r.status ?? '设立', status_date: r.status === '撤销' ? r.statusDate ?? null : null }, batchId, now);
        inserted++;
      } else if (s.category === 'changed') {
        const before = get.get(s.existingId) as { status: string; name: string };
        // Someone may have appointed a holder since the preview: revoking would leave them on a post that no longer exists.
        if (r.status === '撤销' && before.status !== '撤销' && (active.get(s.existingId) as { n: number }).n > 0) {
          throw new AppError('CONFLICT', `第${s.row}行：岗位“${before.name}”现在有在岗人员，不能撤销，本次导入没有写入任何内容。请先办理退岗后重新导入。`);
        }
        // An empty cell never erases what the library has (undefined = leave the column); a revoke brings its date.
        updatePost(ctx, s.existingId!, { category: keep(r.category), fund_source: keep(r.fundSource), headcount: keep(r.headcount), duties: keep(r.duties),
          work_time: keep(r.workTime), wage_fen: keep(r.wageFen), council_date: keep(r.councilDate), council_record: keep(r.councilRecord), status: keep(r.status),
          status_date: r.status === '撤销' ? r.statusDate ?? null : undefined }, batchId, now);
        updated++;
      }
    }
    return { inserted, updated };
  },
};
