import { Module } from '@nestjs/common';
import { StatusPagesModule } from '../../status-pages/status-pages.module';
import { EmailSender } from './email-sender';
import { EventNoticesListener } from './event-notices.listener';
import { FanOut } from './fan-out';
import { Mailer } from './mailer';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { SubscriberDeliveriesController } from './subscriber-deliveries.controller';

/**
 * Subscriber email: events recorded once, fanned out to one delivery per
 * subscriber and event, sent in batches over SMTP; incident and maintenance
 * events become emails (EventNoticesListener). The processor and the
 * reconciler run where workers run (WorkersModule).
 */
@Module({
  imports: [StatusPagesModule],
  controllers: [SubscriberDeliveriesController],
  providers: [NotificationsRepository, NotificationsService, Mailer, EmailSender, FanOut, EventNoticesListener],
  exports: [NotificationsService, EmailSender, FanOut],
})
export class NotificationsModule {}
