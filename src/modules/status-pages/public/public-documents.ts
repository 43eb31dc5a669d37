import { Logger } from '@nestjs/common';
import { V2ComponentsResponseDto, V2IncidentsResponseDto, V2ScheduledMaintenancesResponseDto, V2StatusResponseDto, V2SummaryDto } from './dto/statuspage-v2.dto';
import { renderBadge } from './html/badge';
import { renderCalendar } from './html/calendar';
import { renderAtom, renderRss } from './html/feeds';
import { renderHistoryPage, renderStatusPage } from './html/status-page.html';
import { escapeHtml } from './html/text';
import { forgetLayout } from './layout';
import { PublicPageData } from './public-page-data';
import { forgetUptime } from './uptime';
import { v2Components, v2Incident, v2Maintenance, v2Page, v2Status, v2Summary } from './statuspage-v2.mapper';

export interface Rendered {
  body: string | Buffer;
  contentType: string;
}

/** One public document of a page: where it is, how it is documented, how it is rendered. */
export interface PublicDocumentSpec {
  /** Path below `/status/{slug}/` (or below `/` on the page's own domain). */
  path: string;
  /** The operation's id (and the controller method's name) in the OpenAPI document. */
  operationId: string;
  summary: string;
  /** A response DTO for JSON documents; otherwise the media type of the text document. */
  response: { type: new () => unknown } | { produces: string; description: string };
  render: (data: PublicPageData) => Rendered;
  /**
   * A narrower variant chosen by one query parameter (`?component=`): rendered
   * on first request and kept in the snapshot under `kind:value`
   * (documentKey), like the document itself.
   */
  variant?: DocumentVariant;
}

export interface DocumentVariant {
  /** The query parameter. */
  param: string;
  description: string;
  /** Why the value is malformed (a 400 naming the parameter), or null. */
  check: (value: string) => string | null;
  /** The variant, or null when the page has no such value (a 404; nothing is kept). */
  render: (data: PublicPageData, value: string) => Rendered | null;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';
const CALENDAR_TYPE = 'text/calendar; charset=utf-8';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const json = (value: unknown): Rendered => ({ body: JSON.stringify(value), contentType: JSON_TYPE });
const logger = new Logger('PublicDocuments');

/** Never a 500 for a reader: if the full page cannot be rendered, show the banner alone. */
const html =
  (render: (d: PublicPageData) => string) =>
  (d: PublicPageData): Rendered => {
    try {
      return { body: render(d), contentType: HTML_TYPE };
    } catch (err) {
      logger.error(`could not render the status page of ${d.page.id}: ${(err as Error).stack ?? err}`);
      const name = escapeHtml(d.page.name);
      const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${name} Status</title></head><body><h1>${name}</h1><p>${escapeHtml(d.description)}</p></body></html>`;
      return { body, contentType: HTML_TYPE };
    }
  };

/**
 * Every public document a page has. The routes (by slug and on a page's own
 * domain), the front door's lookup and the rendering all derive from this
 * table. Each document is rendered once per snapshot.
 */
export const PUBLIC_DOCUMENTS = {
  summary: {
    path: 'api/v2/summary.json',
    operationId: 'getSummary',
    summary: 'Page, components, unresolved incidents, upcoming and active maintenance, indicator',
    response: { type: V2SummaryDto },
    render: (d) => json(v2Summary(d)),
  },
  status: {
    path: 'api/v2/status.json',
    operationId: 'getStatus',
    summary: 'The page indicator and its description',
    response: { type: V2StatusResponseDto },
    render: (d) => json({ page: v2Page(d), status: v2Status(d) }),
  },
  components: {
    path: 'api/v2/components.json',
    operationId: 'getComponents',
    summary: 'Components and groups with their effective status',
    response: { type: V2ComponentsResponseDto },
    render: (d) => json({ page: v2Page(d), components: v2Components(d) }),
  },
  incidents: {
    path: 'api/v2/incidents.json',
    operationId: 'getIncidents',
    summary: 'The 50 most recent incidents',
    response: { type: V2IncidentsResponseDto },
    render: (d) => json({ page: v2Page(d), incidents: d.recentIncidents.map((i) => v2Incident(d, i)) }),
  },
  unresolvedIncidents: {
    path: 'api/v2/incidents/unresolved.json',
    operationId: 'getUnresolvedIncidents',
    summary: 'Unresolved incidents',
    response: { type: V2IncidentsResponseDto },
    render: (d) => json({ page: v2Page(d), incidents: d.openIncidents.map((i) => v2Incident(d, i)) }),
  },
  maintenances: {
    path: 'api/v2/scheduled-maintenances.json',
    operationId: 'getScheduledMaintenances',
    summary: 'The 50 most recent scheduled maintenances',
    response: { type: V2ScheduledMaintenancesResponseDto },
    render: (d) => json({ page: v2Page(d), scheduled_maintenances: d.recentMaintenances.map((m) => v2Maintenance(d, m)) }),
  },
  upcomingMaintenances: {
    path: 'api/v2/scheduled-maintenances/upcoming.json',
    operationId: 'getUpcomingMaintenances',
    summary: 'Maintenances that have not started yet',
    response: { type: V2ScheduledMaintenancesResponseDto },
    render: (d) => json({ page: v2Page(d), scheduled_maintenances: d.upcomingMaintenances.map((m) => v2Maintenance(d, m)) }),
  },
  activeMaintenances: {
    path: 'api/v2/scheduled-maintenances/active.json',
    operationId: 'getActiveMaintenances',
    summary: 'Maintenances in progress or being verified',
    response: { type: V2ScheduledMaintenancesResponseDto },
    render: (d) => json({ page: v2Page(d), scheduled_maintenances: d.activeMaintenances.map((m) => v2Maintenance(d, m)) }),
  },
  html: {
    path: '',
    operationId: 'getStatusPage',
    summary: 'The human-readable status page (HTML)',
    response: { produces: 'text/html', description: 'HTML page' },
    render: html(renderStatusPage),
  },
  history: {
    path: 'history',
    operationId: 'getHistoryPage',
    summary: 'The incident and maintenance history page (HTML): the 50 most recent of each, with the newest entries of their timelines',
    response: { produces: 'text/html', description: 'HTML page' },
    render: html(renderHistoryPage),
  },
  atom: {
    path: 'history.atom',
    operationId: 'getAtomFeed',
    summary: 'Incident and maintenance history as an Atom feed',
    response: { produces: 'application/atom+xml', description: 'Atom feed' },
    render: (d) => ({ body: renderAtom(d), contentType: 'application/atom+xml; charset=utf-8' }),
  },
  rss: {
    path: 'history.rss',
    operationId: 'getRssFeed',
    summary: 'Incident and maintenance history as an RSS feed',
    response: { produces: 'application/rss+xml', description: 'RSS feed' },
    render: (d) => ({ body: renderRss(d), contentType: 'application/rss+xml; charset=utf-8' }),
  },
  calendar: {
    path: 'maintenances.ics',
    operationId: 'getMaintenanceCalendar',
    summary: 'Upcoming and in-progress maintenance as an iCalendar feed (cancelled windows stay 7 days, STATUS:CANCELLED)',
    response: { produces: 'text/calendar', description: 'iCalendar (RFC 5545) feed, one VEVENT per window' },
    render: (d) => ({ body: renderCalendar(d), contentType: CALENDAR_TYPE }),
    variant: {
      param: 'component',
      description: 'Only the windows that cover this component of the page (404 if the page has no such component)',
      check: (value) => (UUID.test(value) ? null : 'component must be a UUID'),
      render: (d, componentId) => {
        const id = componentId.toLowerCase();
        return d.components.some((c) => c.id === id) ? { body: renderCalendar(d, id), contentType: CALENDAR_TYPE } : null;
      },
    },
  },
  badge: {
    path: 'badge.svg',
    operationId: 'getBadge',
    summary: 'A status badge (SVG) showing the page indicator',
    response: { produces: 'image/svg+xml', description: 'SVG badge' },
    render: (d) => ({ body: renderBadge(d), contentType: 'image/svg+xml' }),
  },
} satisfies Record<string, PublicDocumentSpec>;

export type PublicDocumentKind = keyof typeof PUBLIC_DOCUMENTS;
export const PUBLIC_DOCUMENT_KINDS = Object.keys(PUBLIC_DOCUMENTS) as PublicDocumentKind[];

export function isPublicDocumentKind(kind: string): kind is PublicDocumentKind {
  return Object.prototype.hasOwnProperty.call(PUBLIC_DOCUMENTS, kind);
}

/** Lets go of what rendering a snapshot's documents derived from it (layout, uptime), kept until then for the next document. */
export function releaseRenderState(data: PublicPageData): void {
  forgetLayout(data);
  forgetUptime(data);
}

/** The document's variant parameter, if it has one. */
export function variantOf(kind: PublicDocumentKind): DocumentVariant | undefined {
  return (PUBLIC_DOCUMENTS[kind] as PublicDocumentSpec).variant;
}

/** The snapshot key of a document (`calendar`) or of one of its variants (`calendar:<value>`). */
export function documentKey(kind: PublicDocumentKind, value?: string): string {
  return value === undefined ? kind : `${kind}:${value}`;
}

/**
 * The variant a request asks for, from its raw query string: none (the
 * document itself), a value, or why the request is malformed (the parameter
 * twice, or a value its check refuses).
 */
export function requestedVariant(kind: PublicDocumentKind, query: string): { value?: string; error?: string } {
  const variant = variantOf(kind);
  if (!variant || !query.includes(variant.param)) return {};
  const values = new URLSearchParams(query).getAll(variant.param);
  if (values.length === 0) return {};
  if (values.length > 1) return { error: `${variant.param} must be given once` };
  const error = variant.check(values[0]);
  return error ? { error } : { value: values[0].toLowerCase() };
}

/** The route of a document, by slug (`/status/:slug/...`) or on a page's own domain (`/...`). */
export function publicRoutePath(by: 'slug' | 'domain', kind: PublicDocumentKind): string {
  const path = PUBLIC_DOCUMENTS[kind].path;
  return by === 'slug' ? `/status/:slug${path ? `/${path}` : ''}` : `/${path}`;
}
