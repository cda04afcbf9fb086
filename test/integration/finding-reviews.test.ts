import { describe, expect, it } from 'vitest';
import { stableMessage } from '../../electron/backend/services/findingReviews';
import { call, freshBackend, validId } from './helpers';

/** Two holders whose agreements ran out in 2024 and are still 在岗: two P13 findings. */
async function setup() {
  const b = freshBackend();
  const v = await call(b, 'villages.create', { name: '西关村', code: '140724100202' });
  const post = await call(b, 'posts.create', { villageId: v.id, name: '保洁员', category: '乡村公益岗', fundSource: null, headcount: 10, duties: null, workTime: null, wageFen: 50000, councilDate: null, councilRecord: '2024-01-05 村两委会议' });
  const ids: number[] = [];
  for (const [i, name] of [[1, '王建国'], [2, '李秀英']] as const) {
    const p = await call(b, 'persons.create', {
      idNo: validId(`14072419700101${String(100 + i).padStart(3, '0')}`), name, villageId: v.id, householdNo: `H${i}`, householdType: '脱贫户',
      monitorCategory: null, riskEliminated: null, exitYear: 2018, relation: '户主', laborSkill: '普通劳动力', phone: null,
    });
    ids.push((await call(b, 'appointments.create', {
      postId: post.id, personId: p.id, agreementNo: `XY-${i}`, startDate: '2023-01-01', endDate: '2024-06-30', wageFen: 50000, bankAccount: null, bankName: null, status: '在岗', remark: null,
    })).id);
  }
  return { b, post, ids };
}

const p13 = async (b: Awaited<ReturnType<typeof setup>>['b'], extra: { hideReviewed?: boolean } = {}) =>
  (await call(b, 'checks.run', { module: 'posts', asOf: '2025-01-10', ...extra })).filter((f) => f.rule === 'P13');

describe('已核实', () => {
  it('marks a finding reviewed (audited), hides it only on request, and brings it back when its record changes', async () => {
    const { b, ids } = await setup();
    const [first] = await p13(b);
    expect(first.reviewed).toBe(false);
    const r = await call(b, 'checks.review', { rule: 'P13', recordType: 'appointment', recordId: first.record.id, message: first.message, asOf: '2025-01-10', reason: '续聘协议已签，待录入' });
    expect(r.reviewed).toBe(true);

    // checks.run still returns it (the CLI lists everything), flagged; hideReviewed leaves it out.
    const all = await p13(b);
    expect(all.map((f) => [f.record.id, f.reviewed])).toEqual([[ids[0], true], [ids[1], false]]);
    expect(all[0].review).toMatchObject({ reason: '续聘协议已签，待录入', operator: '测试员' });
    expect((await p13(b, { hideReviewed: true })).map((f) => f.record.id)).toEqual([ids[1]]);
    // Another as-of date with the same finding: still reviewed.
    expect((await call(b, 'checks.run', { module: 'posts', asOf: '2025-03-01', hideReviewed: true })).filter((f) => f.rule === 'P13').map((f) => f.record.id)).toEqual([ids[1]]);

    const audit = b.ctx.db.prepare("SELECT action, after_json AS after FROM audit_log WHERE table_name = 'finding_reviews'").all() as { action: string; after: string }[];
    expect(audit.length).toBe(1);
    // The one audit shape: the review row under its column names; 操作日志 names the holder from the record.
    expect(JSON.parse(audit[0].after)).toMatchObject({ rule: 'P13', record_type: 'appointment', record_id: ids[0], reason: '续聘协议已签，待录入', operator: '测试员' });
    const logged = (await call(b, 'audit.query', { table: 'finding_reviews', offset: 0, limit: 5 })).rows;
    expect(logged[0].subject).toContain('王建国');
    expect(logged[0].summary).toContain('原因：续聘协议已签，待录入');
    expect(logged[0].summary).not.toContain('fingerprint');

    // The record changes (a remark added): the finding is back.
    const a = (await call(b, 'appointments.list', { limit: 10 })).rows.find((x) => x.id === ids[0])!;
    await call(b, 'appointments.update', { ...a, remark: '已电话联系' });
    expect((await p13(b)).map((f) => [f.record.id, f.reviewed])).toEqual([[ids[0], false], [ids[1], false]]);
    expect((await p13(b, { hideReviewed: true })).length).toBe(2);
  });

  it('refuses a review without a reason or of a finding that no longer reads the same; 取消核实 shows it again', async () => {
    const { b, ids } = await setup();
    const [first] = await p13(b);
    await expect(call(b, 'checks.review', { rule: 'P13', recordType: 'appointment', recordId: ids[0], message: first.message, reason: '   ' })).rejects.toThrow('请写明核实情况');
    await expect(call(b, 'checks.review', { rule: 'P13', recordType: 'appointment', recordId: ids[0], message: '旧的说明', reason: '已核实' })).rejects.toThrow('请点“重新检查”后再核实');
    await call(b, 'checks.review', { rule: 'P13', recordType: 'appointment', recordId: ids[0], message: first.message, reason: '已核实' });
    expect((await p13(b, { hideReviewed: true })).length).toBe(1);
    expect(await call(b, 'checks.unreview', { rule: 'P13', recordType: 'appointment', recordId: ids[0] })).toEqual({ removed: 1 });
    expect((await p13(b, { hideReviewed: true })).length).toBe(2);
    expect((b.ctx.db.prepare("SELECT action FROM audit_log WHERE table_name = 'finding_reviews' ORDER BY rowid").all() as { action: string }[]).map((r) => r.action)).toEqual(['create', 'delete']);
  });

  it('keeps dates in the fingerprint and drops numbers that move with the as-of date', () => {
    expect(stableMessage('已逾期 31 天（31–69天，自 2024-01-05 起），未结清本金 50,000.00元')).toBe(stableMessage('已逾期 32 天（31–69天，自 2024-01-05 起），未结清本金 50,000.00元'));
    expect(stableMessage('2024-07 实发 600.00 元')).not.toBe(stableMessage('2024-08 实发 600.00 元'));
  });
});
