import { Injectable, Logger } from '@nestjs/common';
import { ComponentStatusChangedEvent } from '../../../events/app-events';
import { EventBus } from '../../../events/event-bus';
import { JobQueues } from '../../../jobs/job-queues';
import { PageStatusService } from '../page-status.service';
import { STATUS_HISTORY_JOB_OPTIONS } from './status-history.queue';
import { StatusHistoryRepository, StatusHistoryRow } from './status-history.repository';

/**
 * The history of every component's effective status (the source of uptime
 * figures and of `component.status_changed` events).
 */
@Injectable()
export class StatusHistoryService {
  private readonly logger = new Logger(StatusHistoryService.name);

  constructor(
    private readonly repo: StatusHistoryRepository,
    private readonly status: PageStatusService,
    private readonly events: EventBus,
    private readonly queues: JobQueues,
  ) {}

  /** Queues a recording of the page's current statuses; never throws (the periodic reconciliation catches up). */
  async recordSoon(pageId: string): Promise<void> {
    await this.queues
      .add('status-history', 'record-status-history', { pageId, at: new Date().toISOString() }, STATUS_HISTORY_JOB_OPTIONS)
      .catch((err: Error) => this.logger.warn(`could not queue status history for page ${pageId}: ${err.message}`));
  }

  /**
   * Records every change of a component's effective status since the last
   * recording. Idempotent: it compares with the last recorded row, under a
   * per-page lock, so duplicate or concurrent runs record nothing twice.
   */
  async record(pageId: string, at: Date): Promise<ComponentStatusChangedEvent[]> {
    const changes = await this.repo.withPageLock(pageId, async (tx) => {
      const { components, effective } = await this.status.current(pageId);
      const lastBy = new Map((await this.repo.lastPerComponent(pageId, undefined, tx)).map((r) => [r.componentId, r]));
      const out: ComponentStatusChangedEvent[] = [];
      for (const component of components) {
        const status = effective.get(component.id) ?? component.status;
        const prev = lastBy.get(component.id);
        if (prev && prev.status === status) continue;
        const changedAt = prev && prev.changedAt > at ? prev.changedAt : prev ? at : component.createdAt;
        await this.repo.insert(tx, pageId, { componentId: component.id, status, changedAt });
        if (prev) {
          out.push({
            pageId,
            componentId: component.id,
            componentName: component.name,
            oldStatus: prev.status,
            newStatus: status,
            at: changedAt.toISOString(),
          });
        }
      }
      return out;
    });
    for (const change of changes) this.events.emit('component.status_changed', change);
    return changes;
  }

  /** The rows since `since`, preceded by each component's last row before it. */
  async since(pageId: string, since: Date): Promise<StatusHistoryRow[]> {
    const [before, recent] = await Promise.all([this.repo.lastPerComponent(pageId, since), this.repo.since(pageId, since)]);
    return [...before, ...recent];
  }
}
