import type { Channel, Envelope, Params, Result } from '../../shared/api/contract';

/** Error from the backend, with the Chinese message to show the clerk. */
export class ApiError extends Error {
  constructor(public code: string, message: string, public details?: unknown) { super(message); }
}

declare global {
  interface Window { api?: { invoke(channel: string, params: unknown): Promise<Envelope<unknown>> } }
}

function browserToken(): string {
  return document.querySelector('meta[name="ledger-token"]')?.getAttribute('content') ?? '';
}

/** One transport: Electron's preload bridge when present, otherwise POST /rpc on the local server. */
async function send(channel: string, params: unknown): Promise<Envelope<unknown>> {
  if (window.api) return window.api.invoke(channel, params);
  const res = await fetch(`./rpc/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ledger-token': browserToken() },
    body: JSON.stringify(params ?? {}),
  });
  if (!res.ok) return { ok: false, error: { code: 'INTERNAL', message: `${res.status}：${await res.text()}` } };
  return (await res.json()) as Envelope<unknown>;
}

/** Fired on window when the backend refuses a call because the 程序锁 is on (the lock screen listens). */
export const LOCKED_EVENT = 'ledger-locked';

/**
 * Asks the clerk for their name when the backend refuses a change without one; resolves true once it is
 * saved. Registered by the header (HeaderSafety); the refused change is then sent again.
 */
let askOperator: (() => Promise<boolean>) | null = null;
export function setOperatorPrompt(fn: (() => Promise<boolean>) | null): void { askOperator = fn; }
const needsOperator = (d: unknown) => typeof d === 'object' && d !== null && (d as { operatorRequired?: unknown }).operatorRequired === true;

export async function invoke<C extends Channel>(channel: C, params: Params<C>): Promise<Result<C>> {
  let env: Envelope<unknown>;
  try { env = await send(channel, params); }
  catch (e) { throw new ApiError('INTERNAL', `无法连接到台账程序：${e instanceof Error ? e.message : e}`); }
  if (!env.ok && needsOperator(env.error.details) && askOperator && await askOperator()) return invoke(channel, params);
  if (!env.ok) {
    if (env.error.code === 'LOCKED') window.dispatchEvent(new Event(LOCKED_EVENT));
    throw new ApiError(env.error.code, env.error.message, env.error.details);
  }
  return env.data as Result<C>;
}

/** Files travel as bytes, never as paths. */
export async function fileToBase64(file: Blob): Promise<string> {
  const buf = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < buf.length; i += 0x8000) s += String.fromCharCode(...buf.subarray(i, i + 0x8000));
  return btoa(s);
}

export function downloadBase64(fileName: string, base64: string, mime = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url; a.download = fileName; a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
