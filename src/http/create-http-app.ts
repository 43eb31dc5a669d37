import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AppModule } from '../app.module';
import { createRootLogger, PinoNestLogger } from '../common/logger';
import { createValidationPipe } from '../common/validation';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { registerAdminApp } from './admin-app';
import { adminCors, answerPublicPreflight } from './cors';
import { errorBody } from './error-body';
import { registerFormBodies } from './form-bodies';
import { createFrontDoor, FrontDoor } from './front-door';
import { answerMethodNotAllowed, methodsByPath } from './method-not-allowed';
import { createOpenApiDocument } from './openapi-document';
import { requestIds } from './request-ids';
import { requestRecorder } from './request-log';

export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Fastify's default, which it applies only to servers it creates itself. */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

/** Builds the HTTP application (API role or all): server, adapter, pipes, filters, CORS, metrics, OpenAPI. */
export async function createHttpApp(config: AppConfig, options: { logs?: boolean } = {}): Promise<NestFastifyApplication> {
  const logger = createRootLogger(options.logs === false ? 'silent' : config.logLevel);
  const requestId = requestIds();
  // The HTTP server lets the front door answer first, then hands the request to Fastify.
  let frontDoor: FrontDoor | undefined;
  const adapter = new FastifyAdapter({
    serverFactory: (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
      // Slow clients are cut off: headers and body must arrive within the request
      // timeout (408), checked every second; connections are capped per process.
      const server = createServer(
        {
          requestTimeout: config.httpRequestTimeoutMs,
          headersTimeout: config.httpRequestTimeoutMs,
          connectionsCheckingInterval: 1_000,
        },
        (req, res) => {
          if (frontDoor === undefined || !frontDoor(req, res)) handler(req, res);
        },
      );
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      server.maxConnections = config.httpMaxConnections;
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
    routerOptions: { ignoreTrailingSlash: true },
    // The router's own refusals, in the shape of every other error.
    frameworkErrors: (error: { code?: string; statusCode?: number }, _req: FastifyRequest, reply: FastifyReply) => {
      const status = error.statusCode === 414 ? 414 : 400;
      const message =
        status === 414
          ? 'a path parameter is longer than the router accepts (100 characters)'
          : 'the request path is not validly percent-encoded';
      void reply.code(status).send(errorBody(status, message));
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRole(config), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
    // JSON only: Nest would also accept form-encoded bodies everywhere. Fastify's
    // own JSON parser (prototype poisoning refused) stays; its text/plain parser
    // goes below, and form bodies are parsed on the public subscription routes
    // only (form-bodies.ts), so any other content type is a 415.
    bodyParser: false,
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  fastify.removeContentTypeParser('text/plain');
  registerFormBodies(fastify); // HTML form posts, on the public subscription routes only
  const record = requestRecorder(app.get(MetricsService), logger);
  const allowedMethods = methodsByPath(fastify);
  registerAdminApp(fastify); // the dashboard at /admin (not in the OpenAPI document)
  const corsForAdmin = adminCors(new Set(config.adminCorsOrigins));

  // Nest's own first onRequest hook: CORS preflights are answered before anything
  // else, then a method the path does not have is a 405 naming the ones it has.
  adapter.setOnRequestHook((req, reply, done) => {
    reply.header('x-request-id', req.id);
    if (req.url.startsWith('/api/v1')) {
      if (corsForAdmin(req, reply)) return; // answered a preflight
    } else if (req.method === 'OPTIONS') {
      answerPublicPreflight(req, reply);
      return;
    }
    if (req.is404) {
      const allowed = allowedMethods(req.url);
      if (allowed.length && !allowed.includes(req.method)) {
        answerMethodNotAllowed(reply, req.method, allowed);
        return;
      }
    }
    done();
  });
  adapter.setOnResponseHook((req, reply, done) => {
    record(req.method, req.routeOptions?.url ?? 'unmatched', req.url, req.id, reply.statusCode, reply.elapsedTime);
    done();
  });

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', yamlDocumentUrl: 'api/docs-yaml' });
  frontDoor = createFrontDoor(app, record, requestId);
  return app;
}
