import { Module } from '@nestjs/common';
import { ComponentGroupsController } from './component-groups.controller';
import { ComponentGroupsRepository } from './component-groups.repository';
import { ComponentGroupsService } from './component-groups.service';
import { ComponentsController } from './components.controller';
import { ComponentsRepository } from './components.repository';
import { ComponentsService } from './components.service';
import { PageChangesService } from './page-changes.service';
import { PageStatusService } from './page-status.service';
import { PagesController } from './pages.controller';
import { PagesRepository } from './pages.repository';
import { PagesService } from './pages.service';
import { StatusHistoryRepository } from './status-history/status-history.repository';
import { StatusHistoryService } from './status-history/status-history.service';

/**
 * Pages, components and groups, the status the public sees, and its history.
 * Other modules call PageChangesService after a change, and give
 * PageStatusService their part of the status (incidents, maintenance).
 */
@Module({
  controllers: [PagesController, ComponentsController, ComponentGroupsController],
  providers: [
    PagesRepository,
    PagesService,
    ComponentsRepository,
    ComponentsService,
    ComponentGroupsRepository,
    ComponentGroupsService,
    PageChangesService,
    PageStatusService,
    StatusHistoryRepository,
    StatusHistoryService,
  ],
  exports: [PagesService, ComponentsService, ComponentGroupsService, PageChangesService, PageStatusService, StatusHistoryService],
})
export class StatusPagesModule {}
