import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend } from './backend/index';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.json': 'application/json',
};
/** Largest request body: imports travel as base64 inside JSON (a 150 MB workbook is about 200 MB). */
export const MAX_BODY = 256 * 1024 * 1024;
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

export interface WebServer { url: string; port: number; token: string; close(): Promise<void> }

export interface WebServerOptions {
  backend: Backend;
  port?: number;
  staticDir: string;
  token?: string;
  /** Body limit in bytes (default MAX_BODY). */
  maxBody?: number;
  /** Node's whole-request timeout: a body still arriving after this is cut off (default 10 minutes). */
  requestTimeoutMs?: number;
  /** How often Node looks for requests past their timeout (default 30 s; tests use less). */
  checkIntervalMs?: number;
  /** Where request failures are reported (default stderr). */
  log?: (line: string) => void;
}

function tokenEquals(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function cookieToken(req: http.IncomingMessage): string | undefined {
  const m = /(?:^|;\s*)ledger_token=([^;]+)/.exec(req.headers.cookie ?? '');
  return m?.[1];
}

/** A request we answer with a status instead of a stack trace. */
class Refusal extends Error {
  constructor(public status: number, message: string) { super(message); }
}

const mbText = (n: number) => (n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.round(n / 1024)} KB`);

/** Percent-decoding that refuses bad escapes (/%c0) and control characters such as NUL (%00). */
function decodePath(s: string): string {
  let out: string;
  try { out = decodeURIComponent(s); } catch { throw new Refusal(400, '请求地址不正确（含有无效的 % 转义）。'); }
  if (/[\u0000-\u001f\u007f]/.test(out)) throw new Refusal(400, '请求地址不正确（含有控制字符）。');
  return out;
}

/**
 * Reads the body up to `limit` bytes. A declared or actual size over the limit is refused (413)
 * without buffering the rest; an aborted or timed-out upload rejects, ending only this request.
 */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  const tooBig = new Refusal(413, `上传的内容太大：超过了 ${mbText(limit)} 的上限。请换一个较小的文件（可按村或按年份拆分后分批导入），或用命令行导入：npm run -s cli -- import <文件>。`);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooBig);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0, done = false;
    const finish = (e: Error | null) => {
      if (done) return;
      done = true;
      req.off('data', onData); req.off('end', onEnd); req.off('error', onError); req.off('aborted', onAborted); req.off('close', onClose);
      if (e) { reject(e); req.resume(); } else resolve(Buffer.concat(chunks, size));
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) { chunks.length = 0; finish(tooBig); return; }
      chunks.push(c);
    };
    const onEnd = () => finish(null);
    const onError = (e: Error) => finish(e);
    const onAborted = () => finish(new Error('aborted'));
    const onClose = () => { if (!req.complete) finish(new Error('aborted')); };
    req.on('data', onData); req.on('end', onEnd); req.on('error', onError); req.on('aborted', onAborted); req.on('close', onClose);
  });
}

/**
 * Browser mode: the built UI and POST /rpc/<channel> on 127.0.0.1 only. The Host header must be
 * our own (blocks DNS rebinding) and every request carries the per-launch token: RPC in the
 * x-ledger-token header, page loads in ?token= (then a SameSite=Strict cookie). RPC from a page
 * of another origin is refused (403) even when the browser would send the cookie along.
 * No request, however malformed, aborted or slow, can throw out of the handler: each ends in an
 * answer or a closed socket for that request alone.
 */
export function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const limit = opts.maxBody ?? MAX_BODY;
  const log = opts.log ?? ((line: string) => console.error(line));
  let port = 0;

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, send: (status: number, body: string, type?: string, extra?: Record<string, string>) => void) => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(403, '拒绝访问：只允许本机地址。');
    let url: URL;
    try { url = new URL(req.url ?? '/', `http://${host}`); } catch { throw new Refusal(400, '请求地址不正确。'); }
    // An absolute-form target naming another server is not a request for us.
    if (url.host !== host) throw new Refusal(400, '请求地址不正确。');
    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') return send(405, '只接受 POST');
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://${host}`) return send(403, '拒绝访问：只接受本程序自己页面发出的请求。');
      if (!tokenEquals(req.headers['x-ledger-token'] as string | undefined, token)) return send(401, '未授权：缺少或错误的访问令牌。');
      const channel = decodePath(url.pathname.slice('/rpc/'.length));
      const body = await readBody(req, limit);
      let params: unknown = {};
      try { params = body.length ? JSON.parse(body.toString('utf8')) : {}; } catch { return send(400, '请求不是合法的 JSON'); }
      const out = await opts.backend.invoke(channel, params);
      return send(200, JSON.stringify(out), 'application/json; charset=utf-8');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, '不支持的请求');
    const given = url.searchParams.get('token') ?? cookieToken(req);
    if (!tokenEquals(given ?? undefined, token)) return send(401, '未授权：请使用启动时显示的完整地址（含 token）打开。');
    let rel = decodePath(url.pathname);
    if (rel === '/' || !path.extname(rel)) rel = '/index.html';
    const file = path.join(opts.staticDir, path.normalize(rel).replace(/^([/\\])+/, ''));
    const inside = path.relative(path.resolve(opts.staticDir), file);
    if (inside.startsWith('..') || path.isAbsolute(inside)) return send(403, '拒绝访问');
    let buf: Buffer;
    try { buf = await fs.promises.readFile(file); } catch { return send(404, '未找到'); }
    let body: Buffer | string = buf;
    if (rel === '/index.html') body = buf.toString('utf8').replace('<head>', `<head><meta name="ledger-token" content="${token}">`);
    res.writeHead(200, {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store',
      'x-content-type-options': 'nosniff', 'content-security-policy': CSP, 'referrer-policy': 'no-referrer',
      'set-cookie': `ledger_token=${token}; HttpOnly; SameSite=Strict; Path=/`,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const server = http.createServer({
    requestTimeout: opts.requestTimeoutMs ?? 10 * 60 * 1000,
    connectionsCheckingInterval: opts.checkIntervalMs ?? 30_000,
  }, (req, res) => {
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}) => {
      if (res.headersSent || res.writableEnded || res.destroyed) return;
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'content-security-policy': CSP, ...extra });
      res.end(body);
    };
    // Errors on the streams themselves (client gone) are not the process's business.
    req.on('error', () => {});
    res.on('error', () => {});
    handle(req, res, send).catch((e: unknown) => {
      try {
        if (e instanceof Refusal) {
          // A refused upload: answer, then close the connection instead of reading the rest.
          send(e.status, e.message, undefined, e.status === 413 ? { connection: 'close' } : {});
          return;
        }
        if (req.aborted || req.destroyed || res.destroyed || (e instanceof Error && /aborted|ECONNRESET/i.test(e.message))) {
          res.destroy();
          return;
        }
        log(`请求处理出错（${req.method} ${String(req.url).slice(0, 200)}）：${e instanceof Error ? e.stack ?? e.message : e}`);
        send(500, '程序内部错误，请重试；如反复出现，请重启台账程序。');
      } catch {
        res.destroy();
      }
    });
  });
  // Unparseable requests (bad request line, oversized headers): a plain 400, never an exception.
  server.on('clientError', (_err, socket) => {
    if (socket.writable && !(socket as { _httpMessage?: unknown })._httpMessage) {
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n请求格式不正确。');
    } else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as { port: number }).port;
      resolve({
        url: `http://127.0.0.1:${port}/?token=${token}`, port, token,
        close: () => new Promise((r) => { server.close(() => r()); server.closeAllConnections(); }),
      });
    });
  });
}

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const STATIC_DIR = path.join(ROOT, 'dist', 'renderer');

async function ensureBuilt(): Promise<void> {
  if (fs.existsSync(path.join(STATIC_DIR, 'index.html'))) return;
  console.log('首次运行：正在构建界面（约半分钟）…');
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

function openBrowser(url: string): void {
  if (process.env.CI || !process.stdout.isTTY) return;
  const cmd = process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  import('node:child_process').then(({ spawn }) => {
    const p = spawn(cmd[0] as string, cmd[1] as string[], { stdio: 'ignore', detached: true });
    p.on('error', () => { /* no desktop browser: the printed address is enough */ });
    p.unref();
  });
}

async function main() {
  const { resolveDataDir } = await import('./backend/datadir');
  const { openBackend } = await import('./backend/index');
  const { closePdfBrowser } = await import('./backend/print/pdf');
  const argv = process.argv.slice(2);
  const pi = argv.indexOf('--port');
  const port = pi >= 0 ? Number(argv[pi + 1]) : 5178;
  await ensureBuilt();
  const dataDir = resolveDataDir(argv);
  const backend = openBackend({ dataDir, mode: 'browser' });
  const web = await startWebServer({ backend, port, staticDir: STATIC_DIR });
  console.log(JSON.stringify({ url: web.url, port: web.port, dataDir }));
  console.log(`乡镇帮扶台账（浏览器模式）已启动：请用浏览器打开 ${web.url}`);
  if (!argv.includes('--no-open')) openBrowser(web.url);
  // Last line of defence for work started by a request that outlives it (an import job): log, keep serving.
  process.on('unhandledRejection', (e) => console.error(`后台任务出错：${e instanceof Error ? e.stack ?? e.message : e}`));
  const stop = async () => { await web.close(); await closePdfBrowser(); backend.close(); process.exit(0); };
  process.on('SIGINT', stop); process.on('SIGTERM', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => { console.error(`启动失败：${e instanceof Error ? e.message : e}`); process.exit(1); });
}
