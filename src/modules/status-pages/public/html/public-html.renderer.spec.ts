import { createHash } from 'node:crypto';
import { xml2js } from 'xml-js';
import { PUBLIC_HTML_CSP } from './page-shell';
import { PublicPageData } from '../public-page-data';
import { PUBLIC_DOCUMENTS, PublicDocumentKind } from '../public-documents';
import { uptimeOf } from '../uptime';

const EVIL = '<img src=x onerror=alert(1)>';
const now = new Date('2026-11-27T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const base = { createdAt: hoursAgo(24 * 200), updatedAt: hoursAgo(1) };

function fixture(): PublicPageData {
  const page = { ...base, id: 'p1', slug: 'acme', name: `Acme ${EVIL}`, description: EVIL, url: null, domain: null, timeZone: 'Europe/Berlin', isPublic: true };
  const component = (id: string, name: string, extra: object = {}) => ({
    ...base, id, pageId: 'p1', groupId: null as string | null, name, description: null, position: 0, status: 'operational' as const,
    onlyShowIfDegraded: false, showcase: true, ...extra,
  });
  const components = [
    component('c1', EVIL, { groupId: 'g1' }),
    component('c2', 'Hidden while fine', { onlyShowIfDegraded: true, position: 1 }),
    component('c3', 'No bar', { showcase: false, position: 2 }),
  ];
  const incident = {
    ...base, id: 'i1', pageId: 'p1', name: `Outage ${EVIL} ]]>`, status: 'identified' as const, impact: 'major' as const,
    startedAt: hoursAgo(3), monitoringAt: null, resolvedAt: null,
    components: [{ incidentId: 'i1', componentId: 'c1', status: 'major_outage' as const }],
    updates: [
      { id: 'u1', seq: 1, incidentId: 'i1', status: 'investigating' as const, message: 'first <script>window.__pwned=1</script>', components: null, createdAt: hoursAgo(3) },
      { id: 'u2', seq: 2, incidentId: 'i1', status: 'identified' as const, message: '**found** it & fixed "it"', components: null, createdAt: hoursAgo(2) },
    ],
  };
  const maintenance = {
    ...base, id: 'm1', pageId: 'p1', title: `DB upgrade ${EVIL}`, description: 'We *upgrade*', status: 'in_progress' as const,
    scheduledStart: new Date('2026-11-27T10:00:00Z'), scheduledEnd: new Date('2026-11-27T14:00:00Z'), autoStart: true, autoComplete: true,
    startedAt: hoursAgo(2), completedAt: null, cancelledAt: null,
    components: [{ maintenanceId: 'm1', componentId: 'c3' }],
    updates: [{ id: 'mu1', seq: 1, maintenanceId: 'm1', status: 'in_progress' as const, message: 'started', createdAt: hoursAgo(2) }],
  };
  return {
    page, publicUrl: 'https://status.example.com/status/acme',
    groups: [{ ...base, id: 'g1', pageId: 'p1', name: `Group ${EVIL}`, position: 0 }],
    components,
    effective: new Map([['c1', 'major_outage'], ['c2', 'operational'], ['c3', 'under_maintenance']]),
    indicator: 'critical', description: 'Major System Outage',
    openIncidents: [incident], recentIncidents: [incident],
    upcomingMaintenances: [], activeMaintenances: [maintenance], recentMaintenances: [maintenance],
    history: [{ componentId: 'c1', status: 'operational', changedAt: base.createdAt }, { componentId: 'c1', status: 'major_outage', changedAt: hoursAgo(3) }],
    loadedAt: now, updatedAt: hoursAgo(1),
  } as unknown as PublicPageData;
}

function render(kind: PublicDocumentKind, data = fixture()) {
  const out = PUBLIC_DOCUMENTS[kind].render(data);
  return { ...out, body: String(out.body) };
}

describe('public HTML page', () => {
  const { body, contentType } = render('html');

  it('is a complete HTML document that refreshes in place (no meta refresh), with a pause control and a live region', () => {
    expect(contentType).toBe('text/html; charset=utf-8');
    expect(body).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(body).not.toContain('http-equiv="refresh"');
    expect(body).toContain('<button type="button" id="sp-pause" aria-pressed="false" hidden>Pause live updates</button>');
    expect(body).toContain('<p id="sp-live" class="visually-hidden" aria-live="polite"></p>');
    expect(body).toContain('href="https://status.example.com/status/acme/history.atom"');
    expect(body).toContain('<p class="banner ind-critical" data-page-status><strong>Major System Outage</strong></p>');
  });

  it('ships only its own script, the one its Content-Security-Policy allows by hash', () => {
    const scripts = [...body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(body.match(/<script/g)).toHaveLength(1);
    const hash = `'sha256-${createHash('sha256').update(scripts[0]).digest('base64')}'`;
    expect(PUBLIC_HTML_CSP).toContain(`script-src ${hash}`);
    expect(PUBLIC_HTML_CSP).toContain("default-src 'none'");
    const style = /<style>([\s\S]*?)<\/style>/.exec(body)![1];
    expect(PUBLIC_HTML_CSP).toContain(`style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`);
  });

  it('escapes every piece of user text and sanitizes update bodies', () => {
    expect(body).not.toContain('<img');
    expect(body.match(/<script/g)).toHaveLength(1); // the page's own refresh script, nothing the user wrote
    expect(body).not.toContain('__pwned');
    expect(body.match(/&lt;img src=x onerror=alert\(1\)&gt;/g)!.length).toBeGreaterThanOrEqual(6);
    expect(body).toContain('<strong>found</strong> it &amp; fixed "it"');
  });

  it('shows incidents newest update first, maintenance in the page time zone', () => {
    expect(body.indexOf('found')).toBeLessThan(body.indexOf('first'));
    expect(body).toContain('id="incident-i1"');
    expect(body).toContain('id="maintenance-m1"');
    // 10:00Z to 14:00Z in Berlin, start and end each a <time>
    expect(body).toContain(
      '<time datetime="2026-11-27T10:00:00.000Z">Nov 27, 2026, 11:00 AM</time> – <time datetime="2026-11-27T14:00:00.000Z">3:00 PM GMT+1</time>',
    );
  });

  it('honours onlyShowIfDegraded and showcase, and explains uptime', () => {
    expect(body).not.toContain('Hidden while fine');
    expect(body).toMatch(/No bar<\/span><span class="status s-under_maintenance">/);
    expect(body.match(/class="bar"/g)).toHaveLength(1);
    expect(body.match(/<span class="d /g)).toHaveLength(90);
    expect(body).toContain('title="Nov 27, 2026: Major outage');
    expect(body).toContain('a major outage counts as down, a partial outage as 30% down');
  });

  it('lists 14 days of incident history', () => {
    const history = body.slice(body.indexOf('id="h-history"'));
    expect(history.match(/<div class="day/g)).toHaveLength(14);
    expect(history).toContain('<a href="#incident-i1">');
  });

  it('computes uptime once per snapshot', () => {
    const data = fixture();
    expect(uptimeOf(data)).toBe(uptimeOf(data));
  });
});

describe('feeds and badge', () => {
  it.each(['atom', 'rss'] as const)('%s is valid XML and round-trips user text', (kind) => {
    const { body, contentType } = render(kind);
    expect(contentType).toContain(kind === 'atom' ? 'application/atom+xml' : 'application/rss+xml');
    expect(body.startsWith('<?xml')).toBe(true);
    const doc = xml2js(body, { compact: true }) as Record<string, any>;
    const entries = kind === 'atom' ? [doc.feed.entry].flat() : [doc.rss.channel.item].flat();
    expect(entries).toHaveLength(2);
    const text = (node: any) => [node?._text, node?._cdata].flat().filter(Boolean).join('');
    const titles = entries.map((x) => text(x.title));
    const expected = `Outage ${EVIL} ]]>`;
    expect(titles).toContain(kind === 'atom' ? expected.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : expected);
    const content = text(kind === 'atom' ? entries[0].content : entries[0]['content:encoded']);
    expect(content).not.toContain('<script');
    expect(body).toContain('https://status.example.com/status/acme/history#incident-i1');
    expect(body).toContain('https://status.example.com/status/acme/history#maintenance-m1');
  });

  it('badge is an SVG naming the description, coloured by indicator', () => {
    const { body, contentType } = render('badge');
    expect(contentType).toBe('image/svg+xml');
    expect(body).toMatch(/^<svg /);
    expect(body).toContain('status: Major System Outage');
    const green = render('badge', { ...fixture(), indicator: 'none', description: 'All Systems Operational' } as PublicPageData).body;
    expect(green).toContain('All Systems Operational');
    expect(green).not.toEqual(body);
  });
});
