import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { FeatureOptions } from '../../common/feature-options';
import { StatusPagesModule } from '../status-pages/status-pages.module';
import { StatusIncidentsController } from './status-incidents.controller';
import { StatusIncidentsProcessor } from './status-incidents.processor';
import { STATUS_INCIDENTS_QUEUE } from './status-incidents.queue';
import { StatusIncidentsService } from './status-incidents.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/**
 * Incidents with their timeline, and webhook subscribers. The webhook listener
 * runs in every process (events happen in API and worker processes alike);
 * deliveries run where workers run.
 */
@Module({})
export class StatusIncidentsModule {
  static forRoot(options: FeatureOptions): DynamicModule {
    return {
      module: StatusIncidentsModule,
      imports: [BullModule.registerQueue({ name: STATUS_INCIDENTS_QUEUE }), StatusPagesModule.forRoot(options)],
      controllers: options.http ? [StatusIncidentsController, WebhooksController] : [],
      providers: [StatusIncidentsService, WebhooksService, ...(options.workers ? [StatusIncidentsProcessor] : [])],
      exports: [StatusIncidentsService, WebhooksService],
    };
  }
}
