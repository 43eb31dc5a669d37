import { Injectable } from '@nestjs/common';
import { PublicPageData } from './public-page-data';
import {
  v2Components,
  v2Incident,
  v2Maintenance,
  v2Page,
  v2Status,
  v2Summary,
} from './statuspage-v2.mapper';

/**
 * Every public document a page has, by kind, with its path below
 * `/status/{slug}/` (or below `/` on the page's own domain). Each is rendered
 * once per snapshot; the human-side kinds (html, history, atom, rss, badge) are
 * registered by PublicHtmlRenderer.
 */
export const PUBLIC_DOCUMENTS = {
  summary: 'api/v2/summary.json',
  status: 'api/v2/status.json',
  components: 'api/v2/components.json',
  incidents: 'api/v2/incidents.json',
  unresolvedIncidents: 'api/v2/incidents/unresolved.json',
  maintenances: 'api/v2/scheduled-maintenances.json',
  upcomingMaintenances: 'api/v2/scheduled-maintenances/upcoming.json',
  activeMaintenances: 'api/v2/scheduled-maintenances/active.json',
  html: '',
  history: 'history',
  atom: 'history.atom',
  rss: 'history.rss',
  badge: 'badge.svg',
} as const;

export interface Rendered {
  body: string | Buffer;
  contentType: string;
}

export type Renderer = (data: PublicPageData) => Rendered;

const JSON_TYPE = 'application/json; charset=utf-8';
const json = (value: unknown): Rendered => ({ body: JSON.stringify(value), contentType: JSON_TYPE });

/**
 * The renderers of the public side, by document kind. Other renderers (HTML,
 * feeds, badge) register themselves here at module start.
 */
@Injectable()
export class PublicRenderers {
  private readonly renderers = new Map<string, Renderer>();

  constructor() {
    this.register('summary', (d) => json(v2Summary(d)));
    this.register('status', (d) => json({ page: v2Page(d), status: v2Status(d) }));
    this.register('components', (d) => json({ page: v2Page(d), components: v2Components(d) }));
    this.register('incidents', (d) =>
      json({ page: v2Page(d), incidents: d.recentIncidents.map((i) => v2Incident(d, i)) }),
    );
    this.register('unresolvedIncidents', (d) =>
      json({ page: v2Page(d), incidents: d.openIncidents.map((i) => v2Incident(d, i)) }),
    );
    this.register('maintenances', (d) =>
      json({ page: v2Page(d), scheduled_maintenances: d.recentMaintenances.map((m) => v2Maintenance(d, m)) }),
    );
    this.register('upcomingMaintenances', (d) =>
      json({ page: v2Page(d), scheduled_maintenances: d.upcomingMaintenances.map((m) => v2Maintenance(d, m)) }),
    );
    this.register('activeMaintenances', (d) =>
      json({ page: v2Page(d), scheduled_maintenances: d.activeMaintenances.map((m) => v2Maintenance(d, m)) }),
    );
  }

  register(kind: string, renderer: Renderer): void {
    this.renderers.set(kind, renderer);
  }

  get(kind: string): Renderer | undefined {
    return this.renderers.get(kind);
  }
}
