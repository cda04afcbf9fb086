import fs from 'node:fs';
import http from 'node:http';
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
