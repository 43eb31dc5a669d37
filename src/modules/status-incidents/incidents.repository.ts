import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { ComponentStatus, IncidentStatus } from '../../generated/prisma/enums';
import { PrismaService } from '../../prisma/prisma.service';
import { LOCKED_TX, lockRow } from '../../prisma/row-lock';
import { InvalidTransitionError } from '../../common/errors';
import { renderForStorage } from '../status-pages/public/html/stored-markdown';
import { PUBLIC_TIMELINE_BYTES, PUBLIC_TIMELINE_ENTRIES } from '../status-pages/public/public-timeline';
import { IncidentStatusState } from './incident-transitions';
import type { IncidentWithDetails, OpenIncidentImpact, PublicIncident, TimelineComponentEntry } from './incidents.types';
import { MAX_TIMELINE_ENTRIES } from '../../common/limits';
import { newestEntryIds } from '../../prisma/newest-entries';

const include = {
  components: { orderBy: [{ component: { position: 'asc' } }, { componentId: 'asc' }] },
  updates: { orderBy: { seq: 'asc' } },
} satisfies Prisma.IncidentInclude;

/** What the public side reads: the timeline cut to the public bound (public-timeline.ts), read apart. */
const publicInclude = {
  components: include.components,
  _count: { select: { updates: true } },
} satisfies Prisma.IncidentInclude;

export const OPEN_INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring'] as const satisfies readonly IncidentStatus[];
/** At most this many unresolved incidents of one page are read for its status and public side. */
export const MAX_OPEN_INCIDENTS = 200;
/** The public side lists this many recent incidents. */
export const RECENT_INCIDENTS = 50;

export interface NewIncident {
  pageId: string;
  name: string;
  impact: Prisma.IncidentCreateInput['impact'];
  startedAt: Date;
  state: IncidentStatusState;
  components: Array<{ componentId: string; status: ComponentStatus }>;
  firstEntry: { status: IncidentStatus; message: string; components: TimelineComponentEntry[]; createdAt: Date };
}

/** Queries of the incidents, their components and their timeline. */
@Injectable()
export class IncidentsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Unresolved first, then the most recently started. */
  async list(pageId: string, status: IncidentStatus | undefined, skip: number, take: number) {
    const byStatus = status ? Prisma.sql`AND status = ${status}::"IncidentStatus"` : Prisma.empty;
    const [ids, total] = await Promise.all([
      this.prisma.$queryRaw<{ id: string }[]>`
        SELECT id FROM incidents WHERE page_id = ${pageId}::uuid ${byStatus}
        ORDER BY status IN ('resolved', 'postmortem'), started_at DESC, created_at DESC, id
        LIMIT ${take} OFFSET ${skip}`,
      this.prisma.incident.count({ where: { pageId, ...(status ? { status } : {}) } }),
    ]);
    const rows = await this.prisma.incident.findMany({ where: { id: { in: ids.map((r) => r.id) } }, include });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { rows: ids.flatMap(({ id }) => (byId.has(id) ? [byId.get(id)!] : [])), total };
  }

  find(pageId: string, id: string): Promise<IncidentWithDetails | null> {
    return this.prisma.incident.findFirst({ where: { id, pageId }, include });
  }

  /** Impact and component statuses of the unresolved incidents (no timeline), for the page's status. */
  openImpacts(pageId: string): Promise<OpenIncidentImpact[]> {
    return this.prisma.incident.findMany({
      where: { pageId, status: { in: [...OPEN_INCIDENT_STATUSES] } },
      select: { impact: true, components: { select: { componentId: true, status: true } } },
      orderBy: [{ startedAt: 'desc' }, { id: 'asc' }],
      take: MAX_OPEN_INCIDENTS,
    });
  }

  /** Unresolved incidents, newest first, with their public timelines. */
  async open(pageId: string): Promise<PublicIncident[]> {
    const rows = await this.prisma.incident.findMany({
      where: { pageId, status: { in: [...OPEN_INCIDENT_STATUSES] } },
      include: publicInclude,
      orderBy: [{ startedAt: 'desc' }, { id: 'asc' }],
      take: MAX_OPEN_INCIDENTS,
    });
    return this.withPublicTimelines(rows);
  }

  /** The most recent incidents of any status, newest first, with their public timelines. */
  async recent(pageId: string): Promise<PublicIncident[]> {
    const rows = await this.prisma.incident.findMany({
      where: { pageId },
      include: publicInclude,
      orderBy: [{ startedAt: 'desc' }, { id: 'asc' }],
      take: RECENT_INCIDENTS,
    });
    return this.withPublicTimelines(rows);
  }

  /**
   * The incidents with the entries the public documents carry (newestEntryIds,
   * within the bound of public-timeline.ts). Only what is kept is read.
   */
  private async withPublicTimelines(
    rows: Array<Prisma.IncidentGetPayload<{ include: typeof publicInclude }>>,
  ): Promise<PublicIncident[]> {
    const ids = rows.map((r) => r.id);
    const kept = await newestEntryIds(this.prisma, 'incident_updates', ids, PUBLIC_TIMELINE_ENTRIES, PUBLIC_TIMELINE_BYTES);
    const updates = kept.length
      ? await this.prisma.incidentUpdate.findMany({ where: { id: { in: kept } }, orderBy: { seq: 'asc' } })
      : [];
    const byIncident = new Map<string, IncidentWithDetails['updates']>(ids.map((id) => [id, []]));
    for (const u of updates) byIncident.get(u.incidentId)?.push(u);
    return rows.map(({ _count, ...r }) => ({ ...r, updates: byIncident.get(r.id) ?? [], updateCount: _count.updates }));
  }

  create(n: NewIncident): Promise<IncidentWithDetails> {
    return this.prisma.incident.create({
      data: {
        pageId: n.pageId,
        name: n.name,
        impact: n.impact,
        startedAt: n.startedAt,
        ...n.state,
        components: { create: n.components },
        updates: {
          create: [
            {
              ...n.firstEntry,
              messageHtml: renderForStorage(n.firstEntry.message),
              components: jsonOrNull(n.firstEntry.components),
            },
          ],
        },
      },
      include,
    });
  }

  update(id: string, data: Pick<Prisma.IncidentUpdateInput, 'name' | 'impact'>): Promise<IncidentWithDetails> {
    return this.prisma.incident.update({ where: { id }, data, include });
  }

  async delete(id: string): Promise<void> {
    await this.prisma.incident.delete({ where: { id } });
  }

  /**
   * Appends a timeline entry under the incident's row lock, so concurrent
   * appends are serialized: none is lost, `seq` and `createdAt` follow the
   * order in which they were applied, and each sees the status the previous
   * one left. `next` decides the new status from the current one (it may
   * throw to refuse). Null if the incident is gone.
   */
  async append(
    pageId: string,
    id: string,
    entry: { status: IncidentStatus; message: string; components: TimelineComponentEntry[] },
    componentStatuses: Array<{ componentId: string; status: ComponentStatus }>,
    next: (current: IncidentStatusState, now: Date) => IncidentStatusState,
  ): Promise<{ incident: IncidentWithDetails; before: IncidentStatus } | null> {
    return this.prisma.$transaction(async (tx) => {
      if (!(await lockRow(tx, 'incidents', id, pageId))) return null;
      if ((await tx.incidentUpdate.count({ where: { incidentId: id } })) >= MAX_TIMELINE_ENTRIES) {
        throw new InvalidTransitionError(`an incident holds at most ${MAX_TIMELINE_ENTRIES} timeline entries`);
      }
      const current = await tx.incident.findUniqueOrThrow({ where: { id } });
      const now = new Date();
      const state = next(current, now);
      await tx.incidentUpdate.create({
        data: {
          incidentId: id,
          ...entry,
          messageHtml: renderForStorage(entry.message),
          components: jsonOrNull(entry.components),
          createdAt: now,
        },
      });
      for (const c of componentStatuses) {
        await tx.incidentComponent.upsert({
          where: { incidentId_componentId: { incidentId: id, componentId: c.componentId } },
          create: { incidentId: id, componentId: c.componentId, status: c.status },
          update: { status: c.status },
        });
      }
      const incident = await tx.incident.update({ where: { id }, data: state, include });
      return { incident, before: current.status };
    }, LOCKED_TX);
  }
}

function jsonOrNull(components: TimelineComponentEntry[]): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return components.length ? (components as unknown as Prisma.InputJsonValue) : Prisma.DbNull;
}
