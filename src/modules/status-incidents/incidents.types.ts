import type { Incident, IncidentComponent, IncidentUpdate, Prisma } from '../../generated/prisma/client';
import type { ComponentStatus } from '../../generated/prisma/enums';

/*
 * What the incidents module gives other modules (the public side among them)
 * of its rows: read-model types, and how a stored timeline entry's components
 * are read. The queries stay in incidents.repository.ts.
 */

/** An incident with its components (by position) and its timeline (by seq). */
export type IncidentWithDetails = Incident & { components: IncidentComponent[]; updates: IncidentUpdate[] };

/** An incident as the public side reads it: `updates` holds its newest entries within the public bound (public-timeline.ts), oldest first. */
export type PublicIncident = IncidentWithDetails & { updateCount: number };

/** What the page's status needs of an unresolved incident. */
export interface OpenIncidentImpact {
  impact: Incident['impact'];
  components: Array<{ componentId: string; status: ComponentStatus }>;
}

/** How a timeline entry stores a component change (JSON in `incident_updates.components`). */
export interface TimelineComponentEntry {
  componentId: string;
  status: ComponentStatus;
  /** The component's name when the entry was written (it may be renamed or removed later). */
  name: string;
  /** Its effective status just before the entry. */
  oldStatus: ComponentStatus | null;
}

/** A stored entry's components (none when the column is null or not a list). */
export function timelineComponents(stored: Prisma.JsonValue | null): TimelineComponentEntry[] {
  return Array.isArray(stored) ? (stored as unknown as TimelineComponentEntry[]) : [];
}
