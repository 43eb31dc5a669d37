import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../prisma/prisma.service';
import { Prisma } from '../../generated/prisma/client';

const incidentInclude = {
  components: true,
  updates: { orderBy: { seq: 'asc' } },
} satisfies Prisma.IncidentInclude;

const maintenanceInclude = {
  components: true,
  updates: { orderBy: { seq: 'asc' } },
} satisfies Prisma.MaintenanceInclude;

export type IncidentWithDetails = Prisma.IncidentGetPayload<{ include: typeof incidentInclude }>;
export type MaintenanceWithDetails = Prisma.MaintenanceGetPayload<{ include: typeof maintenanceInclude }>;

export const OPEN_INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring'] as const;

/** Everything about one page that the status rules and the public side need. */
export interface PageState {
  page: Prisma.PageGetPayload<object>;
  groups: Prisma.ComponentGroupGetPayload<object>[];
  components: Prisma.ComponentGetPayload<object>[];
  /** Unresolved incidents. */
  openIncidents: IncidentWithDetails[];
  /** In-progress maintenances. */
  activeMaintenances: MaintenanceWithDetails[];
}

/** Thin Prisma queries for the StatusPages module (not exported from the module). */
@Injectable()
export class StatusPagesRepository {
  constructor(private readonly prisma: PrismaService) {}

  static readonly incidentInclude = incidentInclude;
  static readonly maintenanceInclude = maintenanceInclude;

  async loadState(pageId: string, db: Prisma.TransactionClient = this.prisma): Promise<PageState | null> {
    const page = await db.page.findUnique({ where: { id: pageId } });
    if (!page) return null;
    const [groups, components, openIncidents, activeMaintenances] = await Promise.all([
      db.componentGroup.findMany({ where: { pageId }, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }] }),
      db.component.findMany({ where: { pageId }, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }] }),
      db.incident.findMany({
        where: { pageId, status: { in: [...OPEN_INCIDENT_STATUSES] } },
        include: incidentInclude,
        orderBy: { startedAt: 'desc' },
      }),
      db.maintenance.findMany({
        where: { pageId, status: 'in_progress' },
        include: maintenanceInclude,
        orderBy: { scheduledStart: 'asc' },
      }),
    ]);
    return { page, groups, components, openIncidents, activeMaintenances };
  }
}
