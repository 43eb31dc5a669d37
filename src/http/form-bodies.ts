import type { FastifyInstance } from 'fastify';

/**
 * The paths that take HTML form posts (`application/x-www-form-urlencoded`):
 * the public subscription routes, under `/status/{slug}/` and at the root of a
 * page's own domain. Everywhere else such a body stays a 415, as before.
 */
const FORM_PATHS = /^(?:\/status\/[^/?]+)?\/(?:subscribe|subscriptions\/(?:confirm|manage|unsubscribe))\/?(?:\?|$)/;

/** Fields that are lists even when the form sends one value (repeated checkboxes). */
const LIST_FIELDS = new Set(['componentIds']);
const MAX_FIELDS = 600;

/** A form body as an object: repeated names become lists; keys become own properties only (no prototype tricks). */
export function parseFormBody(body: string): Record<string, string | string[]> {
  const params = new URLSearchParams(body);
  const entries = new Map<string, string | string[]>();
  let count = 0;
  for (const [key, value] of params) {
    if (++count > MAX_FIELDS) throw Object.assign(new Error(`a form may hold at most ${MAX_FIELDS} fields`), { statusCode: 400 });
    const known = entries.get(key);
    if (known === undefined) entries.set(key, LIST_FIELDS.has(key) ? [value] : value);
    else entries.set(key, [...(Array.isArray(known) ? known : [known]), value]);
  }
  return Object.fromEntries(entries);
}

/** Registers the form parser; a form body on any other path is refused with 415 like any non-JSON body. */
export function registerFormBodies(fastify: FastifyInstance): void {
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (req, body, done) => {
    if (!FORM_PATHS.test(req.url)) {
      done(Object.assign(new Error(`Unsupported Media Type: application/x-www-form-urlencoded`), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }));
      return;
    }
    try {
      done(null, parseFormBody(body as string));
    } catch (err) {
      done(err as Error);
    }
  });
}
