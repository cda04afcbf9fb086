// The .xlsx/CSV reader in a worker thread (read.ts starts it with a memory and a time limit):
// a crafted file can then cost at most this thread, which the importer terminates on 取消, on
// the time limit or when it runs out of its memory, while the app keeps answering. Rows are
// posted on as each inflated chunk is scanned, so the main thread takes them in while the
// worker reads on, and the worker never holds the whole sheet.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../errors';
import { readCsvInto } from './csv-reader';
import type { Cell } from './read';
import { readXlsxInto, type SheetSink } from './xlsx-reader';

const { buffer, fileName, format } = workerData as { buffer: Uint8Array; fileName: string; format: 'xlsx' | 'csv' };
const buf = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
const port = parentPort!;

// Rows travel as JSON text: one string to copy, parsed natively on the other side, several
// times cheaper than the structured clone of a million small strings. What JSON cannot carry
// (dates, NaN/Infinity) goes beside it as patches: [row in batch, column, kind, value].
let idx: number[] = [], rows: Cell[][] = [], patches: number[] = [];
const MAX_IN_FLIGHT = 8; // batches of ~1,000–4,000 rows each
let inFlight = 0, wake: (() => void) | null = null;
port.on('message', (m) => {
  if (m !== 'ack') return;
  inFlight--;
  if (wake && inFlight < MAX_IN_FLIGHT) { const w = wake; wake = null; w(); }
});
const sink: SheetSink = {
  sheet(name) { port.postMessage({ t: 'sheet', name }); },
  row(r, cells) {
    for (let c = 0; c < cells.length; c++) {
      const v = cells[c];
      if (v instanceof Date) { patches.push(rows.length, c, 0, v.getTime()); cells[c] = null; }
      else if (typeof v === 'number' && !Number.isFinite(v)) { patches.push(rows.length, c, 1, Number.isNaN(v) ? 0 : v > 0 ? 1 : -1); cells[c] = null; }
    }
    idx.push(r); rows.push(cells);
  },
  flush(read, percent) {
    port.postMessage({ t: 'rows', idx, json: JSON.stringify(rows), patches, read, percent });
    idx = []; rows = []; patches = [];
    // A bounded queue: while the main thread is busy (staging or writing another import), the
    // reading waits instead of piling batches up in its memory.
    if (++inFlight >= MAX_IN_FLIGHT) return new Promise<void>((r) => { wake = r; });
  },
  end(info) {
    if (idx.length) void sink.flush(-1, -1);
    port.postMessage({ t: 'end', info });
  },
};

(async () => {
  try {
    if (format === 'csv') readCsvInto(buf, fileName, sink);
    else await readXlsxInto(buf, sink, { fileName });
    port.postMessage({ t: 'done' });
  } catch (e) {
    if (e instanceof AppError) port.postMessage({ t: 'error', code: e.code, message: e.message });
    else port.postMessage({ t: 'error', code: 'BAD_FILE', message: '', detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
})();
