import { JobsOptions } from 'bullmq';
import { MaintenanceStatus } from '../../generated/prisma/enums';
import { isRunning } from './maintenance.transitions';

/** Queue and jobs of the Maintenance module. */
export const MAINTENANCE_QUEUE = 'maintenance';

export interface MaintenanceJobs {
  /** Auto-start the window if it is still scheduled to start at `at` (epoch ms). */
  start: { maintenanceId: string; at: number };
  /** Auto-complete the window if it is still scheduled to end at `at` (epoch ms). */
  complete: { maintenanceId: string; at: number };
  /** Email the subscribers' reminder if the window is still scheduled to be reminded of at `at` (epoch ms). */
  remind: { maintenanceId: string; at: number };
}
export type MaintenanceJobName = keyof MaintenanceJobs;

/**
 * One id per window, action and scheduled time (no `:`, which BullMQ rejects).
 * BullMQ ignores an add whose id still exists, so a moved window gets a new id
 * and its old job can still be found and removed by the old one.
 */
export function maintenanceJobId(name: MaintenanceJobName, maintenanceId: string, at: number): string {
  return `maint-${name}-${maintenanceId}-${at}`;
}

export const MAINTENANCE_JOB_OPTIONS = {
  // Removed as soon as they finish, so a window moved back to an earlier time can be scheduled again.
  removeOnComplete: true,
  removeOnFail: true,
  attempts: 5,
  backoff: { type: 'exponential', delay: 500 },
} as const satisfies JobsOptions;

/** The fields of a window that decide its pending jobs. */
export interface SchedulableWindow {
  id: string;
  status: MaintenanceStatus;
  scheduledStart: Date;
  scheduledEnd: Date;
  autoStart: boolean;
  autoComplete: boolean;
  /** Minutes before the start when subscribers are reminded (null: no reminder). */
  remindBeforeMinutes: number | null;
  deliverNotifications: boolean;
  /** A reminder whose time was already past when the window was made is never sent. */
  createdAt: Date;
}

export interface PlannedJob<N extends MaintenanceJobName = MaintenanceJobName> {
  name: N;
  id: string;
  data: MaintenanceJobs[N];
}

/**
 * When a window's subscribers are reminded (null: never): remindBeforeMinutes
 * before its start, if it emails its subscribers at all and that instant was
 * still ahead when the window was made. A moved window has a new reminder time.
 */
export function reminderTime(m: SchedulableWindow): Date | null {
  if (m.remindBeforeMinutes === null || !m.deliverNotifications) return null;
  const at = new Date(m.scheduledStart.getTime() - m.remindBeforeMinutes * 60_000);
  return isValidDate(m.createdAt) && at.getTime() > m.createdAt.getTime() ? at : null;
}

/**
 * The jobs a window needs in its current state: `remind` while it is scheduled
 * and has a reminder (reminderTime); `start` while it is scheduled with
 * autoStart; `complete` while it is running with autoComplete (or will be
 * started automatically). Finished windows need none.
 */
export function plannedJobs(m: SchedulableWindow): PlannedJob[] {
  const jobs: PlannedJob[] = [];
  // A row whose times cannot be read (written before instants were validated) plans nothing,
  // rather than poisoning a whole batch of jobs with NaN.
  if (!isValidDate(m.scheduledStart) || !isValidDate(m.scheduledEnd)) return jobs;
  const job = (name: MaintenanceJobName, at: Date): PlannedJob => ({
    name,
    id: maintenanceJobId(name, m.id, at.getTime()),
    data: { maintenanceId: m.id, at: at.getTime() },
  });
  const remindAt = m.status === 'scheduled' ? reminderTime(m) : null;
  if (remindAt) jobs.push(job('remind', remindAt));
  if (m.status === 'scheduled' && m.autoStart) jobs.push(job('start', m.scheduledStart));
  if (m.autoComplete && (isRunning(m.status) || (m.status === 'scheduled' && m.autoStart))) {
    jobs.push(job('complete', m.scheduledEnd));
  }
  return jobs;
}

/** Arguments for `queue.add` / `queue.addBulk`: delayed until the job's time (at once if overdue). */
export function toBullJob(job: PlannedJob, now = Date.now()) {
  return {
    name: job.name,
    data: job.data,
    opts: { ...MAINTENANCE_JOB_OPTIONS, jobId: job.id, delay: Math.max(0, job.data.at - now) },
  };
}

function isValidDate(d: Date): boolean {
  return d instanceof Date && Number.isFinite(d.getTime());
}
