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
import { RowStager, type StageConfig, type StagedBatch } from './stage';
import type { SheetData } from './read';
import type { FileContext, RowKind } from './kinds/types';
import { ROW_KINDS } from './kinds/row-kinds';

const { buffer, fileName, format, stage } = workerData as { buffer: Uint8Array; fileName: string; format: 'xlsx' | 'csv'; stage?: boolean };
const buf = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
const port = parentPort!;

// Rows travel as JSON text: one string to copy, parsed natively on the other side, several
// times cheaper than the structured clone of a million small strings. What JSON cannot carry
// (dates, NaN/Infinity) goes beside it as patches: [row in batch, column, kind, value].
let idx: number[] = [], rows: Cell[][] = [], patches: number[] = [];
const MAX_IN_FLIGHT = 8; // batches of ~1,000–4,000 rows each
let inFlight = 0, wake: (() => void) | null = null;

/**
 * Staging the first sheet here (stage: the main thread offers it): its rows are held from the first
 * one until the main thread, having seen the first batch, answers with the header, mapping and file
 * context to stage with ('stage') or 'nostage'. Rows staged go with the next batch of rows.
 */
let stageState: 'offered' | 'on' | 'off' = stage ? 'offered' : 'off';
let sheetNo = -1, stageSheet: SheetData | null = null, stager: RowStager<unknown, RowKind<unknown>> | null = null;
let heldAny = false, answered: (() => void) | null = null;

function startStaging(cfg: StageConfig) {
  const kind = ROW_KINDS[cfg.kind];
  if (!kind || !stageSheet) { stopStaging(); return; }
  const mapping = cfg.mapping;
  const file: FileContext = { ...cfg.file, has: (f) => mapping[f] != null };
  stager = new RowStager<unknown, RowKind<unknown>>(null, kind, stageSheet, cfg.header, mapping, file, true);
  stageState = 'on';
}
function stopStaging() { stageState = 'off'; stager = null; stageSheet = null; }

port.on('message', (m) => {
  if (m === 'ack') {
    inFlight--;
    if (wake && inFlight < MAX_IN_FLIGHT) { const w = wake; wake = null; w(); }
    return;
  }
  if (m?.t === 'stage') startStaging(m.cfg as StageConfig);
  else if (m?.t === 'nostage') stopStaging();
  else return;
  if (answered) { const a = answered; answered = null; a(); }
});

/** The staged rows to go with a batch: advance over what has arrived, as JSON text (null when nothing new). */
function stagedBatch(): string | null {
  if (!stager) return null;
  let b: StagedBatch | null;
  try {
    if (!stager.abandoned) stager.advance();
    b = stager.abandoned ? stager.abandon() : stager.takeBatch();
  } catch {
    b = stager.abandon(); // the main thread stages the sheet and meets the same problem there
  }
  if (b?.abandoned) stopStaging();
  return b ? JSON.stringify(b) : null;
}

const sink: SheetSink = {
  sheet(name) {
    sheetNo++;
    if (sheetNo === 0 && stageState === 'offered') stageSheet = { name, rows: [], merges: [], mergesKnown: true };
    port.postMessage({ t: 'sheet', name });
  },
  row(r, cells) {
    if (stageSheet && sheetNo === 0) {
      // A row above one already staged (rows out of order in the XML): the main thread stages the sheet.
      if (stager && r < stager.parsedUpTo) stager.abandoned = true;
      stageSheet.rows[r] = cells; heldAny = true;
    }
    // Dates and NaN/Infinity travel as patches; the cells the stager holds keep them.
    let out = cells;
    for (let c = 0; c < cells.length; c++) {
      const v = cells[c];
      if (v instanceof Date) { if (out === cells) out = cells.slice(); patches.push(rows.length, c, 0, v.getTime()); out[c] = null; }
      else if (typeof v === 'number' && !Number.isFinite(v)) { if (out === cells) out = cells.slice(); patches.push(rows.length, c, 1, Number.isNaN(v) ? 0 : v > 0 ? 1 : -1); out[c] = null; }
    }
    idx.push(r); rows.push(out);
  },
  flush(read, percent) {
    const staged = sheetNo === 0 ? stagedBatch() : null;
    port.postMessage({ t: 'rows', idx, json: JSON.stringify(rows), patches, read, percent, staged });
    idx = []; rows = []; patches = [];
    // A bounded queue: while the main thread is busy (staging or writing another import), the
    // reading waits instead of piling batches up in its memory.
    if (++inFlight >= MAX_IN_FLIGHT) return new Promise<void>((r) => { wake = r; });
  },
  end(info) {
    if (idx.length || (sheetNo === 0 && stager)) void sink.flush(-1, -1);
    port.postMessage({ t: 'end', info });
  },
};

/** After the last row: if the first sheet's rows wait for the main thread's answer, wait for it and stage them. */
async function finishStaging() {
  if (stageState === 'offered' && heldAny) await new Promise<void>((r) => { answered = r; });
  if (stageState !== 'on') return;
  const staged = stagedBatch();
  if (staged) port.postMessage({ t: 'rows', idx: [], json: '[]', patches: [], read: -1, percent: -1, staged });
  stopStaging();
}

(async () => {
  try {
    if (format === 'csv') readCsvInto(buf, fileName, sink);
    else await readXlsxInto(buf, sink, { fileName });
    await finishStaging();
    port.postMessage({ t: 'done' });
  } catch (e) {
    if (e instanceof AppError) port.postMessage({ t: 'error', code: e.code, message: e.message });
    else port.postMessage({ t: 'error', code: 'BAD_FILE', message: '', detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
})();
