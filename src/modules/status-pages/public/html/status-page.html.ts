import { Component, ComponentGroup } from '../../../../generated/prisma/client';
import { ComponentStatus } from '../../../../generated/prisma/enums';
import type { PublicMaintenance } from '../../../maintenance/maintenance.types';
import type { PublicIncident } from '../../../status-incidents/incidents.types';
import { layoutOf, statusOf } from '../layout';
import { PublicPageData } from '../public-page-data';
import { leftOutText, PublicTimeline } from '../public-timeline';
import { ComponentUptime, UPTIME_WINDOW_DAYS, uptimeOf } from '../uptime';
import { MOBILE_DAYS, shell, time } from './page-shell';
import { markdownHtml } from './stored-markdown';
import { escapeHtml as e, formatDay, formatRange, localDay } from './text';

/*
 * The human-readable status page and its history page, rendered once per
 * snapshot into the shared shell (page-shell.ts). Every piece of user text goes through
 * `e()`, or was rendered by `renderMarkdown()` when written (`markdownHtml`).
 */

export const HISTORY_DAYS = 14;

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
/** A window's start and end, each its own <time> element, written as one range ("Dec 1, 10:00 – 12:00"). */
function timeRange(start: Date, end: Date, tz: string): string {
  const [from, to] = splitRange(formatRange(start, end, tz));
  return `<time datetime="${start.toISOString()}">${e(from)}</time> – <time datetime="${end.toISOString()}">${e(to)}</time>`;
}

function splitRange(text: string): [string, string] {
  const m = /^(.*?)\s+–\s+(.*)$/su.exec(text);
  return m ? [m[1], m[2]] : [text, ''];
}


export function renderStatusPage(d: PublicPageData): string {
  return shell(
    d,
    `${d.page.name} Status`,
    `<p class="banner ind-${e(d.indicator)}" data-page-status><strong>${e(d.description)}</strong></p>
${activeIncidents(d)}
${maintenances(d)}
${components(d)}
${history(d)}`,
    subscribeForm(d),
  );
}

/**
 * Where the form posts: a path on the origin the reader is on (the CSP allows
 * only `form-action 'self'`, and one rendered page serves every host).
 * `/status/{slug}` works on any host, the page's own domain included; on the
 * service's host it keeps the path of PUBLIC_BASE_URL.
 */
function subscribeAction(d: PublicPageData): string {
  const path = d.page.domain ? `/status/${d.page.slug}` : new URL(d.publicUrl).pathname;
  return `${path}/subscribe`;
}

/**
 * The email subscribe form (a plain form post, no script), outside <main> so
 * that a live refresh never wipes what the reader is typing. Rendered once
 * per snapshot like the rest of the page.
 */
function subscribeForm(d: PublicPageData): string {
  if (!d.subscriptions) return '';
  const { items } = layoutOf(d);
  const choices: string[] = [];
  for (const item of items) {
    const list = item.kind === 'group' ? item.children.map((c) => ({ c, name: `${item.group.name}: ${c.name}` })) : [{ c: item.component, name: item.component.name }];
    for (const { c, name } of list) {
      choices.push(`<li><input type="checkbox" id="sp-c-${e(c.id)}" name="componentIds" value="${e(c.id)}"><label for="sp-c-${e(c.id)}">${e(name)}</label></li>`);
    }
  }
  const fieldset = choices.length
    ? `<fieldset>
<legend>Components to follow (none checked: the whole page)</legend>
<ul class="checks">${choices.join('')}</ul>
</fieldset>`
    : '';
  return `<aside class="wrap" aria-labelledby="h-subscribe">
<h2 id="h-subscribe">Get email updates</h2>
<form class="card subscribe" method="post" action="${e(subscribeAction(d))}">
<label for="sp-email">Email address</label>
<input class="field" id="sp-email" name="email" type="email" required maxlength="254" autocomplete="email">
${fieldset}
<div class="actions"><button class="btn" type="submit">Subscribe</button></div>
<p class="note">We will send a link to confirm. Every email has a link to change what you follow or to unsubscribe.</p>
</form>
</aside>`;
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

function activeIncidents(d: PublicPageData): string {
  if (d.openIncidents.length === 0) return '';
  return `<section aria-labelledby="h-incidents">
<h2 id="h-incidents">Active incidents</h2>
${d.openIncidents.map((i) => incident(d, i, true)).join('\n')}
</section>`;
}

/** An incident with its timeline; with `anchor` false, a short entry linking to the one shown above. */
function incident(d: PublicPageData, i: PublicIncident, anchor: boolean): string {
  const names = componentNames(d, i.components.map((c) => c.componentId));
  return `<article class="card incident impact-${e(i.impact)}"${anchor ? ` id="incident-${e(i.id)}"` : ''}>
<h3>${anchor ? e(i.name) : `<a href="#incident-${e(i.id)}">${e(i.name)}</a>`}</h3>
<p class="meta"><span class="tag">${e(label(UPDATE_LABELS, i.status))}</span> Impact: ${e(label(IMPACT_LABELS, i.impact))}${
    names ? ` · Affects: ${names}` : ''
  }</p>
${anchor ? timeline(d, i) : ''}
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
function maintenance(d: PublicPageData, m: PublicMaintenance): string {
  const names = componentNames(d, m.components.map((c) => c.componentId));
  return `<article class="card maintenance maint-${e(m.status)}" id="maintenance-${e(m.id)}">
<h3>${e(m.title)}</h3>
<p class="meta"><span class="tag">${e(label(UPDATE_LABELS, m.status))}</span> ${timeRange(m.scheduledStart, m.scheduledEnd, d.page.timeZone)}</p>
${names ? `<p class="meta">Affects: ${names}</p>` : ''}
${m.description ? `<div class="body">${markdownHtml(m.descriptionHtml, m.description)}</div>` : ''}
${timeline(d, m)}
</article>`;
}

/** The timeline, newest entry first, and a line saying how many older entries the public bound left out (public-timeline.ts). */
function timeline(
  d: PublicPageData,
  item: PublicTimeline & { updates: Array<{ seq: number; status: string; message: string; messageHtml: string | null; createdAt: Date }> },
): string {
  const updates = [...item.updates].sort((a, b) => b.seq - a.seq);
  const leftOut = leftOutText(item);
  const note = leftOut ? `\n<p class="note" data-left-out>${e(leftOut)}</p>` : '';
  if (updates.length === 0) return note;
  return `<ol class="timeline">
${updates
  .map(
    (u) => `<li><p class="when"><strong>${e(label(UPDATE_LABELS, u.status))}</strong> · ${time(u.createdAt, d.page.timeZone)}</p>
<div class="body">${markdownHtml(u.messageHtml, u.message)}</div></li>`,
  )
  .join('\n')}
</ol>${note}`;
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
  const byDay = new Map<string, PublicIncident[]>();
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
