import { InvalidTransitionError } from '../../common/errors';
import { IncidentStatus } from '../../generated/prisma/enums';

/**
 * The incident status rules, in one place.
 *
 * The normal path is investigating → identified → monitoring → resolved, then
 * optionally postmortem. Every status change is a new timeline entry; an entry
 * is never edited or removed. Any status may follow any other (skipping ahead,
 * or going back, e.g. reopening a resolved incident as `investigating`), with
 * one exception: `postmortem` only once the incident is resolved (409 otherwise).
 *
 * Times follow the status: `resolvedAt` is set when the incident becomes resolved
 * (kept through postmortem) and cleared when it is reopened; `monitoringAt` is
 * set when it enters `monitoring` and cleared when it goes back before it.
 */
export const INCIDENT_STATUS_ORDER: readonly IncidentStatus[] = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'postmortem',
];

/** Statuses an incident can be created with (postmortem needs a resolved incident first). */
export const INITIAL_INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type InitialIncidentStatus = (typeof INITIAL_INCIDENT_STATUSES)[number];

export interface IncidentStatusState {
  status: IncidentStatus;
  monitoringAt: Date | null;
  resolvedAt: Date | null;
}

export function isResolvedStatus(status: IncidentStatus): boolean {
  return status === 'resolved' || status === 'postmortem';
}

/** The status and times after appending an entry with status `to` at `at`; throws 409 if forbidden. */
export function applyIncidentStatus(current: IncidentStatusState, to: IncidentStatus, at: Date): IncidentStatusState {
  if (to === 'postmortem' && !isResolvedStatus(current.status)) {
    throw new InvalidTransitionError(
      `an incident can get a postmortem only once it is resolved (this one is ${current.status})`,
    );
  }
  const beforeMonitoring = INCIDENT_STATUS_ORDER.indexOf(to) < INCIDENT_STATUS_ORDER.indexOf('monitoring');
  let monitoringAt = current.monitoringAt;
  if (to === 'monitoring' && current.status !== 'monitoring') monitoringAt = at;
  else if (beforeMonitoring) monitoringAt = null;
  const resolvedAt = isResolvedStatus(to) ? (isResolvedStatus(current.status) ? current.resolvedAt : null) ?? at : null;
  return { status: to, monitoringAt, resolvedAt };
}

/** The state of a new incident created with `status`; `at` is when its first entry happened. */
export function initialIncidentState(status: InitialIncidentStatus, at: Date): IncidentStatusState {
  return applyIncidentStatus({ status: 'investigating', monitoringAt: null, resolvedAt: null }, status, at);
}
