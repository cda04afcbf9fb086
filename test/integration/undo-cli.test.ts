import { describe, expect, it } from 'vitest';
import { openBackend } from '../../electron/backend/index';
import { sample } from '../samples';
import { call, tmpDir } from './helpers';
import { runCliInProcess } from '../support/cli';

const count = (dir: string, sql: string) => {
  const b = openBackend({ dataDir: dir, mode: 'test', operator: '测试员' });
  try { return (b.ctx.db.prepare(sql).get() as { n: number }).n; } finally { b.close(); }
};

describe('batches and undo through the CLI', () => {
  it('lists two batches, undoes one, leaves the other intact, and refuses a missing or already undone batch', async () => {
    const dir = tmpDir();
    const cli = (...args: string[]) => runCliInProcess([...args, '--data', dir]);
    expect((await cli('import', sample('workshops-ledger.xlsx'), '--kind', 'workshops', '--json')).status).toBeLessThanOrEqual(1);
    expect((await cli('import', sample('microloans-ledger.xlsx'), '--kind', 'loans', '--json')).status).toBeLessThanOrEqual(1);
    const loans = count(dir, 'SELECT count(*) AS n FROM loans');
    const workshops = count(dir, 'SELECT count(*) AS n FROM workshops');
    expect(loans).toBeGreaterThan(0);
    expect(workshops).toBeGreaterThan(0);

    const listed = await cli('batches', '--json');
    expect(listed.status).toBe(0);
    const batches = JSON.parse(listed.stdout) as { id: number; kind: string; fileName: string; rows: number; inserted: number; updated: number; committedAt: string; undoneAt: string | null }[];
    expect(batches.map((b) => b.kind).sort()).toEqual(['loans', 'workshops']);
    for (const b of batches) {
      expect(Object.keys(b)).toEqual(expect.arrayContaining(['id', 'kind', 'fileName', 'rows', 'inserted', 'updated', 'committedAt', 'undoneAt']));
      expect(b.undoneAt).toBeNull();
      expect(b.inserted).toBeGreaterThan(0);
    }
    const ws = batches.find((b) => b.kind === 'workshops')!;
    expect(ws.fileName).toBe('workshops-ledger.xlsx');

    const undone = await cli('undo', String(ws.id), '--json');
    expect(undone.stderr).toBe('');
    expect(undone.status).toBe(0);
    expect(JSON.parse(undone.stdout)).toMatchObject({ id: ws.id, kind: 'workshops', undone: true });
    expect(count(dir, 'SELECT count(*) AS n FROM workshops')).toBe(0);
    expect(count(dir, 'SELECT count(*) AS n FROM loans')).toBe(loans);

    const after = JSON.parse((await cli('batches', '--json')).stdout) as { id: number; kind: string; undoneAt: string | null }[];
    expect(after.find((b) => b.id === ws.id)!.undoneAt).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(after.find((b) => b.kind === 'loans')!.undoneAt).toBeNull();

    const again = await cli('undo', String(ws.id), '--json');
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/已经撤销/);
    const missing = await cli('undo', '999', '--json');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/导入批次 999 不存在/);
    expect((await cli('undo')).status).toBe(2);
  });

  it('refuses an undo after a hand edit and lists the record in Chinese: which table, whom, what changed, when', async () => {
    const dir = tmpDir();
    const cli = (...args: string[]) => runCliInProcess([...args, '--data', dir]);
    expect((await cli('import', sample('persons-county-export.xlsx'), '--kind', 'persons', '--json')).status).toBe(0);
    const b = openBackend({ dataDir: dir, mode: 'test', operator: '王会计' });
    let name = '';
    try {
      const p = (await call(b, 'persons.query', { limit: 1 })).rows[0];
      name = p.name;
      await call(b, 'persons.update', { ...p, phone: '13900000000' });
    } finally { b.close(); }
    const [batch] = JSON.parse((await cli('batches', '--json')).stdout) as { id: number }[];
    const r = await cli('undo', String(batch.id), '--json');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('之后又被修改过');
    expect(r.stderr).toContain(`人员 ${name}`);
    expect(r.stderr).toContain('13900000000');
    expect(r.stderr).toContain('王会计');
    expect(r.stderr).toContain('手工修改');
    const out = JSON.parse(r.stdout) as { refused: boolean; conflicts: { tableLabel: string; subject: string; at: string }[] };
    expect(out.refused).toBe(true);
    expect(out.conflicts).toHaveLength(1);
    expect(out.conflicts[0]).toMatchObject({ tableLabel: '人员' });
    expect(out.conflicts[0].subject).toContain(name);
    expect(count(dir, 'SELECT count(*) AS n FROM persons')).toBe(3000);
  });

  it('refuses to undo a batch whose new people a later batch still uses, naming them, until that batch is undone', async () => {
    const dir = tmpDir();
    const cli = (...args: string[]) => runCliInProcess([...args, '--data', dir]);
    expect((await cli('import', sample('persons-county-export.xlsx'), '--kind', 'persons', '--json')).status).toBe(0);
    expect((await cli('import', sample('posts-roster-township.xlsx'), '--kind', 'posts', '--json')).status).toBeLessThanOrEqual(1);
    const batches = JSON.parse((await cli('batches', '--json')).stdout) as { id: number; kind: string }[];
    const persons = batches.find((b) => b.kind === 'persons')!, posts = batches.find((b) => b.kind === 'posts')!;
    const refused = await cli('undo', String(persons.id), '--json');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('之后被其他记录用到');
    expect(refused.stderr).toMatch(new RegExp(`聘用 \\S+.*（第 ${posts.id} 批导入）用到了本批新增的人员 \\S+`));
    const out = JSON.parse(refused.stdout) as { conflicts: { table: string; parentTable: string; batchId: number }[] };
    expect(out.conflicts.length).toBeGreaterThan(0);
    expect(out.conflicts.every((c) => c.batchId === posts.id)).toBe(true);
    expect(count(dir, 'SELECT count(*) AS n FROM persons WHERE in_roster = 1')).toBe(3000);

    expect((await cli('undo', String(posts.id), '--json')).status).toBe(0);
    expect((await cli('undo', String(persons.id), '--json')).status).toBe(0);
    expect(count(dir, 'SELECT count(*) AS n FROM persons')).toBe(0);
    expect(count(dir, 'SELECT count(*) AS n FROM villages')).toBe(0);
  });
});
