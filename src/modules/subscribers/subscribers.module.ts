import { Module } from '@nestjs/common';
import { StatusPagesModule } from '../status-pages/status-pages.module';
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
 * Email subscribers of a page: the admin API and the subscriber.* events.
 */
@Module({
  imports: [StatusPagesModule],
  controllers: [SubscribersController],
  providers: [
    SubscribersRepository,
    SubscribersService,
    { provide: SubscriptionNotifier, useValue: notifierPlaceholder },
  ],
  exports: [SubscribersService],
})
export class SubscribersModule {}
