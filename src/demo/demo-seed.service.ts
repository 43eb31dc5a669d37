import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MaintenanceService } from '../modules/maintenance/maintenance.service';
import { IncidentsService } from '../modules/status-incidents/incidents.service';
import { ComponentGroupsService } from '../modules/status-pages/component-groups.service';
import { ComponentsService } from '../modules/status-pages/components.service';
import { PagesService } from '../modules/status-pages/pages.service';

const DAY = 86_400_000;

/**
 * Seeds a demo page (slug `demo`) when the database has no page at all and
 * SEED_DEMO is on: a group of components, a resolved incident three days back
 * (on the history page and in the feeds), and an upcoming maintenance. Through the services, as an admin would; two
 * processes starting at once create one page (the slug is unique).
 */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeedService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly pages: PagesService,
    private readonly groups: ComponentGroupsService,
    private readonly components: ComponentsService,
    private readonly incidents: IncidentsService,
    private readonly maintenances: MaintenanceService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo || !this.config.runsHttp) return;
    try {
      if ((await this.pages.allIds()).length > 0) return;
      await this.seed();
    } catch (err) {
      this.logger.warn(`demo seed skipped: ${(err as Error).message}`);
    }
  }

  private async seed(): Promise<void> {
    const page = await this.pages.create({ slug: 'demo', name: 'Demo Status Page', description: 'A demo page seeded at first start.' });
    const core = await this.groups.create(page.id, { name: 'Core services', position: 0 });
    const created = [];
    for (const name of ['API', 'Website', 'Dashboard']) {
      created.push(await this.components.create(page.id, { name, groupId: core.id }));
    }
    await this.components.create(page.id, { name: 'Email notifications', position: 1 });
    await this.components.create(page.id, { name: 'Legacy API', position: 2, onlyShowIfDegraded: true });

    // A past incident, backfilled as it happened three days ago (created resolved, with its start).
    await this.incidents.create(page.id, {
      name: 'Elevated API error rates',
      message: 'Between 14:02 and 14:40 UTC the **API** answered about 5% of requests with errors after a faulty deploy. It was rolled back; we are adding a canary stage.',
      status: 'resolved',
      impact: 'minor',
      components: [{ componentId: created[0].id, status: 'degraded_performance' }],
      startedAt: new Date(Date.now() - 3 * DAY).toISOString(),
    });

    const start = new Date(Math.ceil((Date.now() + 2 * DAY) / 3_600_000) * 3_600_000);
    await this.maintenances.create(page.id, {
      title: 'Database upgrade',
      description: 'We are upgrading the primary database; the dashboard may be slow for a few minutes.',
      scheduledStart: start.toISOString(),
      scheduledEnd: new Date(start.getTime() + 2 * 3_600_000).toISOString(),
      componentIds: [created[2].id],
    });
    this.logger.log(`seeded demo page at ${this.pages.publicUrl(page)}`);
  }
}
