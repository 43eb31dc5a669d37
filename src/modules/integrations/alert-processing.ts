import { ComponentStatus, IncidentImpact } from '../../generated/prisma/enums';
import { indicatorForStatus, worstStatus } from '../status-pages/status-computation';
import { ReceivedAlert, StringMap, valueOf } from './alertmanager-payload';

/**
 * The rules of a monitoring integration, in one place (pure, no I/O):
 * which component an alert names, the status its severity sets, what a
 * notification changes in the stored alert states, and the worst firing
 * status of each component.
 *
 * - An alert names a component through the integration's `componentLabel`:
 *   the label's value (trimmed) is a component id, or else its exact name, or
 *   else its name ignoring case (with several, the first by position).
 * - An alert that was stored keeps the component it named then (a renamed
 *   component still gets its alerts' resolution).
 * - The `severity` label maps to a status through `statusBySeverity` (exact
 *   key, else a key equal ignoring case); no label, or no key: `partial_outage`.
 * - Alerts are keyed by fingerprint; within one notification the last one of a
 *   fingerprint counts. Each alert's own `status` counts: firing sets its
 *   status on its component, resolved takes it away.
 * - A stored resolved alert is not brought back by a late firing copy of the
 *   same occurrence (same `startsAt`): Alertmanager retries may arrive late.
 * - A notification that repeats the stored state changes nothing.
 */

export const DEFAULT_STATUS_BY_SEVERITY: Readonly<Record<string, ComponentStatus>> = {
  critical: 'major_outage',
  warning: 'degraded_performance',
};
/** The status of an alert whose severity is not in the map (or that has no `severity` label). */
export const FALLBACK_STATUS: ComponentStatus = 'partial_outage';
export const SEVERITY_LABEL = 'severity';

export interface IntegrationRules {
  componentLabel: string;
  statusBySeverity: Readonly<Record<string, ComponentStatus>>;
}

export interface ComponentRef {
  id: string;
  name: string;
}

/** An alert's stored state. */
export interface AlertState {
  fingerprint: string;
  componentId: string;
  status: ComponentStatus;
  firing: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
  labels: StringMap;
  annotations: StringMap;
}

export interface NotificationPlan {
  /** Alert states that are new or differ from the stored ones (to store). */
  upserts: AlertState[];
  /** Alerts that named no component of the page (the last of each fingerprint). */
  unmatched: ReceivedAlert[];
  /** The integration's alert states after the notification (stored ones included). */
  after: AlertState[];
  /** Some component's automated status may have changed. */
  statusChanged: boolean;
  /** Some alert started firing (it was not firing before). */
  newlyFiring: boolean;
}

export function statusForSeverity(map: Readonly<Record<string, ComponentStatus>>, severity: string | undefined): ComponentStatus {
  if (severity === undefined) return FALLBACK_STATUS;
  if (Object.prototype.hasOwnProperty.call(map, severity)) return map[severity];
  const lower = severity.toLowerCase();
  const key = Object.keys(map).find((k) => k.toLowerCase() === lower);
  return key === undefined ? FALLBACK_STATUS : map[key];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Looks components up by what an alert's label says (components in position order). */
export class ComponentMatcher {
  private readonly byId = new Map<string, ComponentRef>();
  private readonly byName = new Map<string, ComponentRef>();
  private readonly byLowerName = new Map<string, ComponentRef>();

  constructor(components: readonly ComponentRef[]) {
    for (const c of components) {
      this.byId.set(c.id.toLowerCase(), c);
      if (!this.byName.has(c.name)) this.byName.set(c.name, c);
      if (!this.byLowerName.has(c.name.toLowerCase())) this.byLowerName.set(c.name.toLowerCase(), c);
    }
  }

  has(id: string): boolean {
    return this.byId.has(id.toLowerCase());
  }

  match(value: string | undefined): ComponentRef | null {
    if (value === undefined) return null;
    const v = value.trim();
    if (!v) return null;
    if (UUID.test(v)) {
      const c = this.byId.get(v.toLowerCase());
      if (c) return c;
    }
    return this.byName.get(v) ?? this.byLowerName.get(v.toLowerCase()) ?? null;
  }
}

const sameTime = (a: Date | null, b: Date | null) => (a === null || b === null ? a === b : a.getTime() === b.getTime());

function sameMap(a: StringMap, b: StringMap): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => valueOf(b, k) === a[k]);
}

function sameState(a: AlertState, b: AlertState): boolean {
  return (
    a.componentId === b.componentId &&
    a.status === b.status &&
    a.firing === b.firing &&
    sameTime(a.startsAt, b.startsAt) &&
    sameTime(a.endsAt, b.endsAt) &&
    sameMap(a.labels, b.labels) &&
    sameMap(a.annotations, b.annotations)
  );
}

/** Whether going from `before` to `after` can change the component's automated status. */
function changesStatus(before: AlertState | undefined, after: AlertState): boolean {
  if (!before) return after.firing;
  if (before.firing !== after.firing) return true;
  return after.firing && (before.status !== after.status || before.componentId !== after.componentId);
}

/**
 * What a notification does to the stored alert states. `stored` must hold
 * every firing alert of the integration and every stored alert the
 * notification names; `components` are the page's (rows of deleted
 * components are gone with them).
 */
export function planNotification(
  stored: readonly AlertState[],
  alerts: readonly ReceivedAlert[],
  rules: IntegrationRules,
  components: readonly ComponentRef[],
): NotificationPlan {
  const matcher = new ComponentMatcher(components);
  const state = new Map<string, AlertState>();
  for (const s of stored) if (matcher.has(s.componentId)) state.set(s.fingerprint, s);
  const latest = new Map<string, ReceivedAlert>();
  for (const a of alerts) {
    latest.delete(a.fingerprint);
    latest.set(a.fingerprint, a);
  }

  const upserts: AlertState[] = [];
  const unmatched: ReceivedAlert[] = [];
  let statusChanged = false;
  let newlyFiring = false;
  for (const alert of latest.values()) {
    const before = state.get(alert.fingerprint);
    const firing = alert.status === 'firing';
    const componentId = before?.componentId ?? matcher.match(valueOf(alert.labels, rules.componentLabel))?.id;
    if (componentId === undefined) {
      unmatched.push(alert);
      continue;
    }
    if (before && !before.firing && firing && alert.startsAt !== null && sameTime(before.startsAt, alert.startsAt)) {
      continue; // a late copy of an occurrence already resolved
    }
    const next: AlertState = {
      fingerprint: alert.fingerprint,
      componentId,
      status: statusForSeverity(rules.statusBySeverity, valueOf(alert.labels, SEVERITY_LABEL)),
      firing,
      startsAt: alert.startsAt,
      endsAt: alert.endsAt,
      labels: alert.labels,
      annotations: alert.annotations,
    };
    if (before && sameState(before, next)) continue;
    if (changesStatus(before, next)) statusChanged = true;
    if (firing && !before?.firing) newlyFiring = true;
    upserts.push(next);
    state.set(next.fingerprint, next);
  }
  return { upserts, unmatched, after: [...state.values()], statusChanged, newlyFiring };
}

/**
 * The integration's stored alerts seen anew with changed rules (PATCH of
 * `componentLabel` or `statusBySeverity`): each is matched and mapped again
 * from its labels, as if Alertmanager had just sent it.
 */
export function replanWithRules(
  stored: readonly AlertState[],
  rules: IntegrationRules,
  components: readonly ComponentRef[],
): NotificationPlan & { removed: string[] } {
  const matcher = new ComponentMatcher(components);
  const upserts: AlertState[] = [];
  const removed: string[] = [];
  const after: AlertState[] = [];
  let statusChanged = false;
  for (const s of stored) {
    const component = matcher.match(valueOf(s.labels, rules.componentLabel));
    if (!component) {
      removed.push(s.fingerprint);
      if (s.firing) statusChanged = true;
      continue;
    }
    const next = { ...s, componentId: component.id, status: statusForSeverity(rules.statusBySeverity, valueOf(s.labels, SEVERITY_LABEL)) };
    after.push(next);
    if (sameState(s, next)) continue;
    if (changesStatus(s, next)) statusChanged = true;
    upserts.push(next);
  }
  return { upserts, unmatched: [], after, statusChanged, newlyFiring: false, removed };
}

/** The worst status of each component among the firing alerts. */
export function firingByComponent(states: readonly AlertState[]): Map<string, ComponentStatus> {
  const out = new Map<string, ComponentStatus>();
  for (const s of states) {
    if (s.firing) out.set(s.componentId, worstStatus(out.get(s.componentId) ?? 'operational', s.status));
  }
  return out;
}

/** The impact of an incident whose worst component status is `status` (as Statuspage derives it). */
export function impactForStatus(status: ComponentStatus): IncidentImpact {
  return indicatorForStatus(status);
}
