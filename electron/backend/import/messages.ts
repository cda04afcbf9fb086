import { AppError } from '../errors';
import { MAX_FILE_BYTES } from './read';

/**
 * The clerk's words for why a file could not be read, at the service boundary: whatever a reader
 * (SheetJS, the xlsx reader, Node itself) threw in English becomes a Chinese message that names
 * the file and says what to do. Messages already written for the clerk pass through unchanged.
 */
export function readFailureMessage(fileName: string, e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  const f = `“${fileName}”`;
  if (/password-protected|encrypted|EncryptionInfo|加密/i.test(raw)) {
    return `${f}设置了打开密码（文件已加密），本程序无法读取，未导入任何内容。请在 Excel/WPS 中输入密码打开，`
      + '在“文件 → 信息 → 保护工作簿 → 用密码进行加密”中清除密码后另存一份，再导入那一份。';
  }
  if (/Cannot create a (Buffer|string) (larger|longer) than|Invalid string length|Array buffer allocation failed|ERR_STRING_TOO_LONG|ERR_BUFFER_TOO_LARGE/i.test(raw)) {
    return `${f}太大，超出了本程序一次能读取的大小（上限 ${Math.round(MAX_FILE_BYTES / 1024 / 1024)} MB），未导入任何内容。`
      + '请确认选对了文件；数据确实很多时，请按村或按年份拆成几个文件分别导入。';
  }
  if (e instanceof AppError) {
    // The readers' "damaged" message carries the parser's own English in brackets: name the file instead.
    if (/^文件已损坏或不完整，无法读取/.test(raw) && /[A-Za-z]{4,}/.test(raw)) {
      return `${f}已损坏或不完整（可能下载、复制时中断，或被其他软件改动过），无法读取，未导入任何内容。`
        + '请向发送方重新索取文件，或在 Excel/WPS 中打开后另存为 .xlsx 再导入。';
    }
    return raw;
  }
  return `读取${f}时出错，无法读取，未导入任何内容。请在 Excel/WPS 中打开后另存为 .xlsx 再导入；如仍不行，请向发送方重新索取文件。`;
}
