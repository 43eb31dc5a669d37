import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { errorBody } from '../../../http/error-body';
import { PUBLIC_HTML_CSP } from './html/page-shell';
import { NO_SUCH_VARIANT, PublicCacheService } from './public-cache.service';
import type { PublicDocument } from './prepared-document';
import {
  documentKey,
  PUBLIC_DOCUMENT_KINDS,
  PUBLIC_DOCUMENTS,
  PublicDocumentKind as Kind,
  publicRoutePath,
  requestedVariant,
  variantOf,
} from './public-documents';

/** Path after `/status/{slug}/` (or after `/` on a page's domain) → document kind. */
const KIND_BY_PATH = new Map<string, Kind>(PUBLIC_DOCUMENT_KINDS.map((kind) => [PUBLIC_DOCUMENTS[kind].path, kind]));

/** Route labels (for metrics and logs) of each kind, by slug and on a page's domain. */
const ROUTE = {
  slug: Object.fromEntries(PUBLIC_DOCUMENT_KINDS.map((k) => [k, publicRoutePath('slug', k)])),
  domain: Object.fromEntries(PUBLIC_DOCUMENT_KINDS.map((k) => [k, publicRoutePath('domain', k)])),
} as Record<'slug' | 'domain', Record<Kind, string>>;

/** The hostname that names a page with its own `domain` (port ignored). */
const hostOf = (host: string | undefined): string => (host ?? '').toLowerCase().replace(/:\d+$/, '');

const NOT_FOUND = JSON.stringify(errorBody(404, 'status page not found'));

/** What to answer for a prepared document, given the request's validators and encodings. */
interface Answer {
  status: 200 | 304;
  headers: Record<string, string | number>;
  body?: Buffer;
}

/** A public document answered from memory, for the caller's metrics and logs. */
export interface ServedFromMemory {
  route: string;
  status: number;
}

/** Sends a prepared public document: CORS *, ETag/304, Cache-Control, gzip when accepted. */
@Injectable()
export class PublicResponder {
  constructor(private readonly cache: PublicCacheService) {}

  async bySlug(req: FastifyRequest, reply: FastifyReply, kind: Kind): Promise<void> {
    const slug = (req.params as { slug?: string }).slug ?? '';
    const pageId = await this.cache.pageIdForSlug(slug);
    return this.send(req, reply, pageId, kind);
  }

  async byHost(req: FastifyRequest, reply: FastifyReply, kind: Kind): Promise<void> {
    const pageId = await this.cache.pageIdForDomain(hostOf(req.hostname));
    return this.send(req, reply, pageId, kind);
  }

  /**
   * The front door, called by the HTTP server before the framework: a GET for
   * a document that is already prepared is written straight to the socket.
   * Anything else (first request after a change, unknown page, HEAD, an
   * encoded path, ...) returns undefined and takes the normal way, through
   * the controllers, which build the snapshot once for all waiting requests.
   */
  fromMemory(req: IncomingMessage, res: ServerResponse, requestId: () => string): ServedFromMemory | undefined {
    if (req.method !== 'GET') return undefined;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    let by: 'slug' | 'domain';
    let kind: Kind | undefined;
    let doc: PublicDocument | undefined;
    let key: string | undefined;
    if (path.startsWith('/status/')) {
      const i = path.indexOf('/', 8);
      by = 'slug';
      kind = KIND_BY_PATH.get(i === -1 ? '' : path.slice(i + 1));
      key = kind && docKeyOf(kind, url, q);
      if (kind === undefined || key === undefined) return undefined;
      doc = this.cache.peek(by, i === -1 ? path.slice(8) : path.slice(8, i), key);
    } else {
      by = 'domain';
      kind = KIND_BY_PATH.get(path.slice(1));
      key = kind && docKeyOf(kind, url, q);
      if (kind === undefined || key === undefined) return undefined;
      doc = this.cache.peek(by, hostOf(req.headers.host), key);
    }
    if (!doc) return undefined;
    const answer = negotiate(doc, req.headers);
    answer.headers['x-request-id'] = requestId();
    if (answer.body) answer.headers['content-length'] = answer.body.length;
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
    return { route: ROUTE[by][kind], status: answer.status };
  }

  private async send(req: FastifyRequest, reply: FastifyReply, pageId: string | undefined, kind: Kind): Promise<void> {
    const q = req.url.indexOf('?');
    const variant = q === -1 ? {} : requestedVariant(kind, req.url.slice(q + 1));
    if (variant.error) return this.fail(reply, 400, JSON.stringify(errorBody(400, [variant.error])));
    const doc = !pageId
      ? null
      : variant.value === undefined
        ? await this.cache.document(pageId, kind)
        : await this.cache.variant(pageId, kind, variant.value);
    if (doc === NO_SUCH_VARIANT) {
      const message = `${variantOf(kind)?.param} ${variant.value} is not on this page`;
      return this.fail(reply, 404, JSON.stringify(errorBody(404, message)));
    }
    if (!doc) return this.fail(reply, 404, NOT_FOUND);
    const answer = negotiate(doc, req.headers);
    await reply.code(answer.status).headers(answer.headers).send(answer.body);
  }

  private async fail(reply: FastifyReply, status: 400 | 404, body: string): Promise<void> {
    reply
      .code(status)
      .header('access-control-allow-origin', '*')
      .header('content-type', 'application/json; charset=utf-8')
      .header('cache-control', 'no-store');
    await reply.send(body);
  }
}

/**
 * The snapshot key the front door may answer for (`calendar:<component>` for
 * `maintenances.ics?component=`), or undefined when the request must take the
 * normal way (a malformed variant gets its 400 there). Other documents ignore
 * the query string.
 */
function docKeyOf(kind: Kind, url: string, q: number): string | undefined {
  if (q === -1 || !variantOf(kind)) return kind;
  const variant = requestedVariant(kind, url.slice(q + 1));
  return variant.error ? undefined : documentKey(kind, variant.value);
}

function negotiate(doc: PublicDocument, request: IncomingHttpHeaders): Answer {
  const headers: Record<string, string | number> = {
    'access-control-allow-origin': '*',
    'cache-control': 'public, no-cache',
    etag: doc.etag,
    vary: 'Accept-Encoding',
    'x-content-type-options': 'nosniff',
  };
  if (doc.contentType.startsWith('text/html')) headers['content-security-policy'] = PUBLIC_HTML_CSP;
  if (matches(request['if-none-match'], doc)) return { status: 304, headers };
  headers['content-type'] = doc.contentType;
  const accept = request['accept-encoding'];
  if (doc.gzip && typeof accept === 'string' && accept.includes('gzip')) {
    headers['content-encoding'] = 'gzip';
    return { status: 200, headers, body: doc.gzip };
  }
  return { status: 200, headers, body: doc.body };
}

function matches(header: string | undefined, doc: PublicDocument): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === doc.etag);
}
