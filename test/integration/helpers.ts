import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DB_FILE } from '../../electron/backend/db/open';
import { openBackend, type Backend } from '../../electron/backend/index';
import { expect } from 'vitest';
import type { Channel, ImportKind, Params, Result } from '../../shared/api/contract';
import { checkDigit } from '../../shared/idcard';
import { writeWorkbook } from '../../electron/backend/export/workbook';
import { PERSON_FIELDS } from '../../shared/importColumns';
import { sample } from '../samples';

export const tmpDir = (prefix = 'ledger-test-') => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

export function freshBackend(): Backend {
  return openBackend({ dataDir: tmpDir(), mode: 'test', operator: '测试员' });
}

/**
 * Moves a backend's clock (Ctx.now) forward: what a test would otherwise sleep for (export stamps are
 * to the second, a later package must look later). The clock keeps running from there.
 */
export function advanceClock(b: Backend, ms: number): void {
  const before = b.ctx.now;
  b.ctx.now = () => new Date(before().getTime() + ms);
}

/** Calls a channel and throws the Chinese message on failure, like the UI does. */
export async function call<C extends Channel>(b: Backend, channel: C, params: Params<C>): Promise<Result<C>> {
  const r = await b.invoke(channel, params);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.data as Result<C>;
}

let rosterTemplate: Promise<string> | null = null;

/**
 * A backend (as freshBackend's) whose ledger already holds the county roster sample
 * (persons-county-export.xlsx, 3000 people, one batch), for tests that start from the roster and
 * test something else. The roster goes in once per test process, through the channels as the tests
 * did it themselves, and each call opens its own copy of that database file: about 0.6 s of CPU less
 * per use. Tests of the roster import itself still import it.
 */
export async function rosterBackend(): Promise<Backend> {
  const dataDir = tmpDir();
  await rosterDatabase(dataDir);
  return openBackend({ dataDir, mode: 'test', operator: '测试员' });
}

/** Puts rosterBackend's database (the roster imported by 测试员) into this data folder, for a child process to open. */
export async function rosterDatabase(dataDir: string): Promise<void> {
  rosterTemplate ??= (async () => {
    const b = openBackend({ dataDir: tmpDir('ledger-roster-template-'), mode: 'test', operator: '测试员' });
    try {
      await importBuffer(b, 'persons', 'persons-county-export.xlsx', fs.readFileSync(sample('persons-county-export.xlsx')));
      return b.ctx.dbFile;
    } finally { b.close(); } // closing checkpoints the WAL: the one file is the whole database
  })().catch((e: unknown) => { rosterTemplate = null; throw e; });
  fs.copyFileSync(await rosterTemplate, path.join(dataDir, DB_FILE));
}

export const validId = (first17: string) => first17 + checkDigit(first17);

/** Starts an import of these bytes through the channels and waits until it has been read and staged. */
export async function stageBuffer(b: Backend, kind: ImportKind, fileName: string, buf: Buffer) {
  let job = await call(b, 'import.start', { kind, fileName, base64: buf.toString('base64') });
  for (let i = 0; i < 1500 && job.state === 'reading'; i++) {
    await new Promise((r) => setTimeout(r, 20));
    job = await call(b, 'import.status', { jobId: job.jobId });
  }
  return job;
}

/** Starts an import through the channels and waits until it has been read and staged. */
export function stageFile(b: Backend, file: string, kind: ImportKind = 'persons') {
  return stageBuffer(b, kind, path.basename(file), fs.readFileSync(file));
}

/** Stages the bytes, expects a preview ready to commit, commits it and returns the commit's summary. */
export async function importBuffer(b: Backend, kind: ImportKind, fileName: string, buf: Buffer) {
  const job = await stageBuffer(b, kind, fileName, buf);
  expect(job.state, job.message ?? '').toBe('ready');
  return (await call(b, 'import.commit', { jobId: job.jobId })).summary!;
}

/** A county-layout persons workbook written by the app's own writer; `tag` keeps each file's IDs apart. */
export async function personsWorkbook(n: number, tag: number): Promise<Buffer> {
  const surnames = '王李张刘陈杨赵黄周吴', given = '建国秀英志强丽娟春花小军';
  const rows = Array.from({ length: n }, (_, i) => {
    const y = 1950 + (Math.floor(i / 336) % 50), m = 1 + (Math.floor(i / 28) % 12), d = 1 + (i % 28);
    const first17 = `140724${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(tag).padStart(3, '0')}`;
    const id = first17 + checkDigit(first17);
    const name = surnames[i % 10] + given.slice(i % 11, (i % 11) + 1) + given[(i * 7) % 12];
    return [i + 1, '测试县', '测试乡', `第${(i % 12) + 1}村`, `14072410${String(tag).padStart(2, '0')}${String(i).padStart(6, '0')}`, name, id,
      tag % 2 ? '男' : '女', '户主', '脱贫户', null, null, 2018, '普通劳动力', null, 1];
  });
  return writeWorkbook([{ name: '脱贫人口信息', title: '测试县测试乡脱贫人口（含监测对象）信息表', note: `共 ${n} 人`,
    columns: PERSON_FIELDS.map((f) => ({ header: f.label, type: f.key === 'idNo' || f.key === 'householdNo' ? 'text' as const : undefined })), rows }], { created: new Date(2024, 0, 1) });
}
