import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { PrismaService } from '../../../prisma/prisma.service';
import { StatusComputationService } from '../status-computation.service';
import { StatusPagesRepository } from '../status-pages.repository';
import { PublicPageData, StatusHistoryRow } from './public-page-data';

export const UPTIME_DAYS = 90;

/** Reads one page's public data from PostgreSQL (once per change, never per request). */
@Injectable()
export class PublicSnapshotBuilder {
  constructor(
    private readonly prisma: PrismaService,
    private readonly repo: StatusPagesRepository,
    private readonly computation: StatusComputationService,
    private readonly config: AppConfig,
  ) {}

  async load(pageId: string): Promise<PublicPageData | null> {
    const state = await this.repo.loadState(pageId);
    if (!state || !state.page.isPublic) return null;
    const since = new Date(Date.now() - UPTIME_DAYS * 86_400_000);
    const [recentIncidents, upcomingMaintenances, verifying, recentMaintenances, history, before] = await Promise.all([
      this.prisma.incident.findMany({
        where: { pageId },
        include: StatusPagesRepository.incidentInclude,
        orderBy: [{ startedAt: 'desc' }, { id: 'asc' }],
        take: 50,
      }),
      this.prisma.maintenance.findMany({
        where: { pageId, status: 'scheduled' },
        include: StatusPagesRepository.maintenanceInclude,
        orderBy: [{ scheduledStart: 'asc' }, { id: 'asc' }],
        take: 100,
      }),
      this.prisma.maintenance.findMany({
        where: { pageId, status: 'verifying' },
        include: StatusPagesRepository.maintenanceInclude,
        orderBy: [{ scheduledStart: 'asc' }, { id: 'asc' }],
      }),
      this.prisma.maintenance.findMany({
        where: { pageId, status: { not: 'cancelled' } },
        include: StatusPagesRepository.maintenanceInclude,
        orderBy: [{ scheduledStart: 'desc' }, { id: 'asc' }],
        take: 50,
      }),
      this.prisma.componentStatusChange.findMany({
        where: { pageId, changedAt: { gte: since } },
        orderBy: [{ changedAt: 'asc' }, { id: 'asc' }],
        select: { componentId: true, status: true, changedAt: true },
      }),
      this.prisma.$queryRaw<{ componentId: string; status: StatusHistoryRow['status']; changedAt: Date }[]>`
        SELECT DISTINCT ON (component_id) component_id AS "componentId", status, changed_at AS "changedAt"
        FROM component_status_changes WHERE page_id = ${pageId}::uuid AND changed_at < ${since}
        ORDER BY component_id, changed_at DESC, id DESC`,
    ]);
    const computed = this.computation.compute({
      components: state.components,
      openIncidents: state.openIncidents,
      activeMaintenances: state.activeMaintenances.map((m) => ({ componentIds: m.components.map((c) => c.componentId) })),
    });
    const activeMaintenances = [...state.activeMaintenances, ...verifying].sort(
      (a, b) => a.scheduledStart.getTime() - b.scheduledStart.getTime(),
    );
    const times = [
      state.page.updatedAt,
      ...state.components.map((c) => c.updatedAt),
      ...state.groups.map((g) => g.updatedAt),
      ...recentIncidents.map((i) => i.updatedAt),
      ...recentMaintenances.map((m) => m.updatedAt),
      ...upcomingMaintenances.map((m) => m.updatedAt),
    ];
    const updatedAt = new Date(Math.max(...times.map((t) => t.getTime())));
    const page = state.page;
    const publicUrl = page.domain
      ? `${new URL(this.config.publicBaseUrl).protocol}//${page.domain}`
      : `${this.config.publicBaseUrl}/status/${page.slug}`;
    return {
      page,
      publicUrl,
      groups: state.groups,
      components: state.components,
      effective: computed.effective,
      indicator: computed.indicator,
      description: computed.description,
      openIncidents: state.openIncidents,
      recentIncidents,
      upcomingMaintenances,
      activeMaintenances,
      recentMaintenances,
      history: [...before, ...history],
      loadedAt: new Date(),
      updatedAt,
    };
  }
}
