import { Module } from '@nestjs/common';
import { StatusPagesModule } from '../status-pages/status-pages.module';
import { NotificationsModule } from './notifications/notifications.module';
import { NotificationsService } from './notifications/notifications.service';
import { DomainSubscriptionsController, PublicSubscriptionsController } from './public/subscriptions.controller';
import { SubscriptionErrorsFilter } from './public/subscription-errors.filter';
import { SubscriptionResponder } from './public/subscription-responder';
import { SubscriptionsService } from './public/subscriptions.service';
import { RateLimiterService } from './rate-limiter.service';
import { SubscribersController } from './subscribers.controller';
import { SubscribersRepository } from './subscribers.repository';
import { SubscribersService } from './subscribers.service';
import { SubscriptionNotifier } from './subscription-notifier';

/**
 * Email subscribers of a page: the admin API, the public flow (subscribe,
 * confirm, manage, unsubscribe, by slug and on a page's own domain), their
 * rate limits, and the subscriber.* events.
 */
@Module({
  imports: [StatusPagesModule, NotificationsModule],
  controllers: [SubscribersController, PublicSubscriptionsController, DomainSubscriptionsController],
  providers: [
    SubscribersRepository,
    SubscribersService,
    SubscriptionsService,
    SubscriptionResponder,
    SubscriptionErrorsFilter,
    RateLimiterService,
    // The email side: confirmation emails and the tokens of their links.
    { provide: SubscriptionNotifier, useExisting: NotificationsService },
  ],
  exports: [SubscribersService],
})
export class SubscribersModule {}
