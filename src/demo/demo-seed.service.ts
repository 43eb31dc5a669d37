import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { PageChangesService } from '../modules/status-pages/page-changes.service';
import { PrismaService } from '../prisma/prisma.service';

const DEMO_LOCK = 0x5eed;

/** Seeds a demo page (slug `demo`) when the database has no page at all and SEED_DEMO is on. */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeedService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly changes: PageChangesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo || !this.config.runsHttp) return;
    try {
      await this.seed();
    } catch (err) {
      this.logger.warn(`demo seed skipped: ${(err as Error).message}`);
    }
  }

  private async seed(): Promise<void> {
    const created = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DEMO_LOCK})`;
      if ((await tx.page.count()) > 0) return null;
      const page = await tx.page.create({
        data: { slug: 'demo', name: 'Demo Status Page', description: 'A demo page seeded at first start.' },
      });
      const group = await tx.componentGroup.create({ data: { pageId: page.id, name: 'Core services', position: 0 } });
      const names = ['API', 'Website', 'Dashboard'];
      for (const [i, name] of names.entries()) {
        await tx.component.create({ data: { pageId: page.id, groupId: group.id, name, position: i } });
      }
      await tx.component.create({ data: { pageId: page.id, name: 'Email notifications', position: 1 } });
      await tx.component.create({
        data: { pageId: page.id, name: 'Legacy API', position: 2, onlyShowIfDegraded: true },
      });
      return page;
    });
    if (created) {
      await this.changes.directoryChanged();
      await this.changes.pageChanged(created.id);
      this.logger.log(`seeded demo page at ${this.config.publicBaseUrl}/status/${created.slug}`);
    }
  }
}
