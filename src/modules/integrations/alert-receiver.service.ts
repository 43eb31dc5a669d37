import { Injectable, UnauthorizedException } from '@nestjs/common';
import { FieldValidationError } from '../../common/errors';
import { Integration } from '../../generated/prisma/client';
import { ComponentStatus } from '../../generated/prisma/enums';
import { ComponentsService } from '../status-pages/components.service';
import { PageChangesService } from '../status-pages/page-changes.service';
import { IntegrationRules, NotificationPlan, planNotification, replanWithRules } from './alert-processing';
import { readAlertNotification } from './alertmanager-payload';
import { AlertmanagerReceiptDto } from './dto/alertmanager-payload.dto';
import { IntegrationIncidentsService } from './integration-incidents.service';
import { IntegrationsRepository } from './integrations.repository';

/** Resolved alerts are remembered this long (a late firing copy of one is recognised meanwhile). */
const RESOLVED_KEPT_MS = 7 * 24 * 3_600_000;

export function rulesOf(integration: Integration): IntegrationRules {
  return {
    componentLabel: integration.componentLabel,
    statusBySeverity: integration.statusBySeverity as Record<string, ComponentStatus>,
  };
}

/**
 * Applies notifications to an integration's alert states (rules in
 * alert-processing.ts), then tells the public side and, with `incidents:
 * open`, the integration's incident. One notification of an integration at a
 * time: in this process through a queue per integration, across processes
 * through a PostgreSQL advisory lock, so two notifications arriving at once
 * cannot both open an incident.
 */
@Injectable()
export class AlertReceiverService {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly repo: IntegrationsRepository,
    private readonly components: ComponentsService,
    private readonly changes: PageChangesService,
    private readonly incidents: IntegrationIncidentsService,
  ) {}

  async receive(integrationId: string, body: unknown): Promise<AlertmanagerReceiptDto> {
    const read = readAlertNotification(body);
    if (!read.ok) throw new FieldValidationError(read.errors);
    const alerts = read.notification.alerts;
    const fingerprints = [...new Set(alerts.map((a) => a.fingerprint))];
    return this.serialized(integrationId, async () => {
      // Read again under the lock: a PATCH or DELETE may have come first.
      const integration = await this.repo.findById(integrationId);
      if (!integration) throw new UnauthorizedException('invalid integration token');
      const components = await this.components.allOfPage(integration.pageId);
      const stored = await this.repo.alertsFor(integration.id, fingerprints);
      const plan = planNotification(stored, alerts, rulesOf(integration), components);
      await this.repo.saveAlerts(integration.id, plan.upserts);
      await this.repo.saveUnmatched(integration.id, plan.unmatched);
      if (plan.upserts.some((s) => !s.firing)) await this.repo.pruneResolved(integration.id, new Date(Date.now() - RESOLVED_KEPT_MS));
      await this.applied(integration, plan, components);
      return {
        alerts: fingerprints.length,
        matched: fingerprints.length - plan.unmatched.length,
        unmatched: plan.unmatched.length,
        changed: plan.statusChanged,
      };
    });
  }

  /** After a change of the integration's rules: its stored alerts are matched and mapped again. */
  async reapply(integrationId: string): Promise<void> {
    await this.serialized(integrationId, async () => {
      const integration = await this.repo.findById(integrationId);
      if (!integration) return;
      const components = await this.components.allOfPage(integration.pageId);
      const plan = replanWithRules(await this.repo.allAlerts(integration.id), rulesOf(integration), components);
      await this.repo.saveAlerts(integration.id, plan.upserts);
      await this.repo.removeAlerts(integration.id, plan.removed);
      await this.applied(integration, plan, components);
    });
  }

  /** The public side first (before answering), then the incident. */
  private async applied(integration: Integration, plan: NotificationPlan, components: Array<{ id: string; name: string }>) {
    if (plan.statusChanged) await this.changes.pageChanged(integration.pageId);
    if (integration.incidents === 'open') await this.incidents.follow(integration, plan.after, plan.newlyFiring, components);
  }

  /** Runs `fn` after every earlier call for the integration in this process, under its lock. */
  private serialized<T>(integrationId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(integrationId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.repo.withLock(integrationId, fn));
    const settled = run.catch(() => undefined);
    this.queues.set(integrationId, settled);
    void settled.then(() => {
      if (this.queues.get(integrationId) === settled) this.queues.delete(integrationId);
    });
    return run;
  }
}
