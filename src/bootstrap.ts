import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse, STATUS_CODES } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { createRootLogger, PinoNestLogger } from './common/logger';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { registerAdminApp } from './http/admin-app';
import { MetricsService } from './metrics/metrics.service';
import { PublicResponder } from './modules/status-pages/public/public-responder.service';

export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Fastify's default, which it applies only to servers it creates itself. */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Request ids: the caller's `x-request-id` when it is sane, else a per-process
 * random prefix and a counter (unique across processes and restarts, and far
 * cheaper than a UUID per request on the public read path).
 */
function requestIds(): (req: { headers: IncomingMessage['headers'] }) => string {
  const prefix = randomUUID().slice(0, 8);
  let next = 0;
  return (req) => {
    const given = req.headers['x-request-id'];
    if (typeof given === 'string' && REQUEST_ID.test(given)) return given;
    next = next === Number.MAX_SAFE_INTEGER ? 0 : next + 1;
    return `${prefix}-${next.toString(36)}`;
  };
}

/** Builds the HTTP application (API role or all): adapter, pipes, filters, CORS, metrics, OpenAPI. */
export async function createHttpApp(config: AppConfig, options: { logs?: boolean } = {}): Promise<NestFastifyApplication> {
  const logger = createRootLogger(options.logs === false ? 'silent' : config.logLevel);
  const requestId = requestIds();
  // The HTTP server lets the front door answer first (prepared public documents,
  // the hot path of a status page under load), then hands the request to Fastify.
  let frontDoor: FrontDoor | undefined;
  const adapter = new FastifyAdapter({
    serverFactory: (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
      const server = createServer((req, res) => {
        if (frontDoor === undefined || !frontDoor(req, res)) handler(req, res);
      });
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      return server;
    },
    // No logger for Fastify itself: a per-request child logger costs throughput on the
    // public read path. Requests are logged once, in onResponse, by the root logger.
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestId,
    return503OnClosing: true,
    // No Nest middleware is used; without middie no per-request hook runs for it.
    skipMiddie: true,
    // `/status/acme/` is `/status/acme` (as the front door already reads it).
    ignoreTrailingSlash: true,
    // The router's own refusals, in the shape of every other error.
    frameworkErrors: (error: { code?: string; statusCode?: number }, _req: FastifyRequest, reply: FastifyReply) => {
      const status = error.statusCode === 414 ? 414 : 400;
      const message =
        status === 414
          ? 'a path parameter is longer than the router accepts (100 characters)'
          : 'the request path is not validly percent-encoded';
      void reply.code(status).send({ statusCode: status, error: STATUS_CODES[status], message });
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
    // JSON only: Nest would also accept form-encoded bodies. Fastify's own JSON
    // parser (prototype poisoning refused) stays; its text/plain parser goes
    // below, so any other content type is a 415.
    bodyParser: false,
  });
  frontDoor = configureHttpApp(app, config, logger, requestId);
  return app;
}

/** Answers a request before the framework when it can; false hands it on. */
type FrontDoor = (req: IncomingMessage, res: ServerResponse) => boolean;

function configureHttpApp(
  app: NestFastifyApplication,
  config: AppConfig,
  logger: Logger,
  requestId: (req: IncomingMessage) => string,
): FrontDoor {
  const filter = new AllExceptionsFilter();
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(filter);
  app.enableShutdownHooks();

  const adapter = app.getHttpAdapter() as FastifyAdapter;
  const fastify = adapter.getInstance<FastifyInstance>();
  fastify.removeContentTypeParser('text/plain');
  const metrics = app.get(MetricsService);
  const allowedMethods = methodsByPath(fastify);
  registerAdminApp(fastify); // the dashboard at /admin (not in the OpenAPI document)
  const admin = new Set(config.adminCorsOrigins);

  // One latency histogram and one access log for every response, however answered.
  const observers = new Map<string, { observe: (v: number) => void }>();
  const record = (method: string, route: string, url: string, reqId: string, status: number, ms: number): void => {
    const key = `${method} ${route} ${status}`;
    let observer = observers.get(key);
    if (!observer) {
      observer = metrics.httpDuration.labels(method, route, String(status));
      if (observers.size < 5_000) observers.set(key, observer);
    }
    observer.observe(ms / 1000);
    const isPublicRead = method === 'GET' && status < 400 && !url.startsWith('/api/v1');
    const level = status === 503 ? 'warn' : status >= 500 ? 'error' : isPublicRead ? 'debug' : 'info';
    if (logger.isLevelEnabled(level)) {
      logger[level]({ reqId, method, url, status, ms: Math.round(ms * 10) / 10 }, 'request');
    }
  };

  // The front door: prepared public documents, written before Fastify sees the
  // request. Not while closing: Fastify then answers 503 and closes connections.
  const publicDocs = app.get(PublicResponder);
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  const frontDoor: FrontDoor = (req, res) => {
    if (closing) return false;
    const start = performance.now();
    let id = '';
    const served = publicDocs.fromMemory(req, res, () => (id = requestId(req)));
    if (!served) return false;
    record('GET', served.route, req.url ?? '', id, served.status, performance.now() - start);
    return true;
  };

  // Nest's own first onRequest hook: CORS preflights are answered before anything
  // else, then a method the path does not have is a 405 naming the ones it has.
  adapter.setOnRequestHook((req, reply, done) => {
    reply.header('x-request-id', req.id);
    if (req.url.startsWith('/api/v1')) {
      if (adminCors(req, reply)) return; // answered a preflight
    } else if (req.method === 'OPTIONS') {
      // Public routes: any origin may read.
      void reply
        .code(204)
        .headers({
          'access-control-allow-origin': '*',
          'access-control-allow-methods': 'GET, HEAD',
          'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? ''),
          'access-control-max-age': '86400',
        })
        .send();
      return;
    }
    if (req.is404) {
      const allowed = allowedMethods(req.url);
      if (allowed.length && !allowed.includes(req.method)) {
        void reply
          .code(405)
          .header('allow', allowed.join(', '))
          .send({ statusCode: 405, error: 'Method Not Allowed', message: `${req.method} is not allowed here; use ${allowed.join(', ')}` });
        return;
      }
    }
    done();
  });

  // Admin API: only the configured origins, never "*".
  const adminCors = (req: FastifyRequest, reply: FastifyReply): boolean => {
    const origin = req.headers.origin;
    if (typeof origin !== 'string' || !admin.has(origin)) return false;
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

  adapter.setOnResponseHook((req, reply, done) => {
    record(req.method, req.routeOptions?.url ?? 'unmatched', req.url, req.id, reply.statusCode, reply.elapsedTime);
    done();
  });

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', yamlDocumentUrl: 'api/docs-yaml' });
  return frontDoor;
}

/**
 * The methods each route path answers, collected as routes are registered;
 * the returned lookup gives those of a concrete URL (none for an unknown path).
 */
function methodsByPath(fastify: FastifyInstance): (url: string) => string[] {
  const routes: Array<{ pattern: RegExp; methods: string[] }> = [];
  fastify.addHook('onRoute', (route) => {
    const methods = ([] as string[]).concat(route.method).filter((m) => m !== 'OPTIONS');
    const source = route.url
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    const pattern = new RegExp(`^${source}/?$`);
    const known = routes.find((r) => r.pattern.source === pattern.source);
    if (known) known.methods.push(...methods.filter((m) => !known.methods.includes(m)));
    else routes.push({ pattern, methods });
  });
  return (url) => {
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const methods = new Set<string>();
    for (const route of routes) if (route.pattern.test(path)) route.methods.forEach((m) => methods.add(m));
    return [...methods].sort();
  };
}

export function createOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Status pages')
    .setDescription(
      'Self-hostable status-page service. Admin API under /api/v1 (bearer API key); ' +
        'public Statuspage v2-compatible API under /status/{slug} (no auth).',
    )
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'ADMIN_API_KEY or a page-scoped key' })
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
  });
}
