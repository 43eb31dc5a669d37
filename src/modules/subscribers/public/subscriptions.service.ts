import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ResourceNotFoundError } from '../../../common/errors';
import { Page } from '../../../generated/prisma/client';
import { errorBody } from '../../../http/error-body';
import { ComponentsService } from '../../status-pages/components.service';
import { PagesService } from '../../status-pages/pages.service';
import { ManageSubscriptionDto, SubscribeDto, SubscriberResponseDto, SubscriptionResponseDto } from '../dto/subscriber.dto';
import { RateLimit, RateLimiterService } from '../rate-limiter.service';
import { SubscribersService } from '../subscribers.service';
import { SubscriptionNotifier, TokenPurpose } from '../subscription-notifier';

/** At most 10 subscribe requests per client address per hour. */
export const SUBSCRIBES_PER_CLIENT: RateLimit = { name: 'subscribe-client', limit: 10, windowMs: 3_600_000 };
/** At most 3 confirmation emails per email address per day (whatever the page). */
export const CONFIRMATIONS_PER_ADDRESS: RateLimit = { name: 'confirm-address', limit: 3, windowMs: 86_400_000 };

/** A 429 with the seconds to wait (the controller turns it into Retry-After). */
export class TooManyRequestsError extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(errorBody(HttpStatus.TOO_MANY_REQUESTS, message), HttpStatus.TOO_MANY_REQUESTS);
  }
}

/** Where a public request names its page: `/status/{slug}/...`, or the page's own domain. */
export type PageAddress = { slug: string } | { host: string };

/** What the public routes need of a page. */
export type SubscriptionPage = Pick<Page, 'id' | 'name' | 'slug' | 'domain' | 'timeZone' | 'description'> & { publicUrl: string };

/**
 * The public side of subscriptions: subscribing from the status page (rate
 * limited, and answering the same whether or not the address is known), and
 * what the links in the emails do (confirm, manage, unsubscribe).
 *
 * Subscribing an address that is already on the page: pending → another
 * confirmation email (counted in the daily limit); unsubscribed → pending
 * again with a confirmation email; active → nothing is sent and nothing
 * changes. Every accepted request counts against the address's daily limit,
 * whatever its state, so the answers (202, then 429) are the same for known
 * and unknown addresses.
 */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly pages: PagesService,
    private readonly components: ComponentsService,
    private readonly subscribers: SubscribersService,
    private readonly notifier: SubscriptionNotifier,
    private readonly limiter: RateLimiterService,
  ) {}

  /**
   * The page of a public subscription route, or a 404: it must be public, and
   * for subscribing and confirming also accept subscribers with email
   * configured. Managing and unsubscribing work as long as the page is public.
   */
  async page(address: PageAddress, purpose: 'subscribe' | 'manage'): Promise<SubscriptionPage> {
    const page = await this.pages.findPublic(address);
    if (!page) throw new ResourceNotFoundError('status page');
    if (purpose === 'subscribe' && !this.canSubscribe(page)) {
      throw new ResourceNotFoundError('email subscriptions on this page');
    }
    return { id: page.id, name: page.name, slug: page.slug, domain: page.domain, timeZone: page.timeZone, description: page.description, publicUrl: this.pages.publicUrl(page) };
  }

  /** Whether the public page shows the subscribe form. */
  canSubscribe(page: Pick<Page, 'allowSubscribers' | 'isPublic'>): boolean {
    return page.isPublic && page.allowSubscribers && this.subscribers.emailConfigured;
  }

  /** A public subscribe: validated, rate limited, then the same answer whatever the address's state. */
  async subscribe(page: SubscriptionPage, client: string, dto: SubscribeDto): Promise<void> {
    const componentIds = await this.subscribers.checkedComponents(page.id, dto.componentIds);
    await this.limit(SUBSCRIBES_PER_CLIENT, client, 'too many subscribe requests from this address; try again later');
    const email = dto.email.toLowerCase();
    await this.limit(CONFIRMATIONS_PER_ADDRESS, email, 'too many confirmation emails to this address today; try again later');
    const known = await this.subscribers.findByEmail(page.id, email);
    let pending: SubscriberResponseDto | null = null;
    if (!known) pending = await this.subscribers.createPending(page.id, email, componentIds);
    else if (known.state === 'pending') pending = await this.subscribers.follow(known.id, componentIds);
    else if (known.state === 'unsubscribed') pending = await this.subscribers.resubscribe(known.id, componentIds);
    if (pending?.state === 'pending') await this.subscribers.requestConfirmation(pending);
  }

  /** The subscription a token from an email names, on this page; 404 for an unknown or expired token. */
  async byToken(page: SubscriptionPage, purpose: TokenPurpose, token: string | undefined): Promise<SubscriberResponseDto> {
    const id = token && /^[A-Za-z0-9_-]{1,200}$/.test(token) ? await this.notifier.subscriberForToken(purpose, token) : null;
    const subscriber = id ? await this.subscribers.lookup(id) : null;
    if (!subscriber || subscriber.pageId !== page.id) throw new ResourceNotFoundError('subscription (the link is wrong or has expired)');
    return subscriber;
  }

  async confirm(page: SubscriptionPage, token: string | undefined): Promise<SubscriberResponseDto> {
    const subscriber = await this.byToken(page, 'confirm', token);
    return this.subscribers.confirm(subscriber.id);
  }

  async manage(page: SubscriptionPage, token: string | undefined, dto: ManageSubscriptionDto): Promise<SubscriberResponseDto> {
    const subscriber = await this.byToken(page, 'manage', token);
    if (dto.action === 'unsubscribe') return this.subscribers.unsubscribe(subscriber.id);
    return this.subscribers.follow(subscriber.id, dto.componentIds);
  }

  async unsubscribe(page: SubscriptionPage, token: string | undefined): Promise<SubscriberResponseDto> {
    const subscriber = await this.byToken(page, 'unsubscribe', token);
    return this.subscribers.unsubscribe(subscriber.id);
  }

  /** The subscription as its owner sees it, with the page's components to choose from. */
  async view(page: SubscriptionPage, subscriber: SubscriberResponseDto): Promise<SubscriptionResponseDto> {
    const followed = new Set(subscriber.componentIds);
    const components = await this.components.allOfPage(page.id);
    return {
      email: subscriber.email,
      state: subscriber.state,
      pageName: page.name,
      componentIds: subscriber.componentIds,
      components: components.map((c) => ({ id: c.id, name: c.name, followed: followed.has(c.id) })),
    };
  }

  private async limit(limit: RateLimit, key: string, message: string): Promise<void> {
    const decision = await this.limiter.hit(limit, key);
    if (!decision.allowed) throw new TooManyRequestsError(decision.retryAfterSeconds, message);
  }
}
