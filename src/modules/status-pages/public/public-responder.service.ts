import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PublicCacheService, PublicDocument } from './public-cache.service';
import { PUBLIC_DOCUMENTS } from './public-renderers';

/** Path after `/status/{slug}/` (or after `/` on a page's domain) → document kind. */
const KIND_BY_PATH = new Map<string, string>(Object.entries(PUBLIC_DOCUMENTS).map(([kind, path]) => [path, kind]));

/** The hostname that names a page with its own `domain` (port ignored). */
const pageHost = (req: FastifyRequest): string => (req.hostname ?? '').toLowerCase().replace(/:\d+$/, '');

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
    const pageId = await this.cache.pageIdForDomain(pageHost(req));
    return this.send(req, reply, pageId, kind);
  }

  /**
   * Fast path, called from the onRequest hook: a GET for a document that is
   * already prepared is answered at once, before routing. Anything else
   * (first request after a change, unknown page, HEAD, ...) goes the normal way.
   */
  tryFromMemory(req: FastifyRequest, reply: FastifyReply): boolean {
    if (req.method !== 'GET') return false;
    const url = req.url;
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    let doc: PublicDocument | undefined;
    if (path.startsWith('/status/')) {
      const i = path.indexOf('/', 8);
      const kind = KIND_BY_PATH.get(i === -1 ? '' : path.slice(i + 1));
      if (kind === undefined) return false;
      doc = this.cache.peek('slug', i === -1 ? path.slice(8) : path.slice(8, i), kind);
    } else {
      const kind = KIND_BY_PATH.get(path.slice(1));
      if (kind === undefined) return false;
      doc = this.cache.peek('domain', pageHost(req), kind);
    }
    if (!doc) return false;
    void this.sendDocument(req, reply, doc);
    return true;
  }

  private async send(req: FastifyRequest, reply: FastifyReply, pageId: string | undefined, kind: string): Promise<void> {
    const doc = pageId ? await this.cache.document(pageId, kind) : null;
    if (!doc) {
      reply
        .code(404)
        .header('access-control-allow-origin', '*')
        .header('content-type', 'application/json; charset=utf-8')
        .header('cache-control', 'no-store');
      await reply.send(NOT_FOUND);
      return;
    }
    await this.sendDocument(req, reply, doc);
  }

  private sendDocument(req: FastifyRequest, reply: FastifyReply, doc: PublicDocument): FastifyReply {
    reply.headers({
      'access-control-allow-origin': '*',
      'cache-control': 'public, no-cache',
      etag: doc.etag,
      vary: 'Accept-Encoding',
    });
    if (matches(req.headers['if-none-match'], doc)) return reply.code(304).send();
    reply.header('content-type', doc.contentType);
    const accept = req.headers['accept-encoding'];
    if (doc.gzip && typeof accept === 'string' && accept.includes('gzip')) {
      return reply.header('content-encoding', 'gzip').send(doc.gzip);
    }
    return reply.send(doc.body);
  }
}

function matches(header: string | undefined, doc: PublicDocument): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === doc.etag);
}
