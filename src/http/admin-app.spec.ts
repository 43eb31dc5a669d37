import Fastify, { FastifyInstance } from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defaultAdminRoot, registerAdminApp } from './admin-app';

const INDEX = '<!doctype html><html><head><script type="module" src="/admin/assets/index-Ab12Cd34.js"></script></head><body></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(2000))})`;

describe('admin dashboard routes', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'admin-app-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'index-Ab12Cd34.js'), SCRIPT);
    writeFileSync(join(dir, 'assets', 'index-Ab12Cd34.js.gz'), gzipSync(SCRIPT));
    app = Fastify({ routerOptions: { ignoreTrailingSlash: true } });
    registerAdminApp(app, { root: dir });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at /admin and for deep links, revalidated, with a CSP allowing only its own scripts', async () => {
    for (const url of ['/admin', '/admin/', '/admin/pages/3f0c/incidents', '/admin/api-keys?x=1']) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(INDEX);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    const first = await app.inject({ url: '/admin' });
    const again = await app.inject({ url: '/admin/pages', headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('serves hashed assets as immutable, compressed when accepted', async () => {
    const plain = await app.inject({ url: '/admin/assets/index-Ab12Cd34.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.body).toBe(SCRIPT);
    expect(plain.headers['content-type']).toMatch(/javascript/);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const gz = await app.inject({ url: '/admin/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.statusCode).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers 404 for a missing file instead of the HTML', async () => {
    for (const url of ['/admin/assets/index-gone.js', '/admin/favicon.ico', '/admin/assets/../index.html/x.js']) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).not.toMatch(/html/);
    }
  });

  it('answers 404 with a clear message when the dashboard is not built', async () => {
    const bare = Fastify();
    registerAdminApp(bare, { root: join(dir, 'missing') });
    await bare.ready();
    try {
      for (const url of ['/admin', '/admin/pages/1']) {
        const res = await bare.inject({ url });
        expect(res.statusCode).toBe(404);
        expect(res.json().message).toMatch(/not built.*npm run build/);
      }
    } finally {
      await bare.close();
    }
  });

  it('finds dist/admin from src/ and from dist/', () => {
    const project = join(__dirname, '..', '..');
    expect(defaultAdminRoot(__dirname)).toBe(join(project, 'dist', 'admin'));
    expect(defaultAdminRoot(join(project, 'dist', 'http'))).toBe(join(project, 'dist', 'admin'));
  });
});
