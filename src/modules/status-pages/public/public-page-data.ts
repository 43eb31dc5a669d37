import { ComponentStatus } from '../../../generated/prisma/enums';
import { Component, ComponentGroup, Page } from '../../../generated/prisma/client';
import type { CalendarMaintenance, PublicMaintenance } from '../../maintenance/maintenance.types';
import type { PublicIncident } from '../../status-incidents/incidents.types';
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
  /*
   * Incidents and maintenances carry the newest entries of their timelines
   * within the public bound (public-timeline.ts), and their number of entries in all.
   */
  /** Unresolved incidents, newest first. */
  openIncidents: PublicIncident[];
  /** The 50 most recent incidents (any status), newest first. */
  recentIncidents: PublicIncident[];
  /** Scheduled (not yet started) maintenances, soonest first. */
  upcomingMaintenances: PublicMaintenance[];
  /** In progress or verifying, soonest first. */
  activeMaintenances: PublicMaintenance[];
  /** The 50 most recent maintenances that were not cancelled, newest first. */
  recentMaintenances: PublicMaintenance[];
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
 * Where an incident or maintenance is shown with its timeline: its anchor
 * on the history page (`PUBLIC_DOCUMENTS.history.path`), which lists the 50 most
 * recent of each. Feed items and Statuspage `shortlink`s point here.
 */
export const historyLink = (d: PublicPageData, kind: 'incident' | 'maintenance', id: string): string =>
  `${d.publicUrl}/history#${kind}-${id}`;
