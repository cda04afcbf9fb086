import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../electron/web';
import { freshBackend, tmpDir } from './helpers';

function request(port: number, opts: { method?: string; path: string; host?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: { host: opts.host ?? `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

describe('browser-mode HTTP bridge', () => {
  let web: WebServer;
  const staticDir = tmpDir('ledger-static-');
  beforeAll(async () => {
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body>乡镇帮扶台账</body></html>');
    web = await startWebServer({ backend: freshBackend(), port: 0, staticDir });
  });
  afterAll(() => web.close());

  it('binds 127.0.0.1 on the port it was given (0 = any free)', () => {
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    expect(web.port).toBeGreaterThan(0);
  });
  it('answers 401 to RPC without the token or with a wrong one', async () => {
    expect((await request(web.port, { method: 'POST', path: '/rpc/stats.get', body: '{}' })).status).toBe(401);
    expect((await request(web.port, { method: 'POST', path: '/rpc/stats.get', headers: { 'x-ledger-token': 'wrong' }, body: '{}' })).status).toBe(401);
  });
  it('answers 403 to a foreign Host (DNS rebinding)', async () => {
    const r = await request(web.port, { method: 'POST', path: '/rpc/stats.get', host: 'evil.example:80', headers: { 'x-ledger-token': web.token }, body: '{}' });
    expect(r.status).toBe(403);
  });
  it('round-trips a call through dispatch with the token', async () => {
    const r = await request(web.port, { method: 'POST', path: '/rpc/stats.get', headers: { 'x-ledger-token': web.token, 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, data: { persons: 0, households: 0, villages: 0 } });
    const bad = await request(web.port, { method: 'POST', path: '/rpc/villages.create', headers: { 'x-ledger-token': web.token }, body: JSON.stringify({ name: '东村', code: '12' }) });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
  it('serves the UI only with the token and injects it for the page, with a CSP', async () => {
    expect((await request(web.port, { path: '/' })).status).toBe(401);
    const r = await request(web.port, { path: `/?token=${web.token}` });
    expect(r.status).toBe(200);
    expect(r.body).toContain(`<meta name="ledger-token" content="${web.token}">`);
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    const cookie = String(r.headers['set-cookie']).split(';')[0];
    expect((await request(web.port, { path: '/index.html', headers: { cookie } })).status).toBe(200);
  });
  it('does not serve files outside the UI folder', async () => {
    fs.writeFileSync(path.join(staticDir, '..', 'ledger-secret.txt'), 'SECRET');
    for (const p of ['/..%2fledger-secret.txt', '/../ledger-secret.txt', '/%2e%2e/ledger-secret.txt', '/..%5cledger-secret.txt']) {
      const r = await request(web.port, { path: `${p}?token=${web.token}` });
      expect(r.body).not.toContain('SECRET');
    }
  });
});

/** Sends raw bytes on a fresh TCP connection and collects whatever comes back until the server closes or `waitMs` passes. */
function raw(port: number, chunks: (string | Buffer)[], opts: { endAfter?: boolean; destroyAfterMs?: number; waitMs?: number } = {}) {
  return new Promise<string>((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let got = '';
    const done = () => { clearTimeout(t); sock.destroy(); resolve(got); };
    const t = setTimeout(done, opts.waitMs ?? 3000);
    sock.on('data', (d) => { got += d.toString('utf8'); });
    sock.on('close', done);
    sock.on('error', done);
    sock.on('connect', () => {
      for (const c of chunks) sock.write(c);
      if (opts.endAfter) sock.end();
      if (opts.destroyAfterMs !== undefined) setTimeout(() => sock.destroy(), opts.destroyAfterMs);
    });
  });
}

const statusOf = (reply: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0);

describe('browser-mode server: hostile requests end only themselves', () => {
  let web: WebServer;
  const logged: string[] = [];
  // In its own process an escaped error would exit the server; here it would reach these.
  const escaped: unknown[] = [];
  const onEscape = (e: unknown) => { escaped.push(e); };
  const staticDir = tmpDir('ledger-static-');
  beforeAll(async () => {
    process.on('unhandledRejection', onEscape);
    process.on('uncaughtException', onEscape);
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><html><head></head><body>t</body></html>');
    web = await startWebServer({ backend: freshBackend(), port: 0, staticDir, maxBody: 64 * 1024, requestTimeoutMs: 400, checkIntervalMs: 50, log: (l) => logged.push(l) });
  });
  afterAll(async () => {
    process.off('unhandledRejection', onEscape);
    process.off('uncaughtException', onEscape);
    await web.close();
  });

  const host = () => `127.0.0.1:${web.port}`;
  async function stillAnswers() {
    const r = await request(web.port, { method: 'POST', path: '/rpc/stats.get', headers: { 'x-ledger-token': web.token }, body: '{}' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true });
    expect(escaped).toEqual([]);
  }
  const rpcHead = (len: number | null, extra = '') =>
    `POST /rpc/stats.get HTTP/1.1\r\nHost: ${host()}\r\nx-ledger-token: ${web.token}\r\ncontent-type: application/json\r\n${len === null ? 'transfer-encoding: chunked\r\n' : `content-length: ${len}\r\n`}${extra}\r\n`;

  it('answers 400 to a target that is not a URL (http://[::1), without the token', async () => {
    const reply = await raw(web.port, [`GET http://[::1 HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`]);
    expect(statusOf(reply)).toBe(400);
    await stillAnswers();
  });
  it('answers 400 to an absolute target naming another server', async () => {
    const reply = await raw(web.port, [`GET http://evil.example/?token=${web.token} HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`]);
    expect(statusOf(reply)).toBe(400);
    await stillAnswers();
  });
  it('answers 400 to a bad % escape and to NUL, in pages and in RPC channels', async () => {
    for (const p of ['/%c0', '/%00', '/a%00.js', '/%E0%A4%A', '/%']) {
      const r = await request(web.port, { path: `${p}?token=${web.token}` });
      expect(r.status, p).toBe(400);
      expect(r.body).toMatch(/请求地址不正确/);
    }
    for (const p of ['/rpc/%c0', '/rpc/stats.get%00']) {
      const r = await request(web.port, { method: 'POST', path: p, headers: { 'x-ledger-token': web.token }, body: '{}' });
      expect(r.status, p).toBe(400);
    }
    await stillAnswers();
  });
  it('an upload aborted mid-body ends that request only', async () => {
    const reply = await raw(web.port, [rpcHead(10_000), '{"asOf":"20'], { destroyAfterMs: 50, waitMs: 500 });
    expect(reply).toBe(''); // nobody left to answer
    await new Promise((r) => setTimeout(r, 100));
    await stillAnswers();
    expect(logged).toEqual([]); // an abort is not an internal error
  });
  it('a slow upload is cut off by the request timeout, and only that request', async () => {
    const reply = await raw(web.port, [rpcHead(10_000), '{"asOf":'], { waitMs: 3000 });
    // Node answers 408 (or just closes) once the timeout fires; the handler must not throw.
    expect([0, 408]).toContain(statusOf(reply));
    await stillAnswers();
    expect(logged).toEqual([]);
  });
  it('refuses a body over the limit with 413 in Chinese, by declared length and by streamed size', async () => {
    const big = JSON.stringify({ x: 'a'.repeat(100 * 1024) });
    const declared = await raw(web.port, [rpcHead(big.length)], { waitMs: 2000 });
    expect(statusOf(declared)).toBe(413);
    expect(declared).toContain('上传的内容太大');
    expect(declared).toContain('64 KB'); // the limit is named
    const chunk = Buffer.from('a'.repeat(16 * 1024));
    const parts: (string | Buffer)[] = [rpcHead(null)];
    for (let i = 0; i < 8; i++) parts.push(`${chunk.length.toString(16)}\r\n`, chunk, '\r\n');
    const streamed = await raw(web.port, parts, { waitMs: 2000 });
    expect(statusOf(streamed)).toBe(413);
    await stillAnswers();
  });
  it('refuses RPC from another origin (403), accepts its own', async () => {
    const evil = await request(web.port, { method: 'POST', path: '/rpc/stats.get', headers: { 'x-ledger-token': web.token, origin: 'http://evil.example' }, body: '{}' });
    expect(evil.status).toBe(403);
    const nul = await request(web.port, { method: 'POST', path: '/rpc/stats.get', headers: { 'x-ledger-token': web.token, origin: 'null' }, body: '{}' });
    expect(nul.status).toBe(403);
    const other = await request(web.port, { method: 'POST', path: '/rpc/stats.get', headers: { 'x-ledger-token': web.token, origin: `http://127.0.0.1:${web.port + 1}` }, body: '{}' });
    expect(other.status).toBe(403);
    const own = await request(web.port, { method: 'POST', path: '/rpc/stats.get', headers: { 'x-ledger-token': web.token, origin: `http://${host()}` }, body: '{}' });
    expect(own.status).toBe(200);
  });
  it('a garbage request line gets 400 and the server keeps answering', async () => {
    const reply = await raw(web.port, ['\u0000\u0001GARBAGE\r\n\r\n']);
    expect(statusOf(reply)).toBe(400);
    await stillAnswers();
  });
});
