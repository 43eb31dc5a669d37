import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { MaintenanceService } from '../../maintenance/maintenance.service';
import { IncidentsService } from '../../status-incidents/incidents.service';
import { ComponentGroupsService } from '../component-groups.service';
import { PageStatusService } from '../page-status.service';
import { PagesService } from '../pages.service';
import { StatusHistoryService } from '../status-history/status-history.service';
import { PublicPageData } from './public-page-data';

export const UPTIME_DAYS = 90;

/**
 * Reads one page's public data (once per change, never per request), asking
 * each module for its part: it queries no table itself.
 */
@Injectable()
export class PublicSnapshotBuilder {
  constructor(
    private readonly pages: PagesService,
    private readonly groups: ComponentGroupsService,
    private readonly status: PageStatusService,
    private readonly history: StatusHistoryService,
    private readonly incidents: IncidentsService,
    private readonly maintenances: MaintenanceService,
    private readonly config: AppConfig,
  ) {}

  async load(pageId: string): Promise<PublicPageData | null> {
    const page = await this.pages.lookup(pageId);
    if (!page || !page.isPublic) return null;
    const since = new Date(Date.now() - UPTIME_DAYS * 86_400_000);
    const [groups, status, incidents, maintenances, history] = await Promise.all([
      this.groups.allOfPage(pageId),
      this.status.current(pageId),
      this.incidents.forPublicPage(pageId),
      this.maintenances.forPublicPage(pageId),
      this.history.since(pageId, since),
    ]);
    const times = [
      page.updatedAt,
      ...status.components.map((c) => c.updatedAt),
      ...groups.map((g) => g.updatedAt),
      ...incidents.recent.map((i) => i.updatedAt),
      ...incidents.open.map((i) => i.updatedAt),
      ...maintenances.recent.map((m) => m.updatedAt),
      ...maintenances.upcoming.map((m) => m.updatedAt),
      ...maintenances.active.map((m) => m.updatedAt),
    ];
    return {
      page,
      publicUrl: this.pages.publicUrl(page),
      groups,
      components: status.components,
      effective: status.effective,
      indicator: status.indicator,
      description: status.description,
      openIncidents: incidents.open,
      recentIncidents: incidents.recent,
      upcomingMaintenances: maintenances.upcoming,
      activeMaintenances: maintenances.active,
      recentMaintenances: maintenances.recent,
      calendarMaintenances: maintenances.calendar,
      history,
      subscriptions: page.allowSubscribers && this.config.smtpUrl !== undefined,
      loadedAt: new Date(),
      updatedAt: new Date(Math.max(...times.map((t) => t.getTime()))),
    };
  }
}
