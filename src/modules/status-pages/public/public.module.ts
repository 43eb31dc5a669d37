import { Module } from '@nestjs/common';
import { MaintenanceModule } from '../../maintenance/maintenance.module';
import { StatusIncidentsModule } from '../../status-incidents/status-incidents.module';
import { StatusPagesModule } from '../status-pages.module';
import { PublicCacheService } from './public-cache.service';
import { PublicDomainController, PublicStatusController } from './public.controller';
import { PublicResponder } from './public-responder.service';
import { PublicSnapshotBuilder } from './public-snapshot.builder';

/**
 * The public read side: every page's documents (Statuspage v2 JSON, HTML,
 * feeds, badge), built from what the other modules report and cached until
 * the page changes. Depends on every module whose data a page shows; none
 * depends on it.
 */
@Module({
  imports: [StatusPagesModule, StatusIncidentsModule, MaintenanceModule],
  controllers: [PublicStatusController, PublicDomainController],
  providers: [PublicCacheService, PublicSnapshotBuilder, PublicResponder],
  exports: [PublicResponder],
})
export class PublicStatusModule {}
