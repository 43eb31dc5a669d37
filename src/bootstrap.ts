import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { createRootLogger, PinoNestLogger } from './common/logger';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { MetricsService } from './metrics/metrics.service';
import { PublicResponder } from './modules/status-pages/public/public-responder.service';

export const BODY_LIMIT_BYTES = 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the HTTP application (API role or all): adapter, pipes, filters, CORS, metrics, OpenAPI. */
export async function createHttpApp(config: AppConfig, options: { logs?: boolean } = {}): Promise<NestFastifyApplication> {
  const logger = createRootLogger(options.logs === false ? 'silent' : config.logLevel);
  const adapter = new FastifyAdapter({
    // No logger for Fastify itself: a per-request child logger costs throughput on the
    // public read path. Requests are logged once, in onResponse, by the root logger.
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
  });
  configureHttpApp(app, config, logger);
  return app;
}

export function configureHttpApp(app: NestFastifyApplication, config: AppConfig, logger: Logger): void {
  const filter = new AllExceptionsFilter();
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(filter);
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(MetricsService);
  const admin = new Set(config.adminCorsOrigins);

  const publicDocs = app.get(PublicResponder);
  fastify.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    if (publicDocs.tryFromMemory(req, reply)) return; // a prepared public document, answered at once
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

  const observers = new Map<string, { observe: (v: number) => void }>();
  fastify.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions?.url ?? 'unmatched';
    const status = reply.statusCode;
    const key = `${req.method} ${route} ${status}`;
    let observer = observers.get(key);
    if (!observer) {
      observer = metrics.httpDuration.labels(req.method, route, String(status));
      if (observers.size < 5_000) observers.set(key, observer);
    }
    observer.observe(reply.elapsedTime / 1000);
    const isPublicRead = req.method === 'GET' && status < 400 && !req.url.startsWith('/api/v1');
    const level = status >= 500 ? 'error' : isPublicRead ? 'debug' : 'info';
    if (logger.isLevelEnabled(level)) {
      const line = { reqId: req.id, method: req.method, url: req.url, status, ms: Math.round(reply.elapsedTime * 10) / 10 };
      logger[level](line, 'request');
    }
    done();
  });

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', yamlDocumentUrl: 'api/docs-yaml' });
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
