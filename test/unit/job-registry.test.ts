import { afterEach, describe, expect, it, vi } from 'vitest';
import { JobRegistry } from '../../electron/backend/jobs';

/** The one registry the import and export jobs are kept in: touched on each look, forgotten when left alone, never while busy. */
describe('JobRegistry', () => {
  afterEach(() => { vi.useRealTimers(); });

  it('forgets a job left untouched past its TTL when the next job comes, keeps a busy one and one looked at in time', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2030, 0, 1, 8, 0, 0));
    const reg = new JobRegistry<{ id: string; busy: boolean }>({ ttlMs: 60_000, busy: (j) => j.busy, goneMessage: '这次导出已过期，请重新导出。' });
    reg.add({ id: 'idle', busy: false });
    reg.add({ id: 'busy', busy: true });
    reg.add({ id: 'watched', busy: false });
    vi.advanceTimersByTime(50_000);
    expect(reg.get('watched').id).toBe('watched'); // a look touches it
    vi.advanceTimersByTime(20_000); // idle: 70 s untouched; watched: 20 s
    reg.add({ id: 'next', busy: false });
    expect(() => reg.get('idle')).toThrow('这次导出已过期，请重新导出。');
    expect(reg.get('busy').id).toBe('busy');
    expect(reg.get('watched').id).toBe('watched');
    reg.delete('next');
    try { reg.get('next'); expect.unreachable(); } catch (e) { expect((e as { code: string }).code).toBe('NOT_FOUND'); }
  });
});
