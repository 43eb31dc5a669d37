import { Module } from '@nestjs/common';
import { StatusIncidentsModule } from '../status-incidents/status-incidents.module';
import { StatusPagesModule } from '../status-pages/status-pages.module';
import { AlertReceiverController } from './alert-receiver.controller';
import { AlertReceiverService } from './alert-receiver.service';
import { IntegrationIncidentsService } from './integration-incidents.service';
import { IntegrationTokenGuard } from './integration-token.guard';
import { IntegrationsController } from './integrations.controller';
import { IntegrationsRepository } from './integrations.repository';
import { IntegrationsService } from './integrations.service';

/**
 * Monitoring integrations: Alertmanager / Grafana webhook receivers that set
 * components' automated statuses (given to PageStatusService) and, if asked,
 * open and resolve incidents through IncidentsService.
 */
@Module({
  imports: [StatusPagesModule, StatusIncidentsModule],
  controllers: [IntegrationsController, AlertReceiverController],
  providers: [IntegrationsRepository, IntegrationsService, AlertReceiverService, IntegrationIncidentsService, IntegrationTokenGuard],
  exports: [IntegrationsService],
})
export class IntegrationsModule {}
