import { ComponentStatus, IncidentImpact, IncidentStatus } from '../../generated/prisma/enums';
import { worstOf } from '../status-pages/status-computation';
import { valueOf } from './alertmanager-payload';
import { AlertState, impactForStatus } from './alert-processing';
import { MAX_TIMELINE_MESSAGE_LENGTH } from '../../common/limits';

/**
 * What an integration with `incidents: open` does to its incident after a
 * notification (pure, no I/O):
 * - no incident of its own is open and an alert started firing: open one,
 *   named after the `summary` annotation of the oldest firing alert, with the
 *   impact of the worst status, listing the alerting components;
 * - its incident is open: the status of each component follows its alerts
 *   (the worst firing one; operational once they all resolved), through a new
 *   timeline entry when one changed; the incident's own status is kept;
 * - the last alert resolved: the incident is resolved, unless someone else
 *   posted to its timeline meanwhile (then only the components go back to
 *   operational, and the incident stays open for that person to close).
 * "Changed" compares with what the integration itself last wrote for a
 * component, so a person's own edit of a component is not overwritten by
 * every repeated notification.
 */

export const MAX_NAME_LENGTH = 200;

/** The integration's open incident as the planner needs it. */
export interface TrackedIncident {
  status: IncidentStatus;
  /** The status the integration last set for each component, from its own entries, in order. */
  ours: Map<string, ComponentStatus>;
  /** Someone other than the integration wrote a timeline entry. */
  foreignUpdates: boolean;
}

export interface IncidentComponentChange {
  componentId: string;
  status: ComponentStatus;
}

export type IncidentAction =
  | { kind: 'none' }
  | { kind: 'open'; name: string; impact: IncidentImpact; message: string; components: IncidentComponentChange[] }
  | { kind: 'update'; status: IncidentStatus; message: string; components: IncidentComponentChange[] };

export interface IncidentPlanInput {
  integrationName: string;
  /** The integration's alert states after the notification. */
  alerts: readonly AlertState[];
  /** Some alert started firing in this notification. */
  newlyFiring: boolean;
  incident: TrackedIncident | null;
  componentNames: ReadonlyMap<string, string>;
}

const STATUS_WORDS: Record<ComponentStatus, string> = {
  operational: 'operational',
  under_maintenance: 'under maintenance',
  degraded_performance: 'degraded performance',
  partial_outage: 'partial outage',
  major_outage: 'major outage',
};

const byStart = (a: AlertState, b: AlertState) =>
  (a.startsAt?.getTime() ?? Infinity) - (b.startsAt?.getTime() ?? Infinity) || (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0);

/** What an alert is about, in a few words: its summary, else its alert name, else its fingerprint. */
export function alertTitle(alert: Pick<AlertState, 'labels' | 'annotations' | 'fingerprint'>): string {
  const text = valueOf(alert.annotations, 'summary') ?? valueOf(alert.labels, 'alertname') ?? `alert ${alert.fingerprint}`;
  return text.replace(/\s+/g, ' ').trim() || `alert ${alert.fingerprint}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Firing components with their worst status, and each one's worst alert (oldest first among equals). */
function firingComponents(alerts: readonly AlertState[]) {
  const out = new Map<string, { status: ComponentStatus; alert: AlertState }>();
  for (const a of [...alerts].filter((x) => x.firing).sort(byStart)) {
    const cur = out.get(a.componentId);
    if (!cur || worstOf([cur.status, a.status]) !== cur.status) out.set(a.componentId, { status: a.status, alert: a });
  }
  return out;
}

function lines(changes: IncidentComponentChange[], firing: ReturnType<typeof firingComponents>, names: ReadonlyMap<string, string>) {
  const out: string[] = [];
  for (const c of changes) {
    const name = names.get(c.componentId) ?? c.componentId;
    const alert = firing.get(c.componentId)?.alert;
    out.push(
      alert
        ? `- **${name}**: ${STATUS_WORDS[c.status]} (${alertTitle(alert)})`
        : `- **${name}**: ${STATUS_WORDS[c.status]}, its alerts resolved`,
    );
  }
  return out;
}

const sortByName = (names: ReadonlyMap<string, string>) => (a: IncidentComponentChange, b: IncidentComponentChange) =>
  (names.get(a.componentId) ?? '').localeCompare(names.get(b.componentId) ?? '') || a.componentId.localeCompare(b.componentId);

export function planIncident(input: IncidentPlanInput): IncidentAction {
  const { incident, componentNames: names } = input;
  const firing = firingComponents(input.alerts);

  if (!incident) {
    if (!input.newlyFiring || firing.size === 0) return { kind: 'none' };
    const components = [...firing].map(([componentId, f]) => ({ componentId, status: f.status })).sort(sortByName(names));
    const oldest = [...firing.values()].map((f) => f.alert).sort(byStart)[0];
    const count = input.alerts.filter((a) => a.firing).length;
    const message = [
      `${input.integrationName} reports ${count === 1 ? 'a firing alert' : `${count} firing alerts`}:`,
      '',
      ...lines(components, firing, names),
    ].join('\n');
    return {
      kind: 'open',
      name: clip(alertTitle(oldest), MAX_NAME_LENGTH),
      impact: impactForStatus(worstOf(components.map((c) => c.status))),
      message: clip(message, MAX_TIMELINE_MESSAGE_LENGTH),
      components,
    };
  }

  const desired = new Map<string, ComponentStatus>();
  for (const id of incident.ours.keys()) desired.set(id, 'operational');
  for (const [id, f] of firing) desired.set(id, f.status);
  const changes = [...desired]
    .filter(([id, status]) => incident.ours.get(id) !== status)
    .map(([componentId, status]) => ({ componentId, status }))
    .sort(sortByName(names));

  if (firing.size === 0 && !incident.foreignUpdates) {
    const message = ['All alerts resolved.', ...(changes.length ? ['', ...lines(changes, firing, names)] : [])].join('\n');
    return { kind: 'update', status: 'resolved', message: clip(message, MAX_TIMELINE_MESSAGE_LENGTH), components: changes };
  }
  if (changes.length === 0) return { kind: 'none' };
  const head =
    firing.size === 0
      ? 'All alerts resolved. The incident stays open: it has updates from someone else.'
      : `${input.integrationName} reports changes:`;
  const message = [head, '', ...lines(changes, firing, names)].join('\n');
  return { kind: 'update', status: incident.status, message: clip(message, MAX_TIMELINE_MESSAGE_LENGTH), components: changes };
}

/** The integration's view of one of its incidents, from the incident's timeline and the ids of its own entries. */
export function trackedIncident(
  incident: { status: IncidentStatus; updates: ReadonlyArray<{ id: string; components?: ReadonlyArray<IncidentComponentChange> }> },
  ownUpdateIds: ReadonlySet<string>,
): TrackedIncident {
  const ours = new Map<string, ComponentStatus>();
  let foreignUpdates = false;
  for (const u of incident.updates) {
    if (!ownUpdateIds.has(u.id)) {
      foreignUpdates = true;
      continue;
    }
    for (const c of u.components ?? []) ours.set(c.componentId, c.status);
  }
  return { status: incident.status, ours, foreignUpdates };
}
