import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../../config/app-config';
import { clientAddress } from '../../../http/client-address';
import { PUBLIC_HTML_CSP } from '../../status-pages/public/html/page-shell';
import { ManageSubscriptionDto, SubscribeDto, SubscriberResponseDto } from '../dto/subscriber.dto';
import {
  acceptedPage,
  confirmedPage,
  confirmPage,
  managePage,
  unsubscribedPage,
  unsubscribePage,
} from './subscription-pages.html';
import { PageAddress, SubscriptionPage, SubscriptionsService } from './subscriptions.service';

/** Headers of every HTML answer: the public pages' CSP, no sniffing, no caching, and no token in a Referer. */
export const SUBSCRIPTION_HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': PUBLIC_HTML_CSP,
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
} as const;

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'access-control-allow-origin': '*',
} as const;

/** The page a request was answered for (so that an error page can show it). */
const pages = new WeakMap<object, SubscriptionPage>();
export const pageOfRequest = (req: object): SubscriptionPage | undefined => pages.get(req);

/**
 * HTML for a browser (Accept names text/html and the body is not JSON);
 * JSON for everyone else, including clients that ask for JSON or send it.
 */
export function wantsHtml(req: Pick<FastifyRequest, 'headers'>): boolean {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('json')) return false;
  const accept = String(req.headers.accept ?? '').toLowerCase();
  return accept.includes('text/html');
}

const MESSAGE = 'Check your inbox: if the address is not subscribed yet, we sent it a link to confirm the subscription.';

/**
 * The public subscription routes, by slug or on a page's own domain: finds
 * the page, calls SubscriptionsService, and answers in HTML or JSON.
 */
@Injectable()
export class SubscriptionResponder {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly config: AppConfig,
  ) {}

  async subscribe(req: FastifyRequest, reply: FastifyReply, address: PageAddress, dto: SubscribeDto): Promise<void> {
    const page = await this.page(req, address, 'subscribe');
    await this.subscriptions.subscribe(page, clientAddress(req.raw, this.config.trustProxy), dto);
    if (wantsHtml(req)) return this.html(reply, 202, acceptedPage(page));
    return this.json(reply, 202, { message: MESSAGE });
  }

  async showConfirm(req: FastifyRequest, reply: FastifyReply, address: PageAddress, token: unknown): Promise<void> {
    const page = await this.page(req, address, 'subscribe');
    const subscriber = await this.subscriptions.byToken(page, 'confirm', tokenOf(token));
    return this.show(req, reply, page, subscriber, (view) => confirmPage(page, view, pathOf(req), tokenOf(token)!));
  }

  async confirm(req: FastifyRequest, reply: FastifyReply, address: PageAddress, token: unknown): Promise<void> {
    const page = await this.page(req, address, 'subscribe');
    const subscriber = await this.subscriptions.confirm(page, tokenOf(token));
    return this.show(req, reply, page, subscriber, (view) => confirmedPage(page, view));
  }

  async showManage(req: FastifyRequest, reply: FastifyReply, address: PageAddress, token: unknown): Promise<void> {
    const page = await this.page(req, address, 'manage');
    const subscriber = await this.subscriptions.byToken(page, 'manage', tokenOf(token));
    return this.show(req, reply, page, subscriber, (view) => managePage(page, view, pathOf(req), tokenOf(token)!));
  }

  async manage(req: FastifyRequest, reply: FastifyReply, address: PageAddress, token: unknown, dto: ManageSubscriptionDto): Promise<void> {
    const page = await this.page(req, address, 'manage');
    const subscriber = await this.subscriptions.manage(page, tokenOf(token), dto);
    return this.show(req, reply, page, subscriber, (view) =>
      view.state === 'unsubscribed' ? unsubscribedPage(page, view) : managePage(page, view, pathOf(req), tokenOf(token)!, true),
    );
  }

  async showUnsubscribe(req: FastifyRequest, reply: FastifyReply, address: PageAddress, token: unknown): Promise<void> {
    const page = await this.page(req, address, 'manage');
    const subscriber = await this.subscriptions.byToken(page, 'unsubscribe', tokenOf(token));
    return this.show(req, reply, page, subscriber, (view) => unsubscribePage(page, view, pathOf(req), tokenOf(token)!));
  }

  async unsubscribe(req: FastifyRequest, reply: FastifyReply, address: PageAddress, token: unknown): Promise<void> {
    const page = await this.page(req, address, 'manage');
    const subscriber = await this.subscriptions.unsubscribe(page, tokenOf(token));
    return this.show(req, reply, page, subscriber, (view) => unsubscribedPage(page, view));
  }

  private async page(req: FastifyRequest, address: PageAddress, purpose: 'subscribe' | 'manage'): Promise<SubscriptionPage> {
    const page = await this.subscriptions.page(address, purpose);
    pages.set(req, page);
    return page;
  }

  private async show(
    req: FastifyRequest,
    reply: FastifyReply,
    page: SubscriptionPage,
    subscriber: SubscriberResponseDto,
    render: (view: Awaited<ReturnType<SubscriptionsService['view']>>) => string,
  ): Promise<void> {
    const view = await this.subscriptions.view(page, subscriber);
    if (wantsHtml(req)) return this.html(reply, 200, render(view));
    return this.json(reply, 200, view);
  }

  private async html(reply: FastifyReply, status: number, body: string): Promise<void> {
    await reply.code(status).headers(SUBSCRIPTION_HTML_HEADERS).send(body);
  }

  private async json(reply: FastifyReply, status: number, body: unknown): Promise<void> {
    await reply.code(status).headers(JSON_HEADERS).send(JSON.stringify(body));
  }
}

/** The token query parameter, if it is one string. */
function tokenOf(token: unknown): string | undefined {
  return typeof token === 'string' ? token : undefined;
}

/** The request's path without its query (where the page's form posts back to). */
function pathOf(req: FastifyRequest): string {
  const q = req.url.indexOf('?');
  return q === -1 ? req.url : req.url.slice(0, q);
}
