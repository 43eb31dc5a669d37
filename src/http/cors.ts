import type { FastifyReply, FastifyRequest } from 'fastify';

/** Public routes: any origin may read. Answers the preflight. */
export function answerPublicPreflight(req: FastifyRequest, reply: FastifyReply): void {
  void reply
    .code(204)
    .headers({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, HEAD',
      'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? ''),
      'access-control-max-age': '86400',
    })
    .send();
}

/**
 * Admin API: only the configured origins, never "*". Adds the headers for an
 * allowed origin; returns true when it answered a preflight.
 */
export function adminCors(allowed: ReadonlySet<string>): (req: FastifyRequest, reply: FastifyReply) => boolean {
  return (req, reply) => {
    const origin = req.headers.origin;
    if (typeof origin !== 'string' || !allowed.has(origin)) return false;
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    if (req.method !== 'OPTIONS') return false;
    void reply
      .code(204)
      .headers({
        'access-control-allow-methods': 'GET, POST, PATCH, DELETE',
        'access-control-allow-headers': 'Authorization, Content-Type',
        'access-control-max-age': '600',
      })
      .send();
    return true;
  };
}
