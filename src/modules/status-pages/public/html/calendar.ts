import { calendarWindows, renderMaintenanceCalendar } from '../../../maintenance/series/maintenance-calendar';
import type { CalendarMaintenance } from '../../../maintenance/maintenance.types';
import { PublicPageData } from '../public-page-data';

/** Where a calendar event links: the window on the status page (which lists the running and upcoming ones). */
const eventUrl = (d: PublicPageData, m: CalendarMaintenance) =>
  m.status === 'cancelled' ? d.publicUrl : `${d.publicUrl}#maintenance-${m.id}`;

/**
 * The page's maintenance calendar (`maintenances.ics`): upcoming and running
 * windows, and those cancelled in the last 7 days, as of the snapshot's read
 * (so the same snapshot always gives the same bytes and ETag); with a
 * component, only the windows that cover it.
 */
export function renderCalendar(d: PublicPageData, componentId?: string): string {
  const rows = d.calendarMaintenances.map((m) => ({ ...m, componentIds: m.components.map((c) => c.componentId) }));
  const windows = calendarWindows(rows, d.loadedAt, { componentId }).map((m) => ({ ...m, url: eventUrl(d, m) }));
  const component = componentId ? d.components.find((c) => c.id === componentId) : undefined;
  const name = component ? `${d.page.name}: ${component.name}` : d.page.name;
  return renderMaintenanceCalendar({ name, slug: d.page.slug, url: d.publicUrl }, windows);
}
