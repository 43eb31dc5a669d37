import { Injectable, Logger } from '@nestjs/common';
import { EventBus } from '../../events/event-bus';
import { PageChangesService } from '../status-pages/page-changes.service';
import { MaintenanceJobName, reminderTime, SchedulableWindow } from './maintenance.queue';
import { MaintenanceRepository } from './maintenance.repository';
import { MaintenanceScheduleRepository, MovedWindow, ScheduledTarget } from './maintenance-schedule.repository';
import { toMaintenanceDto } from './maintenance.service';
import { Transition, transitionEventFor } from './maintenance.transitions';

/**
 * The automatic lifecycle of maintenance windows: the scheduled starts and
 * ends and the reminders their delayed jobs ask for (MaintenanceProcessor),
 * and the sweeps of overdue transitions with the windows still pending
 * (MaintenanceReconciler). PostgreSQL is the truth: every transition is a
 * conditional update (MaintenanceScheduleRepository), so a job delivered twice, a moved
 * window or a racing sweep changes nothing. Admin changes are
 * MaintenanceService's.
 */
@Injectable()
export class MaintenanceLifecycleService {
  private readonly logger = new Logger(MaintenanceLifecycleService.name);

  constructor(
    private readonly repo: MaintenanceRepository,
    private readonly schedule: MaintenanceScheduleRepository,
    private readonly changes: PageChangesService,
    private readonly events: EventBus,
  ) {}

  /**
   * Applies a job: `start` if the window is still scheduled to start at `at`;
   * `complete` if it is still scheduled to end at `at` (starting it first if
   * its start was missed too). A moved, cancelled or finished window, or a
   * duplicate delivery, changes nothing. Returns the transitions applied to
   * this window.
   */
  async runScheduledTransition(name: Exclude<MaintenanceJobName, 'remind'>, id: string, at: Date): Promise<Transition[]> {
    const moved = await this.schedule.applyScheduled(name, id, at);
    await this.announce(moved);
    // Many windows are often due at the same second: whichever job runs first
    // applies every overdue one of its kind in one statement, so the rest of
    // the burst finds nothing left to do (their jobs stay harmless).
    await this.sweepDue(name === 'start' ? 'in_progress' : 'completed');
    return moved.map(({ from, to }) => ({ from, to }));
  }

  /**
   * Applies a `remind` job: if the window is still scheduled, still to be
   * reminded of at `at` (not moved, its reminder not changed) and has not
   * started, its subscribers are told (`maintenance.reminder`, awaited: the job
   * is done once the email event is recorded). A duplicate delivery is
   * harmless: the email event's key is per window and start. True if due.
   */
  async remindIfDue(id: string, at: Date): Promise<boolean> {
    const m = await this.repo.findById(id);
    if (!m || m.status !== 'scheduled' || m.scheduledStart.getTime() <= Date.now()) return false;
    if (reminderTime(m)?.getTime() !== at.getTime()) return false;
    await this.events.emitAsync('maintenance.reminder', { maintenance: toMaintenanceDto(m) });
    return true;
  }

  /**
   * Applies, in batches, every automatic transition to `to` that is due now.
   * Concurrent sweeps skip each other's rows; the status condition keeps each
   * transition to exactly once. Returns how many it applied.
   */
  async sweepDue(to: ScheduledTarget, batch = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.schedule.sweepDue(to, batch);
      await this.announce(moved);
      total += moved.length;
      if (moved.length < batch) return total;
    }
  }

  /** Windows that still have an automatic transition ahead (for the reconciler), in id order after `afterId`. */
  findPending(afterId: string | undefined, take: number): Promise<SchedulableWindow[]> {
    return this.schedule.findPending(afterId, take);
  }

  /**
   * After scheduled transitions are committed: one read of the windows, one
   * public refresh per page, one event per transition. No job changes: a
   * window's end job was added with its start job.
   */
  private async announce(moved: MovedWindow[]): Promise<void> {
    if (moved.length === 0) return;
    try {
      const rows = await this.repo.findByIds(moved.map((m) => m.id));
      await Promise.all([...new Set(rows.map((r) => r.pageId))].map((pageId) => this.changes.pageChanged(pageId)));
      const byId = new Map(rows.map((r) => [r.id, toMaintenanceDto(r)]));
      for (const m of moved) {
        const maintenance = byId.get(m.id);
        const type = transitionEventFor(m.from, m.to);
        if (maintenance && type) this.events.emit(type, { maintenance });
      }
    } catch (err) {
      // Committed already: the public side catches up at its next refresh.
      this.logger.warn(`could not announce ${moved.length} maintenance transition(s): ${(err as Error).message}`);
    }
  }
}
