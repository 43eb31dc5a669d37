import { Injectable } from '@nestjs/common';
import { Integration, IntegrationUnmatchedAlert } from '../../generated/prisma/client';
import { ComponentStatus } from '../../generated/prisma/enums';
import { PrismaService } from '../../prisma/prisma.service';
import { ReceivedAlert } from './alertmanager-payload';
import { AlertState } from './alert-processing';

/** Unmatched alerts kept per integration. */
export const UNMATCHED_KEPT = 50;
/** A lock holder waits this long for its turn, and may hold the lock this long. */
const LOCK_TX = { maxWait: 30_000, timeout: 120_000 };

export interface NewIntegration {
  pageId: string;
  name: string;
  kind: Integration['kind'];
  componentLabel: string;
  statusBySeverity: Record<string, ComponentStatus>;
  incidents: Integration['incidents'];
  tokenHash: string;
}

/** Queries of the integrations, their alerts, unmatched alerts and the incidents they opened. */
@Injectable()
export class IntegrationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async list(pageId: string, skip: number, take: number): Promise<{ rows: Integration[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.prisma.integration.findMany({ where: { pageId }, skip, take, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      this.prisma.integration.count({ where: { pageId } }),
    ]);
    return { rows, total };
  }

  find(pageId: string, id: string): Promise<Integration | null> {
    return this.prisma.integration.findFirst({ where: { id, pageId } });
  }

  findById(id: string): Promise<Integration | null> {
    return this.prisma.integration.findUnique({ where: { id } });
  }

  create(data: NewIntegration): Promise<Integration> {
    return this.prisma.integration.create({ data });
  }

  update(
    id: string,
    data: Partial<Pick<NewIntegration, 'name' | 'componentLabel' | 'statusBySeverity' | 'incidents'>>,
  ): Promise<Integration> {
    return this.prisma.integration.update({ where: { id }, data });
  }

  async delete(id: string): Promise<void> {
    await this.prisma.integration.delete({ where: { id } });
  }

  /**
   * Runs `fn` while holding the integration's lock (a transaction-scoped
   * advisory lock, so every process shares it). `fn` works through the
   * ordinary client: each of its writes is visible at once.
   */
  withLock<T>(integrationId: string, fn: () => Promise<T>): Promise<T> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`integration:${integrationId}`}))`;
      return fn();
    }, LOCK_TX);
  }

  /** The integration's firing alerts and its stored alerts among `fingerprints`. */
  alertsFor(integrationId: string, fingerprints: string[]): Promise<AlertState[]> {
    return this.prisma.$queryRaw<AlertState[]>`
      SELECT fingerprint, component_id AS "componentId", status, firing, starts_at AS "startsAt", ends_at AS "endsAt", labels, annotations
      FROM integration_alerts
      WHERE integration_id = ${integrationId}::uuid AND (firing OR fingerprint = ANY(${fingerprints}::text[]))`;
  }

  /** Every stored alert of the integration. */
  allAlerts(integrationId: string): Promise<AlertState[]> {
    return this.prisma.$queryRaw<AlertState[]>`
      SELECT fingerprint, component_id AS "componentId", status, firing, starts_at AS "startsAt", ends_at AS "endsAt", labels, annotations
      FROM integration_alerts WHERE integration_id = ${integrationId}::uuid`;
  }

  /** Stores alert states (one statement: all or none). */
  async saveAlerts(integrationId: string, states: readonly AlertState[]): Promise<void> {
    if (states.length === 0) return;
    const rows = JSON.stringify(
      states.map((s) => ({
        fingerprint: s.fingerprint,
        component_id: s.componentId,
        status: s.status,
        firing: s.firing,
        starts_at: s.startsAt?.toISOString() ?? null,
        ends_at: s.endsAt?.toISOString() ?? null,
        labels: s.labels,
        annotations: s.annotations,
      })),
    );
    await this.prisma.$executeRaw`
      INSERT INTO integration_alerts (integration_id, fingerprint, component_id, status, firing, starts_at, ends_at, labels, annotations, updated_at)
      SELECT ${integrationId}::uuid, x.fingerprint, x.component_id, x.status, x.firing, x.starts_at, x.ends_at, x.labels, x.annotations, now()
      FROM jsonb_to_recordset(${rows}::jsonb) AS x(
        fingerprint text, component_id uuid, status "ComponentStatus", firing boolean,
        starts_at timestamptz, ends_at timestamptz, labels jsonb, annotations jsonb)
      ON CONFLICT (integration_id, fingerprint) DO UPDATE SET
        component_id = EXCLUDED.component_id, status = EXCLUDED.status, firing = EXCLUDED.firing,
        starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, labels = EXCLUDED.labels,
        annotations = EXCLUDED.annotations, updated_at = now()`;
  }

  async removeAlerts(integrationId: string, fingerprints: string[]): Promise<void> {
    if (fingerprints.length === 0) return;
    await this.prisma.integrationAlert.deleteMany({ where: { integrationId, fingerprint: { in: fingerprints } } });
  }

  /** Forgets alerts resolved before `before` (a late copy of them would then count again). */
  async pruneResolved(integrationId: string, before: Date): Promise<void> {
    await this.prisma.integrationAlert.deleteMany({ where: { integrationId, firing: false, updatedAt: { lt: before } } });
  }

  /** Records unmatched alerts (the last of each fingerprint wins) and keeps the 50 most recent. */
  async saveUnmatched(integrationId: string, alerts: readonly ReceivedAlert[]): Promise<void> {
    if (alerts.length === 0) return;
    const now = Date.now();
    const recent = alerts.slice(-UNMATCHED_KEPT);
    // Later alerts of the notification are more recent: one millisecond apart keeps their order.
    const rows = JSON.stringify(
      recent.map((a, i) => ({
        fingerprint: a.fingerprint,
        status: a.status,
        labels: a.labels,
        annotations: a.annotations,
        starts_at: a.startsAt?.toISOString() ?? null,
        ends_at: a.endsAt?.toISOString() ?? null,
        received_at: new Date(now - recent.length + 1 + i).toISOString(),
      })),
    );
    await this.prisma.$transaction([
      this.prisma.$executeRaw`
        INSERT INTO integration_unmatched_alerts (integration_id, fingerprint, status, labels, annotations, starts_at, ends_at, received_at)
        SELECT ${integrationId}::uuid, x.fingerprint, x.status, x.labels, x.annotations, x.starts_at, x.ends_at, x.received_at
        FROM jsonb_to_recordset(${rows}::jsonb) AS x(
          fingerprint text, status text, labels jsonb, annotations jsonb, starts_at timestamptz, ends_at timestamptz, received_at timestamptz)
        ON CONFLICT (integration_id, fingerprint) DO UPDATE SET
          status = EXCLUDED.status, labels = EXCLUDED.labels, annotations = EXCLUDED.annotations,
          starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, received_at = EXCLUDED.received_at`,
      this.prisma.$executeRaw`
        DELETE FROM integration_unmatched_alerts WHERE integration_id = ${integrationId}::uuid AND fingerprint NOT IN (
          SELECT fingerprint FROM integration_unmatched_alerts WHERE integration_id = ${integrationId}::uuid
          ORDER BY received_at DESC, fingerprint LIMIT ${UNMATCHED_KEPT})`,
    ]);
  }

  async unmatched(integrationId: string, skip: number, take: number): Promise<{ rows: IntegrationUnmatchedAlert[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.prisma.integrationUnmatchedAlert.findMany({
        where: { integrationId },
        orderBy: [{ receivedAt: 'desc' }, { fingerprint: 'asc' }],
        skip,
        take,
      }),
      this.prisma.integrationUnmatchedAlert.count({ where: { integrationId } }),
    ]);
    return { rows, total };
  }

  /** The statuses firing alerts set on the page's components (one row per component and status). */
  firingStatuses(pageId: string): Promise<Array<{ componentId: string; status: ComponentStatus }>> {
    return this.prisma.$queryRaw`
      SELECT a.component_id AS "componentId", a.status
      FROM integration_alerts a JOIN integrations i ON i.id = a.integration_id
      WHERE i.page_id = ${pageId}::uuid AND a.firing
      GROUP BY a.component_id, a.status`;
  }

  /** The incident the integration opened last, with the ids of the timeline entries it wrote. */
  lastIncident(integrationId: string): Promise<{ incidentId: string; ownUpdateIds: string[] } | null> {
    return this.prisma.integrationIncident.findFirst({
      where: { integrationId },
      orderBy: [{ createdAt: 'desc' }, { incidentId: 'asc' }],
      select: { incidentId: true, ownUpdateIds: true },
    });
  }

  async trackIncident(integrationId: string, incidentId: string, firstUpdateId: string): Promise<void> {
    await this.prisma.integrationIncident.create({ data: { integrationId, incidentId, ownUpdateIds: [firstUpdateId] } });
  }

  async addOwnUpdate(incidentId: string, updateId: string): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE integration_incidents SET own_update_ids = array_append(own_update_ids, ${updateId}::uuid)
      WHERE incident_id = ${incidentId}::uuid`;
  }
}
