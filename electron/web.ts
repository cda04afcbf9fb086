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
const MAX_BODY = 256 * 1024 * 1024;
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

export interface WebServer { url: string; port: number; token: string; close(): Promise<void> }

function tokenEquals(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function cookieToken(req: http.IncomingMessage): string | undefined {
  const m = /(?:^|;\s*)ledger_token=([^;]+)/.exec(req.headers.cookie ?? '');
  return m?.[1];
}

/**
 * Browser mode: the built UI and POST /rpc/<channel> on 127.0.0.1 only. The Host header must be
 * our own (blocks DNS rebinding) and every request carries the per-launch token: RPC in the
 * x-ledger-token header, page loads in ?token= (then a SameSite=Strict cookie).
 */
export function startWebServer(opts: { backend: Backend; port?: number; staticDir: string; token?: string }): Promise<WebServer> {
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  let port = 0;
  const server = http.createServer(async (req, res) => {
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'content-security-policy': CSP, ...extra });
      res.end(body);
    };
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(403, '拒绝访问：只允许本机地址。');
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') return send(405, '只接受 POST');
      if (!tokenEquals(req.headers['x-ledger-token'] as string | undefined, token)) return send(401, '未授权：缺少或错误的访问令牌。');
      const chunks: Buffer[] = []; let size = 0;
      for await (const c of req) {
        size += (c as Buffer).length;
        if (size > MAX_BODY) return send(413, '文件太大');
        chunks.push(c as Buffer);
      }
      let params: unknown = {};
      try { params = size ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}; } catch { return send(400, '请求不是合法的 JSON'); }
      const channel = decodeURIComponent(url.pathname.slice('/rpc/'.length));
      const out = await opts.backend.invoke(channel, params);
      return send(200, JSON.stringify(out), 'application/json; charset=utf-8');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, '不支持的请求');
    const given = url.searchParams.get('token') ?? cookieToken(req);
    if (!tokenEquals(given ?? undefined, token)) return send(401, '未授权：请使用启动时显示的完整地址（含 token）打开。');
    let rel = decodeURIComponent(url.pathname);
    if (rel === '/' || !path.extname(rel)) rel = '/index.html';
    const file = path.join(opts.staticDir, path.normalize(rel).replace(/^([/\\])+/, ''));
    const inside = path.relative(path.resolve(opts.staticDir), file);
    if (inside.startsWith('..') || path.isAbsolute(inside)) return send(403, '拒绝访问');
    fs.readFile(file, (err, buf) => {
      if (err) return send(404, '未找到');
      let body: Buffer | string = buf;
      if (rel === '/index.html') body = buf.toString('utf8').replace('<head>', `<head><meta name="ledger-token" content="${token}">`);
      res.writeHead(200, {
        'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store',
        'x-content-type-options': 'nosniff', 'content-security-policy': CSP, 'referrer-policy': 'no-referrer',
        'set-cookie': `ledger_token=${token}; HttpOnly; SameSite=Strict; Path=/`,
      });
      res.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as { port: number }).port;
      resolve({ url: `http://127.0.0.1:${port}/?token=${token}`, port, token, close: () => new Promise((r) => server.close(() => r())) });
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
  const stop = async () => { await web.close(); backend.close(); process.exit(0); };
  process.on('SIGINT', stop); process.on('SIGTERM', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => { console.error(`启动失败：${e instanceof Error ? e.message : e}`); process.exit(1); });
}
