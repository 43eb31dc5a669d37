import { Module } from '@nestjs/common';
import { StatusPagesModule } from '../status-pages/status-pages.module';
import { WebhookDelivery } from './webhook-delivery';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookPageSlots } from './webhook-page-slots';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/**
 * Webhook subscribers of a page and their deliveries (Standard Webhooks).
 * The dispatcher turns events into jobs in every process; the processor
 * (WorkersModule) delivers them.
 */
@Module({
  imports: [StatusPagesModule],
  controllers: [WebhooksController],
  providers: [WebhooksRepository, WebhooksService, WebhookDispatcher, WebhookDelivery, WebhookPageSlots],
  exports: [WebhooksService, WebhookDelivery, WebhookPageSlots],
})
export class WebhooksModule {}
