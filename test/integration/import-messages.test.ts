import fs from 'node:fs';
import path from 'node:path';
import XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { readFailureMessage } from '../../electron/backend/import/messages';
import { AppError } from '../../electron/backend/errors';
import { sample } from '../samples';
import { freshBackend, stageFile, tmpDir } from './helpers';

// Issue 19: refusals reach the clerk in Chinese, naming the file and what to do, never the
// reader's English ("File is password-protected", SheetJS on a truncated .xls, Node's size limits).

const ENGLISH = /password|protected|Cannot|Unsupported|Error|undefined|offset|range/i;

/** An encrypted Office file as Excel writes it: a compound file with EncryptionInfo and EncryptedPackage. */
function encryptedWorkbook(file: string): string {
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(4096, 7));
  fs.writeFileSync(file, Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array));
  return file;
}

describe('import refusals in Chinese', () => {
  it('a password-protected workbook: says it is encrypted and how to remove the password', async () => {
    const b = freshBackend();
    try {
      const job = await stageFile(b, encryptedWorkbook(path.join(tmpDir(), '加密名单.xlsx')));
      expect(job.state).toBe('failed');
      expect(job.message).toMatch(/^“加密名单\.xlsx”设置了打开密码/);
      expect(job.message).toMatch(/清除密码后另存/);
      expect(job.message).not.toMatch(ENGLISH);
    } finally { b.close(); }
  });

  it('a truncated .xls: names the file, says it is damaged and what to do, no SheetJS English', async () => {
    const b = freshBackend();
    try {
      const whole = fs.readFileSync(sample('persons-county-export.xls'));
      let refused = 0;
      for (const cut of [0.5, 0.1]) {
        const f = path.join(tmpDir(), '截断名单.xls');
        fs.writeFileSync(f, whole.subarray(0, Math.floor(whole.length * cut)));
        const job = await stageFile(b, f);
        if (job.state !== 'failed') continue; // a cut that still reads as a shorter list is not a refusal
        expect(job.message).toMatch(/截断名单\.xls/);
        expect(job.message).not.toMatch(ENGLISH);
        refused++;
      }
      expect(refused).toBeGreaterThan(0);
    } finally { b.close(); }
  });

  it('Node\'s own size errors (a 600 MB CSV) become "too large", with the limit and what to do', () => {
    for (const raw of ['Cannot create a Buffer larger than 0x1fffffe8 bytes', 'Cannot create a string longer than 0x1fffffe8 characters', 'Invalid string length']) {
      const m = readFailureMessage('大表.csv', Object.assign(new Error(raw), { code: 'ERR_STRING_TOO_LONG' }));
      expect(m).toMatch(/^“大表\.csv”太大，超出了本程序一次能读取的大小（上限 \d+ MB）/);
      expect(m).toMatch(/拆成几个文件/);
    }
  });

  it('clerk messages pass through; unknown English becomes a Chinese message naming the file', () => {
    expect(readFailureMessage('a.xlsx', new AppError('BAD_FILE', '工作表“Sheet1”是空的，未找到表头。'))).toBe('工作表“Sheet1”是空的，未找到表头。');
    const m = readFailureMessage('a.xlsx', new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(m).toMatch(/^读取“a\.xlsx”时出错/);
    expect(m).not.toMatch(ENGLISH);
    const d = readFailureMessage('b.xls', new AppError('BAD_FILE', '文件已损坏或不完整，无法读取（Unsupported file 12）。请向发送方重新索取文件'));
    expect(d).toMatch(/^“b\.xls”已损坏或不完整/);
  });
});
