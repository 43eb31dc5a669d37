/*
 * The admin dashboard (admin/, built by `npm run build` into dist/admin) at /admin.
 *
 * - /admin/assets/*: Vite's content-hashed files, cached for a year as immutable
 *   (brotli or gzip siblings written by the build are sent when accepted).
 * - /admin and every other path under it: index.html, revalidated on each load
 *   (no-cache with an ETag), so deep links such as /admin/pages/{id}/incidents work.
 *   A path whose last segment has a dot is a file and a 404 when missing (a stale
 *   chunk must not be answered with HTML).
 * - A Content-Security-Policy that runs only the dashboard's own scripts.
 *
 * The routes are plain Fastify routes: no Nest controller, so they are not in the
 * OpenAPI document, and no hook is added for other routes (the public read path is
 * answered before Fastify anyway). Without a build (tests that did not build) every
 * /admin path answers 404 saying so.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { errorBody } from './error-body';

export const ADMIN_PREFIX = '/admin';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers of every dashboard response. */
const COMMON_HEADERS = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** dist/admin of the project this file belongs to (from src/ under ts-jest, or from dist/). */
export function defaultAdminRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return join(from, '..', 'admin'); // dist/http -> dist/admin
    dir = up;
  }
  return join(dir, 'dist', 'admin');
}

/** Registers the dashboard's routes on the HTTP app's Fastify instance. */
export function registerAdminApp(fastify: FastifyInstance, options: { root?: string } = {}): void {
  const root = options.root ?? defaultAdminRoot();
  const indexFile = join(root, 'index.html');
  void fastify.register(async (scope) => {
    if (!existsSync(indexFile)) {
      const notBuilt = async (_req: FastifyRequest, reply: FastifyReply) => {
        await reply.code(404).header('cache-control', 'no-store').send(errorBody(404, 'the admin dashboard is not built: run `npm run build`'));
      };
      scope.get(ADMIN_PREFIX, notBuilt);
      scope.get(`${ADMIN_PREFIX}/*`, notBuilt);
      return;
    }

    const html = readFileSync(indexFile);
    const etag = `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`;
    const sendIndex = async (req: FastifyRequest, reply: FastifyReply) => {
      reply.headers({ ...COMMON_HEADERS, 'cache-control': 'no-cache', etag, vary: 'Accept-Encoding' });
      if (req.headers['if-none-match'] === etag) {
        await reply.code(304).send();
        return;
      }
      await reply.code(200).type('text/html; charset=utf-8').send(html);
    };

    if (existsSync(join(root, 'assets'))) {
      await scope.register(fastifyStatic, {
        root: join(root, 'assets'),
        prefix: `${ADMIN_PREFIX}/assets/`,
        wildcard: false, // one route per built file, found once at start
        decorateReply: false,
        index: false,
        dotfiles: 'ignore',
        preCompressed: true,
        cacheControl: false,
        setHeaders: (reply: FastifyReply) => {
          reply.headers({ ...COMMON_HEADERS, 'cache-control': IMMUTABLE });
        },
      });
    }

    scope.get(ADMIN_PREFIX, sendIndex);
    scope.get(`${ADMIN_PREFIX}/*`, async (req, reply) => {
      const q = req.url.indexOf('?');
      const path = q === -1 ? req.url : req.url.slice(0, q);
      const last = path.slice(path.lastIndexOf('/') + 1);
      if (last.includes('.') && last !== 'index.html') {
        await reply.code(404).header('cache-control', 'no-store').send(errorBody(404, `${path} does not exist`));
        return;
      }
      await sendIndex(req, reply);
    });
  });
}
