import { ComponentStatus } from '../../../generated/prisma/enums';
import { Component, ComponentGroup, Page } from '../../../generated/prisma/client';
import type { CalendarMaintenance, MaintenanceWithDetails } from '../../maintenance/maintenance.types';
import type { IncidentWithDetails } from '../../status-incidents/incidents.types';
import { PageIndicator } from '../status-computation';
import type { StatusHistoryRow } from '../status-history/status-history.repository';

/** Everything the public renderers need for one page, loaded once per change. */
export interface PublicPageData {
  page: Page;
  /** The page's public address (`{PUBLIC_BASE_URL}/status/{slug}` or its domain). */
  publicUrl: string;
  /** Base for links on the public side (`/status/{slug}` or `` on the page's domain). */
  groups: ComponentGroup[];
  components: Component[];
  effective: Map<string, ComponentStatus>;
  indicator: PageIndicator;
  description: string;
  /** Unresolved incidents, newest first. */
  openIncidents: IncidentWithDetails[];
  /** The 50 most recent incidents (any status), newest first. */
  recentIncidents: IncidentWithDetails[];
  /** Scheduled (not yet started) maintenances, soonest first. */
  upcomingMaintenances: MaintenanceWithDetails[];
  /** In progress or verifying, soonest first. */
  activeMaintenances: MaintenanceWithDetails[];
  /** The 50 most recent maintenances that were not cancelled, newest first. */
  recentMaintenances: MaintenanceWithDetails[];
  /** The calendar feeds' windows: not finished, or cancelled in the last 7 days; by start (the page's first 500 and each component's). */
  calendarMaintenances: CalendarMaintenance[];
  /** Status history for the last 90 days, plus each component's last row before that. */
  history: StatusHistoryRow[];
  /** Whether the page shows the email subscribe form (public, allowSubscribers, SMTP_URL set). */
  subscriptions: boolean;
  /** When the data was read. */
  loadedAt: Date;
  /** Latest change time of anything shown (page.updated_at in Statuspage's sense). */
  updatedAt: Date;
}

/**
 * Where an incident or maintenance is shown with its whole timeline: its anchor
 * on the history page (`PUBLIC_DOCUMENTS.history.path`), which lists the 50 most
 * recent of each. Feed items and Statuspage `shortlink`s point here.
 */
export const historyLink = (d: PublicPageData, kind: 'incident' | 'maintenance', id: string): string =>
  `${d.publicUrl}/history#${kind}-${id}`;
