import type { Maintenance, MaintenanceUpdate } from '../../generated/prisma/client';

/*
 * What the maintenance module gives other modules (the public side among
 * them) of its rows. The queries stay in maintenance.repository.ts.
 */

/** A window with its component ids (in id order) and its timeline (by seq). */
export type MaintenanceWithDetails = Maintenance & { components: Array<{ componentId: string }>; updates: MaintenanceUpdate[] };

/** A window as the public side reads it: `updates` holds its newest entries within the public bound (public-timeline.ts), oldest first. */
export type PublicMaintenance = MaintenanceWithDetails & { updateCount: number };

/** What the calendar feed (maintenances.ics) shows of a window. */
export type CalendarMaintenance = Pick<
  Maintenance,
  'id' | 'title' | 'description' | 'status' | 'scheduledStart' | 'scheduledEnd' | 'updatedAt' | 'cancelledAt' | 'sequence'
> & { components: Array<{ componentId: string }> };
