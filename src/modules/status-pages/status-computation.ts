import { ComponentStatus, IncidentImpact } from '../../generated/prisma/enums';

/** Best to worst, as the contract orders them. */
export const COMPONENT_STATUS_ORDER: readonly ComponentStatus[] = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
];

export type PageIndicator = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';

export const INDICATOR_DESCRIPTIONS: Record<PageIndicator, string> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major System Outage',
  maintenance: 'Service Under Maintenance',
};

const INDICATOR_RANK: Record<Exclude<PageIndicator, 'maintenance'>, number> = {
  none: 0,
  minor: 1,
  major: 2,
  critical: 3,
};

export interface ComputationInput {
  components: ReadonlyArray<{ id: string; status: ComponentStatus }>;
  /** Unresolved incidents only (investigating, identified, monitoring). */
  openIncidents: ReadonlyArray<{
    impact: IncidentImpact;
    components: ReadonlyArray<{ componentId: string; status: ComponentStatus }>;
  }>;
  /** Maintenances that are in progress. */
  activeMaintenances: ReadonlyArray<{ componentIds: ReadonlyArray<string> }>;
  /** Statuses set by monitoring integrations while their alerts fire (any number per component). */
  automatedStatuses?: ReadonlyArray<{ componentId: string; status: ComponentStatus }>;
}

export interface ComputationResult {
  effective: Map<string, ComponentStatus>;
  /** The worst automated status of each component of the page that has one. */
  automated: Map<string, ComponentStatus>;
  indicator: PageIndicator;
  description: string;
}

export function worstStatus(a: ComponentStatus, b: ComponentStatus): ComponentStatus {
  return COMPONENT_STATUS_ORDER.indexOf(a) >= COMPONENT_STATUS_ORDER.indexOf(b) ? a : b;
}

/** The worst of several statuses (`operational` for none): a group's status. */
export function worstOf(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = 'operational';
  for (const s of statuses) worst = worstStatus(worst, s);
  return worst;
}

/** The indicator a component status alone implies (as Statuspage derives it); also an incident's impact. */
export function indicatorForStatus(status: ComponentStatus): Exclude<PageIndicator, 'maintenance'> {
  switch (status) {
    case 'major_outage':
      return 'critical';
    case 'partial_outage':
      return 'major';
    case 'degraded_performance':
      return 'minor';
    case 'operational':
    case 'under_maintenance':
      return 'none';
  }
}

/**
 * The status rules, in one place:
 * - a component's effective status is the worst of its manual status, the
 *   automated statuses its firing alerts set, the status each unresolved
 *   incident sets for it, and `under_maintenance` while a maintenance covering
 *   it is in progress;
 * - the page indicator is the worst of the effective statuses and the impacts of
 *   unresolved incidents; with nothing worse, an in-progress maintenance makes it
 *   `maintenance`.
 */
export function computeStatus(input: ComputationInput): ComputationResult {
  const effective = new Map<string, ComponentStatus>();
  for (const c of input.components) effective.set(c.id, c.status);
  const apply = (id: string, status: ComponentStatus) => {
    const current = effective.get(id);
    if (current !== undefined) effective.set(id, worstStatus(current, status));
  };
  const automated = new Map<string, ComponentStatus>();
  for (const a of input.automatedStatuses ?? []) {
    if (!effective.has(a.componentId)) continue;
    automated.set(a.componentId, worstStatus(automated.get(a.componentId) ?? 'operational', a.status));
    apply(a.componentId, a.status);
  }
  for (const incident of input.openIncidents) {
    for (const ic of incident.components) apply(ic.componentId, ic.status);
  }
  for (const m of input.activeMaintenances) {
    for (const id of m.componentIds) apply(id, 'under_maintenance');
  }

  let indicator: Exclude<PageIndicator, 'maintenance'> = 'none';
  const raise = (next: Exclude<PageIndicator, 'maintenance'>) => {
    if (INDICATOR_RANK[next] > INDICATOR_RANK[indicator]) indicator = next;
  };
  for (const status of effective.values()) raise(indicatorForStatus(status));
  for (const incident of input.openIncidents) raise(incident.impact);

  const result: PageIndicator =
    indicator === 'none' && (input.activeMaintenances.length > 0 || [...effective.values()].includes('under_maintenance'))
      ? 'maintenance'
      : indicator;
  return { effective, automated, indicator: result, description: INDICATOR_DESCRIPTIONS[result] };
}
