import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PublicCacheService, PublicDocument } from './public-cache.service';

const NOT_FOUND = JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'status page not found' });

/** Sends a prepared public document: CORS *, ETag/304, Cache-Control, gzip when accepted. */
@Injectable()
export class PublicResponder {
  constructor(private readonly cache: PublicCacheService) {}

  async bySlug(req: FastifyRequest, reply: FastifyReply, kind: string): Promise<void> {
    const slug = (req.params as { slug?: string }).slug ?? '';
    const pageId = await this.cache.pageIdForSlug(slug);
    return this.send(req, reply, pageId, kind);
  }

  async byHost(req: FastifyRequest, reply: FastifyReply, kind: string): Promise<void> {
    const host = (req.hostname ?? '').toLowerCase().replace(/:\d+$/, '');
    const pageId = await this.cache.pageIdForDomain(host);
    return this.send(req, reply, pageId, kind);
  }

  private async send(req: FastifyRequest, reply: FastifyReply, pageId: string | undefined, kind: string): Promise<void> {
    reply.header('access-control-allow-origin', '*');
    const doc = pageId ? await this.cache.document(pageId, kind) : null;
    if (!doc) {
      reply.code(404).header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-store');
      await reply.send(NOT_FOUND);
      return;
    }
    reply.header('cache-control', 'public, no-cache').header('etag', doc.etag).header('vary', 'Accept-Encoding');
    if (matches(req.headers['if-none-match'], doc)) {
      await reply.code(304).send();
      return;
    }
    reply.header('content-type', doc.contentType);
    const accept = req.headers['accept-encoding'];
    if (doc.gzip && typeof accept === 'string' && accept.includes('gzip')) {
      await reply.header('content-encoding', 'gzip').send(doc.gzip);
      return;
    }
    await reply.send(doc.body);
  }
}

function matches(header: string | undefined, doc: PublicDocument): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === doc.etag);
}
