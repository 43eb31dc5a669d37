import { ComponentStatus } from '../../../generated/prisma/enums';
import { Component } from '../../../generated/prisma/client';
import type { PublicMaintenance } from '../../maintenance/maintenance.types';
import { type PublicIncident, timelineComponents } from '../../status-incidents/incidents.types';
import { layoutOf, LayoutItem, statusOf } from './layout';
import { historyLink, PublicPageData } from './public-page-data';
import { UPTIME_WINDOW_DAYS, uptimeOf } from './uptime';

/*
 * Statuspage v2 public API shapes (field names, nesting, enumerations), so
 * that existing clients and Atlassian's status widget work unchanged.
 */

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);


export function v2Page(d: PublicPageData) {
  return {
    id: d.page.id,
    name: d.page.name,
    url: d.page.url ?? d.publicUrl,
    time_zone: d.page.timeZone,
    updated_at: iso(d.updatedAt),
  };
}

export function v2Status(d: PublicPageData) {
  return { indicator: d.indicator, description: d.description };
}

function v2Component(d: PublicPageData, c: Component) {
  return {
    id: c.id,
    name: c.name,
    status: statusOf(d, c),
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
    position: c.position,
    description: c.description,
    showcase: c.showcase,
    start_date: c.createdAt.toISOString().slice(0, 10),
    group_id: c.groupId,
    page_id: c.pageId,
    group: false,
    only_show_if_degraded: c.onlyShowIfDegraded,
    /** Not in Statuspage's format (its clients ignore it): time-weighted uptime, see uptime.ts. */
    uptime: { percent: uptimeOf(d).get(c.id)?.percent ?? 100, days: UPTIME_WINDOW_DAYS },
  };
}

function v2Group(item: Extract<LayoutItem, { kind: 'group' }>) {
  const g = item.group;
  return {
    id: g.id,
    name: g.name,
    status: item.status,
    created_at: iso(g.createdAt),
    updated_at: iso(g.updatedAt),
    position: g.position,
    description: null,
    showcase: false,
    start_date: null,
    group_id: null,
    page_id: g.pageId,
    group: true,
    only_show_if_degraded: false,
    components: item.children.map((c) => c.id),
  };
}

/** Groups and ungrouped components by position, each group followed by its components. */
export function v2Components(d: PublicPageData) {
  return layoutOf(d).items.flatMap((item) =>
    item.kind === 'group'
      ? [v2Group(item), ...item.children.map((c) => v2Component(d, c))]
      : [v2Component(d, item.component)],
  );
}

function affected(d: PublicPageData, stored: PublicIncident['updates'][number]['components']) {
  const entries = timelineComponents(stored);
  if (entries.length === 0) return null;
  const { byId } = layoutOf(d);
  return entries.map((s) => ({
    code: s.componentId,
    name: s.name ?? byId.get(s.componentId)?.name ?? 'Removed component',
    old_status: s.oldStatus ?? 'operational',
    new_status: s.status,
  }));
}

/** `incident_updates`: newest first, the entries within the public bound (public-timeline.ts). */
export function v2Incident(d: PublicPageData, i: PublicIncident) {
  const { byId } = layoutOf(d);
  const updates = [...i.updates].sort((a, b) => b.seq - a.seq);
  return {
    id: i.id,
    name: i.name,
    status: i.status,
    created_at: iso(i.createdAt),
    updated_at: iso(i.updatedAt),
    monitoring_at: iso(i.monitoringAt),
    resolved_at: iso(i.resolvedAt),
    impact: i.impact,
    shortlink: historyLink(d, 'incident', i.id),
    started_at: iso(i.startedAt),
    page_id: i.pageId,
    incident_updates: updates.map((u) => ({
      id: u.id,
      status: u.status,
      body: u.message,
      incident_id: i.id,
      created_at: iso(u.createdAt),
      updated_at: iso(u.createdAt),
      display_at: iso(u.createdAt),
      affected_components: affected(d, u.components),
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    })),
    components: i.components
      .map((ic) => byId.get(ic.componentId))
      .filter((c): c is Component => !!c)
      .map((c) => v2Component(d, c)),
  };
}

export function v2Maintenance(d: PublicPageData, m: PublicMaintenance) {
  const { byId } = layoutOf(d);
  const updates = [...m.updates].sort((a, b) => b.seq - a.seq);
  return {
    id: m.id,
    name: m.title,
    status: m.status,
    created_at: iso(m.createdAt),
    updated_at: iso(m.updatedAt),
    monitoring_at: null,
    resolved_at: iso(m.completedAt),
    impact: 'maintenance',
    shortlink: historyLink(d, 'maintenance', m.id),
    started_at: iso(m.startedAt ?? m.scheduledStart),
    page_id: m.pageId,
    incident_updates: updates.map((u) => ({
      id: u.id,
      status: u.status,
      body: u.message,
      incident_id: m.id,
      created_at: iso(u.createdAt),
      updated_at: iso(u.createdAt),
      display_at: iso(u.createdAt),
      affected_components: null,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    })),
    components: m.components
      .map((mc) => byId.get(mc.componentId))
      .filter((c): c is Component => !!c)
      .map((c) => v2Component(d, c)),
    scheduled_for: iso(m.scheduledStart),
    scheduled_until: iso(m.scheduledEnd),
  };
}

export function v2Summary(d: PublicPageData) {
  return {
    page: v2Page(d),
    components: v2Components(d),
    incidents: d.openIncidents.map((i) => v2Incident(d, i)),
    scheduled_maintenances: [...d.activeMaintenances, ...d.upcomingMaintenances].map((m) => v2Maintenance(d, m)),
    status: v2Status(d),
  };
}
