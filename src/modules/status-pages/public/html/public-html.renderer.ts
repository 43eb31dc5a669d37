import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { PublicPageData } from '../public-page-data';
import { PublicRenderers, Rendered } from '../public-renderers';
import { renderBadge } from './badge';
import { renderAtom, renderRss } from './feeds';
import { renderHistoryPage, renderStatusPage } from './status-page.html';
import { escapeHtml } from './text';

const HTML_TYPE = 'text/html; charset=utf-8';

/** Registers the human side of the public page: the HTML page and history, Atom, RSS and the SVG badge. */
@Injectable()
export class PublicHtmlRenderer implements OnModuleInit {
  private readonly logger = new Logger(PublicHtmlRenderer.name);

  constructor(private readonly renderers: PublicRenderers) {}

  onModuleInit(): void {
    this.renderers.register('html', (d) => this.html(d, renderStatusPage));
    this.renderers.register('history', (d) => this.html(d, renderHistoryPage));
    this.renderers.register('atom', (d) => ({ body: renderAtom(d), contentType: 'application/atom+xml; charset=utf-8' }));
    this.renderers.register('rss', (d) => ({ body: renderRss(d), contentType: 'application/rss+xml; charset=utf-8' }));
    this.renderers.register('badge', (d) => ({ body: renderBadge(d), contentType: 'image/svg+xml' }));
  }

  /** Never a 500 for a reader: if the full page cannot be rendered, show the banner alone. */
  private html(d: PublicPageData, render: (d: PublicPageData) => string): Rendered {
    try {
      return { body: render(d), contentType: HTML_TYPE };
    } catch (err) {
      this.logger.error(`could not render the status page of ${d.page.id}: ${(err as Error).stack ?? err}`);
      const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="60"><title>${escapeHtml(d.page.name)} Status</title></head><body><h1>${escapeHtml(d.page.name)}</h1><p>${escapeHtml(d.description)}</p></body></html>`;
      return { body, contentType: HTML_TYPE };
    }
  }
}
