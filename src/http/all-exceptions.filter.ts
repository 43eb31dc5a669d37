import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Prisma } from '../generated/prisma/client';
import { ErrorBody, errorBody } from './error-body';

/**
 * The one place that turns any thrown thing into `{statusCode, error, message}`.
 * Prisma's unique violation becomes 409 and "record not found" 404 here; errors
 * raised by Fastify itself (malformed JSON, body too large, wrong content type)
 * keep their 4xx status. Anything else is a 500 that shows no internals and is
 * logged with the request id.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionsFilter');
  private last503Log = 0;

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const body = this.toBody(exception, request);
    if (body.statusCode === 503) {
      // Expected while a dependency is down: one line now and then, not one per request.
      const now = Date.now();
      if (now - this.last503Log >= LOG_503_EVERY_MS) {
        this.last503Log = now;
        this.logger.warn(`503 on ${request?.method} ${request?.url}: ${String(body.message)} (logged once per ${LOG_503_EVERY_MS / 1000} s)`);
      }
    } else if (body.statusCode >= 500) {
      this.logger.error(
        { err: exception, reqId: request?.id, url: request?.url },
        `unhandled error on ${request?.method} ${request?.url}`,
      );
    }
    if (body.statusCode === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  toBody(exception: unknown, request?: FastifyRequest): ErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse();
      if (typeof res === 'object' && res !== null) {
        const r = res as Record<string, unknown>;
        return errorBody(status, (r.message as string | string[]) ?? exception.message, typeof r.error === 'string' ? r.error : undefined);
      }
      return errorBody(status, String(res));
    }
    if (databaseUnavailable(exception)) return DATABASE_UNAVAILABLE;
    if (exception instanceof Prisma.PrismaClientKnownRequestError) {
      return this.fromPrisma(exception);
    }
    const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
    if (
      fastifyError &&
      typeof fastifyError.statusCode === 'number' &&
      fastifyError.statusCode >= 400 &&
      fastifyError.statusCode < 500
    ) {
      return errorBody(fastifyError.statusCode, friendlyFastifyMessage(fastifyError));
    }
    void request;
    return errorBody(500, 'internal error');
  }

  private fromPrisma(err: Prisma.PrismaClientKnownRequestError): ErrorBody {
    switch (err.code) {
      case 'P2002': {
        const target = (err.meta?.target as string[] | string | undefined) ?? uniqueFields(err);
        const fields = Array.isArray(target) ? target.join(', ') : target;
        return errorBody(409, `${fields || 'a unique field'} is already taken`);
      }
      case 'P2025':
      case 'P2001':
        return errorBody(404, 'resource not found');
      case 'P2003':
        return errorBody(409, 'a referenced resource does not exist or is in use');
      default:
        return errorBody(500, 'internal error');
    }
  }
}

const RETRY_AFTER_SECONDS = 5;
const LOG_503_EVERY_MS = 30_000;
const DATABASE_UNAVAILABLE: ErrorBody = errorBody(503, 'the database is unavailable; try again shortly');
/** Prisma's codes for an unreachable, timed-out or vanished database, or an exhausted pool. */
const PRISMA_UNAVAILABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** The same from node-postgres and the socket: refused, reset, timed out, shutting down, cannot connect now. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

/** Whether the error says PostgreSQL cannot be reached now (a 503 with Retry-After, not a 500). */
function databaseUnavailable(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientInitializationError) return true;
  if (err instanceof Prisma.PrismaClientKnownRequestError) return PRISMA_UNAVAILABLE.has(err.code);
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  return CONNECTION_CODES.has(String(e?.code)) || CONNECTION_CODES.has(String(e?.cause?.code));
}

function uniqueFields(err: Prisma.PrismaClientKnownRequestError): string | undefined {
  const cause = (
    err.meta as
      | { driverAdapterError?: { cause?: { table?: string; constraint?: { fields?: string[]; index?: string } } } }
      | undefined
  )?.driverAdapterError?.cause;
  const fields = cause?.constraint?.fields?.map((f) => f.replace(/"/g, ''));
  if (fields?.length) return fields.join(', ');
  const index = cause?.constraint?.index;
  if (!index) return undefined;
  // PostgreSQL names unique indexes "<table>_<column>_key"; report the column in camelCase.
  const column = index.replace(new RegExp(`^${cause?.table ?? ''}_`), '').replace(/_key$/, '');
  return column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function friendlyFastifyMessage(err: { code?: string; message?: string }): string {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'request body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported content type: send application/json';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'body is empty but content-type is application/json';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'body is not valid JSON';
    default:
      if (err.message && /JSON/i.test(err.message)) return `body is not valid JSON: ${err.message}`;
      return err.message ?? 'bad request';
  }
}

