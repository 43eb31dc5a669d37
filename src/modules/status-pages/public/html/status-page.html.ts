import { Component, ComponentGroup } from '../../../../generated/prisma/client';
import { ComponentStatus } from '../../../../generated/prisma/enums';
import type { MaintenanceWithDetails } from '../../../maintenance/maintenance.repository';
import type { IncidentWithDetails } from '../../../status-incidents/incidents.repository';
import { layoutOf, statusOf } from '../layout';
import { PublicPageData } from '../public-page-data';
import { ComponentUptime, UPTIME_WINDOW_DAYS, uptimeOf } from '../uptime';
import { escapeHtml as e, formatDateTime, formatDay, formatRange, localDay, renderMarkdown } from './text';

/*
 * The human-readable status page: one static HTML document (inline CSS, no
 * script), rendered once per snapshot. Every piece of user text goes through
 * `e()` or `renderMarkdown()`.
 */

export const HISTORY_DAYS = 14;
const MOBILE_DAYS = 30;

export const STATUS_LABELS: Record<ComponentStatus, string> = {
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

export const UPDATE_LABELS: Record<string, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  postmortem: 'Postmortem',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

const IMPACT_LABELS: Record<string, string> = { none: 'None', minor: 'Minor', major: 'Major', critical: 'Critical' };

const label = (map: Record<string, string>, key: string) => map[key] ?? key;
const time = (d: Date, tz: string) => `<time datetime="${d.toISOString()}">${e(formatDateTime(d, tz))}</time>`;

export function renderStatusPage(d: PublicPageData): string {
  return shell(
    d,
    `${d.page.name} Status`,
    `<p class="banner ind-${e(d.indicator)}" role="status"><strong>${e(d.description)}</strong></p>
${activeIncidents(d)}
${maintenances(d)}
${components(d)}
${history(d)}`,
  );
}

/** Every incident and maintenance of the snapshot (the 50 most recent of each), newest first, each with its timeline. */
export function renderHistoryPage(d: PublicPageData): string {
  const base = e(d.publicUrl);
  const maintenancesShown = d.recentMaintenances.filter((m) => m.status !== 'cancelled');
  return shell(
    d,
    `${d.page.name} Status: history`,
    `<p><a href="${base}">← Current status</a></p>
<section aria-labelledby="h-incident-history">
<h2 id="h-incident-history">Incident history</h2>
${d.recentIncidents.length ? d.recentIncidents.map((i) => incident(d, i, true)).join('\n') : '<p class="empty">No incidents reported.</p>'}
</section>
<section aria-labelledby="h-maintenance-history">
<h2 id="h-maintenance-history">Maintenance history</h2>
${maintenancesShown.length ? maintenancesShown.map((m) => maintenance(d, m)).join('\n') : '<p class="empty">No maintenance.</p>'}
</section>`,
  );
}

/** The document around a page's content: head (feeds, inline CSS, no script), header and footer. */
function shell(d: PublicPageData, title: string, content: string): string {
  const tz = d.page.timeZone;
  const base = e(d.publicUrl);
  const feedTitle = `${d.page.name} Status`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="60">
<title>${e(title)}</title>
<meta name="description" content="${e(`${d.page.name}: ${d.description}`)}">
<link rel="alternate" type="application/atom+xml" title="${e(feedTitle)} (Atom)" href="${base}/history.atom">
<link rel="alternate" type="application/rss+xml" title="${e(feedTitle)} (RSS)" href="${base}/history.rss">
<style>${CSS}</style>
</head>
<body>
<header class="wrap">
<h1>${e(d.page.name)}</h1>
${d.page.description ? `<p class="lead">${e(d.page.description)}</p>` : ''}
</header>
<main class="wrap">
${content}
</main>
<footer class="wrap">
<p>Times are shown in ${e(tz)}. Last updated ${time(d.loadedAt, tz)}. This page refreshes every minute.</p>
<p>Subscribe: <a href="${base}/history.atom">Atom feed</a> · <a href="${base}/history.rss">RSS feed</a> · <a href="${base}/api/v2/summary.json">JSON API</a> · <a href="${base}/history">History</a></p>
</footer>
</body>
</html>
`;
}

function activeIncidents(d: PublicPageData): string {
  if (d.openIncidents.length === 0) return '';
  return `<section aria-labelledby="h-incidents">
<h2 id="h-incidents">Active incidents</h2>
${d.openIncidents.map((i) => incident(d, i, true)).join('\n')}
</section>`;
}

/** An incident with its timeline; with `anchor` false, a short entry linking to the one shown above. */
function incident(d: PublicPageData, i: IncidentWithDetails, anchor: boolean): string {
  const names = componentNames(d, i.components.map((c) => c.componentId));
  const updates = [...i.updates].sort((a, b) => b.seq - a.seq);
  return `<article class="card incident impact-${e(i.impact)}"${anchor ? ` id="incident-${e(i.id)}"` : ''}>
<h3>${anchor ? e(i.name) : `<a href="#incident-${e(i.id)}">${e(i.name)}</a>`}</h3>
<p class="meta"><span class="tag">${e(label(UPDATE_LABELS, i.status))}</span> Impact: ${e(label(IMPACT_LABELS, i.impact))}${
    names ? ` · Affects: ${names}` : ''
  }</p>
${anchor ? timeline(d, updates) : ''}
</article>`;
}

function maintenances(d: PublicPageData): string {
  const list = [...d.activeMaintenances, ...d.upcomingMaintenances];
  if (list.length === 0) return '';
  return `<section aria-labelledby="h-maintenance">
<h2 id="h-maintenance">Maintenance</h2>
${list.map((m) => maintenance(d, m)).join('\n')}
</section>`;
}

/** A maintenance window with its time range, components, description and timeline. */
function maintenance(d: PublicPageData, m: MaintenanceWithDetails): string {
  const names = componentNames(d, m.components.map((c) => c.componentId));
  const updates = [...m.updates].sort((a, b) => b.seq - a.seq);
  return `<article class="card maintenance maint-${e(m.status)}" id="maintenance-${e(m.id)}">
<h3>${e(m.title)}</h3>
<p class="meta"><span class="tag">${e(label(UPDATE_LABELS, m.status))}</span> <time datetime="${m.scheduledStart.toISOString()}/${m.scheduledEnd.toISOString()}">${e(
    formatRange(m.scheduledStart, m.scheduledEnd, d.page.timeZone),
  )}</time></p>
${names ? `<p class="meta">Affects: ${names}</p>` : ''}
${m.description ? `<div class="body">${renderMarkdown(m.description)}</div>` : ''}
${timeline(d, updates)}
</article>`;
}

function timeline(d: PublicPageData, updates: Array<{ status: string; message: string; createdAt: Date }>): string {
  if (updates.length === 0) return '';
  return `<ol class="timeline">
${updates
  .map(
    (u) => `<li><p class="when"><strong>${e(label(UPDATE_LABELS, u.status))}</strong> · ${time(u.createdAt, d.page.timeZone)}</p>
<div class="body">${renderMarkdown(u.message)}</div></li>`,
  )
  .join('\n')}
</ol>`;
}

function componentNames(d: PublicPageData, ids: string[]): string {
  const { byId } = layoutOf(d);
  return ids
    .map((id) => byId.get(id))
    .filter((c): c is Component => !!c)
    .map((c) => e(c.name))
    .join(', ');
}

const visible = (d: PublicPageData, c: Component) => !c.onlyShowIfDegraded || statusOf(d, c) !== 'operational';

function components(d: PublicPageData): string {
  const uptime = uptimeOf(d);
  // Groups with something to show, and visible ungrouped components, in display order.
  const top: Array<{ html: string; loose: boolean }> = [];
  for (const item of layoutOf(d).items) {
    if (item.kind === 'group') {
      const shown = item.children.filter((c) => visible(d, c));
      if (shown.length > 0) top.push({ html: group(item.group, item.status, shown, d, uptime), loose: false });
    } else if (visible(d, item.component)) {
      top.push({ html: component(d, item.component, uptime.get(item.component.id)), loose: true });
    }
  }
  // Consecutive ungrouped components share one card.
  const blocks: string[] = [];
  for (let i = 0; i < top.length; ) {
    if (!top[i].loose) blocks.push(top[i++].html);
    else {
      const run: string[] = [];
      while (i < top.length && top[i].loose) run.push(top[i++].html);
      blocks.push(`<ul class="components card">${run.join('')}</ul>`);
    }
  }
  return `<section aria-labelledby="h-components">
<h2 id="h-components">Components</h2>
${blocks.length ? blocks.join('\n') : '<p class="empty">No components.</p>'}
<p class="note">Each bar shows the last ${UPTIME_WINDOW_DAYS} days (${MOBILE_DAYS} on small screens), one cell per calendar day in ${e(
    d.page.timeZone,
  )}, coloured by the worst status of that day. Uptime is weighted by time since the component was added: a major outage counts as down, a partial outage as 30% down, degraded performance and maintenance count as up.</p>
</section>`;
}

function group(
  g: ComponentGroup,
  status: ComponentStatus,
  shown: Component[],
  d: PublicPageData,
  uptime: Map<string, ComponentUptime>,
): string {
  return `<div class="card group">
<h3 class="row"><span class="name">${e(g.name)}</span>${statusLabel(status)}</h3>
<ul class="components">${shown.map((c) => component(d, c, uptime.get(c.id))).join('')}</ul>
</div>`;
}

function statusLabel(s: ComponentStatus): string {
  return `<span class="status s-${s}"><span class="dot" aria-hidden="true"></span>${e(STATUS_LABELS[s] ?? s)}</span>`;
}

function component(d: PublicPageData, c: Component, uptime: ComponentUptime | undefined): string {
  const head = `<div class="row"><span class="name">${e(c.name)}</span>${statusLabel(statusOf(d, c))}</div>`;
  const desc = c.description ? `<p class="cdesc">${e(c.description)}</p>` : '';
  if (!c.showcase || !uptime) return `<li class="component">${head}${desc}</li>`;
  const bad = uptime.days.filter((x) => x.status && x.status !== 'operational').length;
  const cells = uptime.days
    .map((day) => {
      const status = day.status ? STATUS_LABELS[day.status] : 'No data';
      const pct = day.percent !== null && day.percent < 100 ? ` (${day.percent}% uptime)` : '';
      return `<span class="d s-${day.status ?? 'none'}" title="${e(`${formatDay(day.date)}: ${status}${pct}`)}"></span>`;
    })
    .join('');
  return `<li class="component">${head}${desc}
<div class="bar" role="img" aria-label="${e(`Last ${UPTIME_WINDOW_DAYS} days: ${bad} days with issues`)}">${cells}</div>
<div class="legend"><span><span class="ago90">${UPTIME_WINDOW_DAYS} days ago</span><span class="ago30">${MOBILE_DAYS} days ago</span></span><span class="pct">${uptime.percent}% uptime</span><span>Today</span></div>
</li>`;
}

function history(d: PublicPageData): string {
  const tz = d.page.timeZone;
  const today = Date.parse(`${localDay(d.loadedAt, tz)}T00:00:00Z`);
  const days = Array.from({ length: HISTORY_DAYS }, (_, k) => new Date(today - k * 86_400_000).toISOString().slice(0, 10));
  const byDay = new Map<string, IncidentWithDetails[]>();
  for (const i of d.recentIncidents) {
    const day = localDay(i.startedAt, tz);
    const list = byDay.get(day);
    if (list) list.push(i);
    else byDay.set(day, [i]);
  }
  const open = new Set(d.openIncidents.map((i) => i.id));
  return `<section aria-labelledby="h-history">
<h2 id="h-history">Past incidents</h2>
${days
  .map((day) => {
    const list = byDay.get(day) ?? [];
    if (list.length === 0) return `<div class="day quiet"><h3>${e(formatDay(day))}</h3><p class="empty">No incidents reported.</p></div>`;
    return `<div class="day">
<h3>${e(formatDay(day))}</h3>
${list.map((i) => incident(d, i, !open.has(i.id))).join('\n')}
</div>`;
  })
  .join('\n')}
<p><a href="${e(d.publicUrl)}/history">Incident history</a></p>
</section>`;
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2328;background:#f6f8fa}
.wrap{max-width:860px;margin:0 auto;padding:0 16px}
header.wrap{padding-top:24px}
h1{font-size:1.75rem;line-height:1.2;margin:0 0 4px;overflow-wrap:anywhere}
h2{font-size:1.25rem;margin:32px 0 12px}
h3{font-size:1.05rem;margin:0 0 6px;overflow-wrap:anywhere}
.lead{margin:0;color:#57606a}
a{color:#0550ae}
.banner{margin:16px 0 0;padding:16px 20px;border-radius:8px;font-size:1.15rem;color:#fff;background:#1a7f37}
.ind-minor{background:#f5c400;color:#2d2200}
.ind-major{background:#c2410c}
.ind-critical{background:#b42318}
.ind-maintenance{background:#0b5cad}
.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:14px 16px;margin:0 0 12px}
.row{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:4px 12px}
.name{font-weight:600;overflow-wrap:anywhere;min-width:0}
.status{font-size:.9rem;font-weight:600;white-space:nowrap}
.dot{display:inline-block;width:.65em;height:.65em;border-radius:50%;margin-right:6px;background:currentColor}
.s-operational{color:#1a7f37}.s-under_maintenance{color:#0b5cad}.s-degraded_performance{color:#8a5a00}
.s-partial_outage{color:#bc4c00}.s-major_outage{color:#b42318}
ul.components{list-style:none;margin:0;padding:0}
ul.components.card{padding:0 16px;margin:0 0 12px}
.group ul.components{border-top:1px solid #d8dee4;margin-top:8px}
.component{padding:12px 0;border-bottom:1px solid #eaeef2}
.component:last-child{border-bottom:0}
.group .component{padding-left:12px}
.cdesc{margin:2px 0 0;color:#57606a;font-size:.9rem}
.bar{display:flex;gap:2px;height:32px;margin-top:8px}
.bar .d{flex:1 1 0;min-width:0;border-radius:2px;background:#d0d7de}
.bar .s-operational{background:#2da44e}.bar .s-under_maintenance{background:#3b82f6}
.bar .s-degraded_performance{background:#e3b341}.bar .s-partial_outage{background:#f0883e}.bar .s-major_outage{background:#d1242f}
.legend{display:flex;justify-content:space-between;gap:8px;font-size:.8rem;color:#57606a;margin-top:4px}
.pct{font-weight:600;color:#1f2328}
.bar .d:nth-child(-n+${UPTIME_WINDOW_DAYS - MOBILE_DAYS}),.ago90{display:none}
@media (min-width:640px){.bar .d:nth-child(n){display:block}.ago90{display:inline}.ago30{display:none}
h1{font-size:2rem}.banner{padding:18px 24px}}
.note{font-size:.85rem;color:#57606a}
.meta{margin:0 0 8px;color:#57606a;font-size:.9rem}
.tag{display:inline-block;padding:0 8px;border-radius:999px;background:#eaeef2;color:#1f2328;font-weight:600;font-size:.8rem;margin-right:4px}
.incident{border-left:4px solid #8c959f}
.impact-minor{border-left-color:#d4a72c}.impact-major{border-left-color:#bc4c00}.impact-critical{border-left-color:#b42318}
.maintenance{border-left:4px solid #0b5cad}
.timeline{list-style:none;margin:0;padding:0}
.timeline li{padding:8px 0;border-top:1px solid #eaeef2}
.when{margin:0;font-size:.9rem;color:#57606a}.when strong{color:#1f2328}
.body{overflow-wrap:anywhere}.body p{margin:4px 0}
.body pre{overflow-x:auto;background:#f6f8fa;padding:8px;border-radius:6px}
.day{margin-bottom:16px}.day>h3{color:#57606a;font-size:.95rem;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.empty{color:#57606a;margin:4px 0}
.quiet{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:0 12px;border-bottom:1px solid #d0d7de;margin-bottom:8px}
.quiet>h3{border:0;margin:0;padding:4px 0}.quiet .empty{font-size:.9rem;margin:0}
footer{margin:32px auto;font-size:.85rem;color:#57606a}
`.replace(/\n/g, '');
