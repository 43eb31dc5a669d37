import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { IncidentEvent, MaintenanceEvent } from '../../../events/app-events';
import { EventBus } from '../../../events/event-bus';
import { PagesService } from '../../status-pages/pages.service';
import { PageStatusService } from '../../status-pages/page-status.service';
import {
  ComponentLine,
  emailsMaintenanceEvent,
  IncidentNoticeKind,
  incidentNotice,
  MaintenanceNoticeKind,
  maintenanceNotice,
  NoticePage,
} from './event-notices';
import { NotificationsService } from './notifications.service';

const INCIDENT_EVENTS: IncidentNoticeKind[] = ['incident.created', 'incident.updated', 'incident.resolved'];
const MAINTENANCE_EVENTS: MaintenanceNoticeKind[] = [
  'maintenance.scheduled',
  'maintenance.started',
  'maintenance.completed',
  'maintenance.cancelled',
];

/**
 * Turns incident and maintenance events into subscriber emails (event-notices.ts
 * composes them; NotificationsService records and sends each once). Runs in
 * every process, after the change was committed; the request never waits for
 * it. The reminder is awaited by its job (EventBus.emitAsync), so a reminder
 * whose email event could not be recorded is retried by the queue.
 */
@Injectable()
export class EventNoticesListener implements OnModuleInit {
  private readonly logger = new Logger(EventNoticesListener.name);

  constructor(
    private readonly events: EventBus,
    private readonly notifications: NotificationsService,
    private readonly pages: PagesService,
    private readonly status: PageStatusService,
  ) {}

  onModuleInit(): void {
    for (const kind of INCIDENT_EVENTS) this.events.on(kind, (e) => this.safely(this.incident(kind, e)));
    for (const kind of MAINTENANCE_EVENTS) this.events.on(kind, (e) => this.safely(this.maintenance(kind, e)));
    this.events.on('maintenance.reminder', (e) => this.maintenance('maintenance.reminder', e, true));
  }

  async incident(kind: IncidentNoticeKind, e: IncidentEvent): Promise<void> {
    // A PATCH of name or impact adds no entry: nothing to tell.
    if (!e.deliverNotifications || !e.entryId || !this.notifications.enabled) return;
    const view = await this.view(e.incident.pageId, e.incident.components.map((c) => c.componentId));
    if (!view) return;
    const notice = incidentNotice(view.page, e.incident, e.entryId, kind, view.components);
    if (notice) await this.notifications.notify(notice);
  }

  async maintenance(kind: MaintenanceNoticeKind, e: MaintenanceEvent, strict = false): Promise<void> {
    if (!emailsMaintenanceEvent(e.maintenance, kind) || !this.notifications.enabled) return;
    const view = await this.view(e.maintenance.pageId, e.maintenance.componentIds);
    if (!view) return;
    const notice = maintenanceNotice(view.page, e.maintenance, kind, view.components);
    if (strict) await this.notifications.record(notice);
    else await this.notifications.notify(notice);
  }

  /** The page and the affected components with their effective status now (null: the page is gone or takes no subscribers). */
  private async view(pageId: string, componentIds: string[]): Promise<{ page: NoticePage; components: ComponentLine[] } | null> {
    const page = await this.pages.lookup(pageId);
    if (!page?.allowSubscribers) return null;
    const components: ComponentLine[] = [];
    if (componentIds.length) {
      const { components: all, effective } = await this.status.current(pageId);
      const wanted = new Set(componentIds);
      for (const c of all) if (wanted.has(c.id)) components.push({ name: c.name, status: effective.get(c.id) ?? c.status });
    }
    return { page: { id: page.id, name: page.name, timeZone: page.timeZone, publicUrl: this.pages.publicUrl(page) }, components };
  }

  private async safely(work: Promise<void>): Promise<void> {
    try {
      await work;
    } catch (err) {
      this.logger.error(`could not compose subscriber email: ${(err as Error).message}`);
    }
  }
}
