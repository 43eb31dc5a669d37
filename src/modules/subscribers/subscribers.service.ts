import { ConflictException, Injectable } from '@nestjs/common';
import { InvalidTransitionError, ResourceNotFoundError } from '../../common/errors';
import { paginate, Paginated } from '../../common/pagination';
import { toIso } from '../../common/validators';
import { AppConfig } from '../../config/app-config';
import { AppEventName } from '../../events/app-events';
import { EventBus } from '../../events/event-bus';
import { ComponentsService } from '../status-pages/components.service';
import { CreateSubscriberDto, ListSubscribersQueryDto, SubscriberResponseDto } from './dto/subscriber.dto';
import { SubscribersRepository, SubscriberWithComponents } from './subscribers.repository';
import { SubscriptionNotifier } from './subscription-notifier';

/** Without SMTP_URL nothing can be confirmed by email. */
export const EMAIL_NOT_CONFIGURED =
  'email is not configured on this service (SMTP_URL is unset): only skipConfirmation subscribers can be added';

/**
 * A page's subscribers and their states (pending → active → unsubscribed):
 * the admin API and the public flow both change them here, and each change
 * is announced (subscriber.created / .confirmed / .unsubscribed).
 */
@Injectable()
export class SubscribersService {
  constructor(
    private readonly repo: SubscribersRepository,
    private readonly components: ComponentsService,
    private readonly notifier: SubscriptionNotifier,
    private readonly events: EventBus,
    private readonly config: AppConfig,
  ) {}

  /** Whether confirmation emails can be sent at all (SMTP_URL is set). */
  get emailConfigured(): boolean {
    return this.config.smtpUrl !== undefined;
  }

  async list(pageId: string, query: ListSubscribersQueryDto): Promise<Paginated<SubscriberResponseDto>> {
    return paginate(query, (skip, take) => this.repo.list(pageId, query.state, skip, take), toSubscriberDto);
  }

  async get(pageId: string, subscriberId: string): Promise<SubscriberResponseDto> {
    return toSubscriberDto(await this.find(pageId, subscriberId));
  }

  /** The subscriber (any page), or null. */
  async lookup(subscriberId: string): Promise<SubscriberResponseDto | null> {
    const s = await this.repo.findById(subscriberId);
    return s && toSubscriberDto(s);
  }

  async findByEmail(pageId: string, email: string): Promise<SubscriberResponseDto | null> {
    const s = await this.repo.findByEmail(pageId, email.toLowerCase());
    return s && toSubscriberDto(s);
  }

  /** Admin: active at once with skipConfirmation; otherwise pending, with a confirmation email. */
  async create(pageId: string, dto: CreateSubscriberDto): Promise<SubscriberResponseDto> {
    const componentIds = await this.checkedComponents(pageId, dto.componentIds);
    if (!dto.skipConfirmation && !this.emailConfigured) throw new ConflictException(EMAIL_NOT_CONFIGURED);
    const email = dto.email.toLowerCase();
    if (await this.repo.findByEmail(pageId, email)) throw new ConflictException(`${email} is already subscribed to this page`);
    const active = dto.skipConfirmation === true;
    const subscriber = await this.repo.create({
      pageId,
      email,
      state: active ? 'active' : 'pending',
      confirmedAt: active ? new Date() : null,
      componentIds,
    });
    if (!active) await this.notifier.requestConfirmation(subscriber);
    return this.announce('subscriber.created', subscriber);
  }

  /**
   * Public: a new pending subscriber (no email sent here: the caller decides,
   * after its rate limits). Null if the address is already on the page.
   */
  async createPending(pageId: string, email: string, componentIds: string[]): Promise<SubscriberResponseDto | null> {
    try {
      const subscriber = await this.repo.create({ pageId, email: email.toLowerCase(), state: 'pending', confirmedAt: null, componentIds });
      return this.announce('subscriber.created', subscriber);
    } catch (err) {
      if ((err as { code?: string }).code === 'P2002') return null; // subscribed at the same moment by another request
      throw err;
    }
  }

  /** An unsubscribed address subscribing again: pending once more (null if it was not unsubscribed). */
  async resubscribe(subscriberId: string, componentIds: string[]): Promise<SubscriberResponseDto | null> {
    const s = await this.repo.resubscribe(subscriberId, componentIds);
    return s && toSubscriberDto(s);
  }

  async delete(pageId: string, subscriberId: string): Promise<void> {
    await this.find(pageId, subscriberId);
    await this.repo.delete(subscriberId);
  }

  /** Admin: another confirmation email (409 unless pending, or without SMTP). */
  async resendConfirmation(pageId: string, subscriberId: string): Promise<SubscriberResponseDto> {
    const subscriber = await this.find(pageId, subscriberId);
    if (subscriber.state !== 'pending') {
      throw new InvalidTransitionError(`subscriber ${subscriberId} is ${subscriber.state}: only a pending subscriber is sent a confirmation`);
    }
    if (!this.emailConfigured) throw new ConflictException(EMAIL_NOT_CONFIGURED);
    await this.notifier.requestConfirmation(subscriber);
    return toSubscriberDto(subscriber);
  }

  /** Sends a pending subscriber a confirmation email. */
  requestConfirmation(subscriber: { id: string; pageId: string }): Promise<void> {
    return this.notifier.requestConfirmation(subscriber);
  }

  /** pending → active; an active one stays as it is. 409 for an unsubscribed one (it must subscribe again). */
  async confirm(subscriberId: string): Promise<SubscriberResponseDto> {
    const confirmed = await this.repo.confirm(subscriberId);
    if (confirmed) return this.announce('subscriber.confirmed', confirmed);
    const current = await this.existing(subscriberId);
    if (current.state === 'unsubscribed') {
      throw new InvalidTransitionError('this subscription was cancelled: subscribe again on the status page');
    }
    return toSubscriberDto(current);
  }

  /** → unsubscribed (once: unsubscribing again changes nothing). */
  async unsubscribe(subscriberId: string): Promise<SubscriberResponseDto> {
    const done = await this.repo.unsubscribe(subscriberId);
    if (done) return this.announce('subscriber.unsubscribed', done);
    return toSubscriberDto(await this.existing(subscriberId));
  }

  /** Follows these components of its page (none: the whole page); 400 naming ids of other pages. */
  async follow(subscriberId: string, componentIds: string[] | undefined): Promise<SubscriberResponseDto> {
    const current = await this.existing(subscriberId);
    const ids = await this.checkedComponents(current.pageId, componentIds);
    const updated = await this.repo.setComponents(subscriberId, ids);
    if (!updated) throw new ResourceNotFoundError('subscription');
    return toSubscriberDto(updated);
  }

  /** Distinct component ids, all of the page (400 naming the others). */
  async checkedComponents(pageId: string, componentIds: string[] | undefined): Promise<string[]> {
    const ids = [...new Set(componentIds ?? [])];
    await this.components.assertOnPage(pageId, ids, 'componentIds');
    return ids;
  }

  private async find(pageId: string, subscriberId: string): Promise<SubscriberWithComponents> {
    const s = await this.repo.find(pageId, subscriberId);
    if (!s) throw new ResourceNotFoundError('subscriber', subscriberId);
    return s;
  }

  private async existing(subscriberId: string): Promise<SubscriberWithComponents> {
    const s = await this.repo.findById(subscriberId);
    if (!s) throw new ResourceNotFoundError('subscription');
    return s;
  }

  private announce(event: Extract<AppEventName, `subscriber.${string}`>, s: SubscriberWithComponents): SubscriberResponseDto {
    const dto = toSubscriberDto(s);
    this.events.emit(event, { subscriber: dto });
    return dto;
  }
}

export function toSubscriberDto(s: SubscriberWithComponents): SubscriberResponseDto {
  return {
    id: s.id,
    pageId: s.pageId,
    email: s.email,
    componentIds: s.components.map((c) => c.componentId).sort(),
    state: s.state,
    confirmedAt: toIso(s.confirmedAt),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
