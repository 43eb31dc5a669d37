import { Module } from '@nestjs/common';
import { StatusPagesModule } from '../status-pages/status-pages.module';
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
 * Until the email side (notifications/NotificationsService) is merged: sends
 * nothing and knows no token.
 */
const notifierPlaceholder: SubscriptionNotifier = {
  requestConfirmation: async () => undefined,
  subscriberForToken: async () => null,
};

/**
 * Email subscribers of a page: the admin API, the public flow (subscribe,
 * confirm, manage, unsubscribe, by slug and on a page's own domain), their
 * rate limits, and the subscriber.* events.
 */
@Module({
  imports: [StatusPagesModule],
  controllers: [SubscribersController, PublicSubscriptionsController, DomainSubscriptionsController],
  providers: [
    SubscribersRepository,
    SubscribersService,
    SubscriptionsService,
    SubscriptionResponder,
    SubscriptionErrorsFilter,
    RateLimiterService,
    { provide: SubscriptionNotifier, useValue: notifierPlaceholder },
  ],
  exports: [SubscribersService],
})
export class SubscribersModule {}
