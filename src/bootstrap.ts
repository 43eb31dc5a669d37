import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { LogController } from 'fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { createRootLogger, PinoNestLogger } from './common/logger';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { MetricsService } from './metrics/metrics.service';

export const BODY_LIMIT_BYTES = 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the HTTP application (API role or all): adapter, pipes, filters, CORS, metrics, OpenAPI. */
export async function createHttpApp(config: AppConfig, options: { logs?: boolean } = {}): Promise<NestFastifyApplication> {
  const logger = createRootLogger(options.logs === false ? 'silent' : config.logLevel);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    allowErrorHandlerOverride: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
  });
  configureHttpApp(app, config);
  return app;
}

export function configureHttpApp(app: NestFastifyApplication, config: AppConfig): void {
  const filter = new AllExceptionsFilter();
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(filter);
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(MetricsService);
  const admin = new Set(config.adminCorsOrigins);

  // Errors raised by Fastify before Nest sees the request (bad JSON, body too large, wrong type).
  fastify.setErrorHandler((err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const body = filter.toBody(err, req);
    if (body.statusCode >= 500) req.log.error({ err }, 'unhandled error');
    void reply.status(body.statusCode).send(body);
  });

  fastify.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done();
  });

  fastify.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions?.url ?? 'unmatched';
    const status = reply.statusCode;
    metrics.httpDuration.observe({ method: req.method, route, status: String(status) }, reply.elapsedTime / 1000);
    const isPublicRead = req.method === 'GET' && !req.url.startsWith('/api/v1') && status < 400;
    const line = { reqId: req.id, method: req.method, url: req.url, status, ms: Math.round(reply.elapsedTime * 10) / 10 };
    if (status >= 500) req.log.error(line, 'request failed');
    else if (isPublicRead) req.log.debug(line, 'request');
    else req.log.info(line, 'request');
    done();
  });

  // Public routes: any origin may read. Admin API: only the configured origins, never "*".
  app.enableCors({
    delegator: (req, cb) => {
    const url = req.url ?? '';
    if (url.startsWith('/api/v1')) {
      const origin = req.headers.origin;
      cb(null, {
        origin: typeof origin === 'string' && admin.has(origin) ? origin : false,
        methods: ['GET', 'POST', 'PATCH', 'DELETE'],
        allowedHeaders: ['Authorization', 'Content-Type'],
        maxAge: 600,
      });
      return;
    }
    cb(null, { origin: '*', methods: ['GET', 'HEAD'] });
    },
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
