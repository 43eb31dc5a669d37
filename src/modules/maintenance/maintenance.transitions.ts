import { MaintenanceStatus } from '../../generated/prisma/enums';
import { MaintenanceEventName } from '../../events/app-events';

/**
 * The lifecycle of a window. `verifying` is an optional step between
 * `in_progress` and `completed`; `completed` and `cancelled` are final.
 */
const NEXT: Record<MaintenanceStatus, readonly MaintenanceStatus[]> = {
  scheduled: ['in_progress', 'cancelled'],
  in_progress: ['verifying', 'completed'],
  verifying: ['in_progress', 'completed'],
  completed: [],
  cancelled: [],
};

/** A status change applied to a window. */
export interface Transition {
  from: MaintenanceStatus;
  to: MaintenanceStatus;
}

/** Statuses of a window that is running (its components are under maintenance while in progress). */
export const RUNNING_STATUSES = ['in_progress', 'verifying'] as const satisfies readonly MaintenanceStatus[];

export function isRunning(status: MaintenanceStatus): boolean {
  return (RUNNING_STATUSES as readonly MaintenanceStatus[]).includes(status);
}

/** Statuses in which the window may still be edited or moved. */
export const EDITABLE_STATUSES: readonly MaintenanceStatus[] = ['scheduled', 'in_progress'];

export function canTransition(from: MaintenanceStatus, to: MaintenanceStatus): boolean {
  return NEXT[from].includes(to);
}

/** Why `from → to` is refused (the 409 message). */
export function transitionRefusal(from: MaintenanceStatus, to: MaintenanceStatus): string {
  if (from === to) return `maintenance is already ${from}`;
  if (NEXT[from].length === 0) return `maintenance is ${from}: it cannot become ${to}`;
  return `a ${from} maintenance cannot become ${to} (allowed: ${NEXT[from].join(', ')})`;
}

/** Timestamps a transition sets. `startedAt` is kept when going back from verifying. */
export function transitionStamps(from: MaintenanceStatus, to: MaintenanceStatus, now: Date) {
  switch (to) {
    case 'in_progress':
      return from === 'scheduled' ? { startedAt: now } : {};
    case 'completed':
      return { completedAt: now };
    case 'cancelled':
      return { cancelledAt: now };
    default:
      return {};
  }
}

/** The timeline message when none is given. */
export const DEFAULT_MESSAGES: Record<MaintenanceStatus, string> = {
  scheduled: 'Maintenance has been scheduled.',
  in_progress: 'Scheduled maintenance is currently in progress.',
  verifying: 'Maintenance work is being verified.',
  completed: 'Scheduled maintenance has been completed.',
  cancelled: 'Scheduled maintenance has been cancelled.',
};

/** The event announcing the transition `from → to`, if any. */
export function transitionEventFor(from: MaintenanceStatus, to: MaintenanceStatus): MaintenanceEventName | null {
  switch (to) {
    case 'in_progress':
      return from === 'scheduled' ? 'maintenance.started' : null;
    case 'completed':
      return 'maintenance.completed';
    case 'cancelled':
      return 'maintenance.cancelled';
    default:
      return null;
  }
}
