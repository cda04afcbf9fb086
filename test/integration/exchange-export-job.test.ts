import { describe, expect, it } from 'vitest';
import type { ExportJob, MergeResult } from '../../shared/api/overview';
import { call, freshBackend, validId } from './helpers';

/** 导出交换包 on the screen: a job whose stage and percentage the page polls, ending with the same package exchange.export gives. */
describe('exchange export as a job with progress', () => {
  it('reports Chinese stages with a rising percentage, then hands over a package that verifies and merges', async () => {
    const b = freshBackend();
    await call(b, 'settings.update', { township: '甲乡', regionCode: '140724100000', county: '昔阳县' });
    const v = await call(b, 'villages.create', { name: '李家村', code: null });
    for (let i = 0; i < 30; i++) {
      await call(b, 'persons.create', {
        idNo: validId(`14072419800101${String(100 + i)}`), name: '王建国', villageId: v.id, householdNo: `HH-${i}`, householdType: '脱贫户',
        monitorCategory: null, riskEliminated: null, exitYear: 2016, relation: '户主', laborSkill: '普通劳动力', phone: null,
      });
    }
    let job: ExportJob = await call(b, 'exchange.exportStart', {});
    expect(job.state).toBe('running');
    const seen: ExportJob[] = [job];
    for (let i = 0; i < 3000 && job.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      job = await call(b, 'exchange.exportStatus', { jobId: job.jobId });
      seen.push(job);
    }
    expect(job.state, job.message ?? '').toBe('done');
    expect(job.percent).toBe(100);
    const percents = seen.map((j) => j.percent);
    expect(percents).toEqual([...percents].sort((x, y) => x - y)); // never goes back
    expect(new Set(seen.map((j) => j.stage)).size).toBeGreaterThan(2);
    expect(seen.some((j) => j.state === 'running' && /^正在/.test(j.stage) && j.percent > 0)).toBe(true);
    expect(job.file?.fileName).toMatch(/^甲乡交换包-.*\.xlsx$/);

    const merged = await call(freshBackend(), 'exchange.merge', { files: [job.file!] }) as MergeResult;
    expect(merged.packages[0].status, merged.packages[0].messages.join('；')).toBe('ok');
    expect(merged.townships[0].figures.persons).toBe(30);

    // Handed over once: the job is then gone, and says so in Chinese.
    await expect(call(b, 'exchange.exportStatus', { jobId: job.jobId })).rejects.toThrow(/已过期或已结束/);
    b.close();
  });
});
