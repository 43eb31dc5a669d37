import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AllExceptionsFilter } from '../../../http/all-exceptions.filter';
import { problemPage } from './subscription-pages.html';
import { pageOfRequest, SUBSCRIPTION_HTML_HEADERS, wantsHtml } from './subscription-responder';
import { SubscriptionPage, SubscriptionsService, TooManyRequestsError } from './subscriptions.service';

const TITLES: Record<number, string> = {
  400: 'Please check the form',
  404: 'This link does not work',
  409: 'This cannot be done now',
  429: 'Too many requests',
};

/**
 * Errors of the public subscription routes: a 429 carries Retry-After; a
 * browser gets the error as a page in the status page's look (same status);
 * everyone else the usual JSON body, from the global filter.
 */
@Catch()
@Injectable()
export class SubscriptionErrorsFilter implements ExceptionFilter {
  private readonly json = new AllExceptionsFilter();

  constructor(private readonly subscriptions: SubscriptionsService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    if (exception instanceof TooManyRequestsError) void reply.header('retry-after', String(exception.retryAfterSeconds));
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    // JSON unless a browser asked; and a 404 before the page was found is the page itself missing.
    if (status >= 500 || !wantsHtml(req) || (status === 404 && !pageOfRequest(req))) {
      this.json.catch(exception, host);
      return;
    }
    void this.page(req).then((page) => {
      if (!page) return this.json.catch(exception, host);
      const body = this.json.toBody(exception, req);
      const messages = Array.isArray(body.message) ? body.message : [body.message];
      void reply.code(body.statusCode).headers(SUBSCRIPTION_HTML_HEADERS).send(problemPage(page, TITLES[body.statusCode] ?? body.error, messages));
    });
  }

  /** The page the request is for (found before the error, or now: a 400 comes before the handler). */
  private async page(req: FastifyRequest): Promise<SubscriptionPage | undefined> {
    const known = pageOfRequest(req);
    if (known) return known;
    const slug = (req.params as { slug?: string } | undefined)?.slug;
    try {
      return await this.subscriptions.page(slug !== undefined ? { slug } : { host: req.hostname }, 'manage');
    } catch {
      return undefined;
    }
  }
}
