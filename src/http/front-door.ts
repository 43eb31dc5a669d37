import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { PublicResponder } from '../modules/status-pages/public/public-responder.service';
import { RequestIds } from './request-ids';
import { RequestRecorder } from './request-log';

/** Answers a request before the framework when it can; false hands it on. */
export type FrontDoor = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * The front door: prepared public documents (the hot path of a status page
 * under load), written before Fastify sees the request. Not while closing:
 * Fastify then answers 503 and closes connections.
 */
export function createFrontDoor(app: NestFastifyApplication, record: RequestRecorder, requestId: RequestIds): FrontDoor {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const publicDocs = app.get(PublicResponder);
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  return (req, res) => {
    if (closing) return false;
    const start = performance.now();
    let id = '';
    const served = publicDocs.fromMemory(req, res, () => (id = requestId(req)));
    if (!served) return false;
    record('GET', served.route, req.url ?? '', id, served.status, performance.now() - start);
    return true;
  };
}
