import { xml2js } from 'xml-js';
import { createComponent, createGroup, createPage } from '../factories';
import { startApp, TestApp } from './harness';
import { insertMaintenance, touchPage } from './public-fixtures';

const EVIL = '<img src=x onerror=alert(1)>';

/** Text of an xml-js compact node (text or CDATA, possibly split). */
const text = (node: any): string => [node?._text, node?._cdata].flat().filter((x) => x !== undefined).join('');

describe('public status page: HTML, feeds, badge (HTTP)', () => {
  let app: TestApp;
  let page: { id: string; slug: string };
  let broken: { id: string; name: string };
  let incidentId: string;
  let maintenanceId: string;

  beforeAll(async () => {
    app = await startApp();
    page = await createPage(app, { name: `Acme ${EVIL}`, timeZone: 'Europe/Berlin' });
    const group = await createGroup(app, page.id, { name: `Group ${EVIL}` });
    broken = await createComponent(app, page.id, { name: EVIL, groupId: group.id });
    await createComponent(app, page.id, { name: 'Quiet unless degraded', onlyShowIfDegraded: true });
    const created = await app
      .admin()
      .post(`/api/v1/pages/${page.id}/incidents`)
      .send({
        name: `Database ${EVIL} & "friends" ]]>`,
        message: 'Looking into it <script>window.__pwned=1</script> **now**',
        status: 'investigating',
        impact: 'major',
        components: [{ componentId: broken.id, status: 'major_outage' }],
      })
      .expect(201);
    incidentId = created.body.id;
    maintenanceId = await insertMaintenance(app, page.id, {
      title: `Upgrade ${EVIL}`,
      status: 'scheduled',
      scheduledStart: new Date(Date.now() + 86_400_000),
      scheduledEnd: new Date(Date.now() + 90_000_000),
      componentIds: [broken.id],
    });
    await touchPage(app, page.id);
  }, 60_000);
  afterAll(() => app.stop());

  it('serves HTML with caching headers and answers 304 to a matching ETag', async () => {
    const res = await app.http().get(`/status/${page.slug}`).expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, no-cache');
    expect(res.headers.etag).toBeTruthy();
    expect(res.text).not.toContain('http-equiv="refresh"'); // it refreshes in place (see the accessibility test)
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'/);
    await app.http().get(`/status/${page.slug}`).set('If-None-Match', res.headers.etag).expect(304);
    const zipped = await app.http().get(`/status/${page.slug}`).set('Accept-Encoding', 'gzip').expect(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
  });

  it('escapes user text and shows the incident, maintenance and components', async () => {
    const { text: html } = await app.http().get(`/status/${page.slug}`).expect(200);
    expect(html).not.toContain('<img');
    expect(html.match(/<script/g)).toHaveLength(1); // the page's own refresh script only
    expect(html).toContain(`<h1>Acme &lt;img src=x onerror=alert(1)&gt;</h1>`);
    expect(html).toContain('<p class="banner ind-critical" data-page-status><strong>Major System Outage</strong></p>');
    expect(html).toContain(`id="incident-${incidentId}"`);
    expect(html).toContain('Database &lt;img src=x onerror=alert(1)&gt; &amp; &quot;friends&quot; ]]&gt;');
    expect(html).toContain('<strong>now</strong>');
    expect(html).toContain(`id="maintenance-${maintenanceId}"`);
    expect(html).toMatch(/GMT\+1|GMT\+2/);
    expect(html).not.toContain('Quiet unless degraded');
    expect(html).toContain('<span class="status s-major_outage">');
    expect(html.match(/<span class="d /g)).toHaveLength(90);
  });

  it('shows a component hidden while operational once it is degraded', async () => {
    const other = await createPage(app);
    const quiet = await createComponent(app, other.id, { name: 'Quiet unless degraded', onlyShowIfDegraded: true });
    expect((await app.http().get(`/status/${other.slug}`).expect(200)).text).not.toContain('Quiet unless');
    await app.admin().patch(`/api/v1/pages/${other.id}/components/${quiet.id}`).send({ status: 'degraded_performance' }).expect(200);
    const html = (await app.http().get(`/status/${other.slug}`).expect(200)).text;
    expect(html).toContain('Quiet unless degraded');
    expect(html).toContain('Degraded performance');
  });

  it.each([
    ['history.atom', 'application/atom+xml; charset=utf-8'],
    ['history.rss', 'application/rss+xml; charset=utf-8'],
  ])('%s is valid XML with the incident and the maintenance', async (file, type) => {
    const res = await app.http().get(`/status/${page.slug}/${file}`).buffer(true).parse((r, cb) => {
      let body = '';
      r.on('data', (c: Buffer) => (body += c.toString('utf8')));
      r.on('end', () => cb(null, body));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const xml = res.body as string;
    expect(xml.startsWith('<?xml')).toBe(true);
    const doc = xml2js(xml, { compact: true }) as Record<string, any>;
    const entries: any[] = file.endsWith('atom') ? [doc.feed.entry].flat() : [doc.rss.channel.item].flat();
    expect(entries).toHaveLength(2);
    const name = `Database ${EVIL} & "friends" ]]>`;
    const incident = entries.find((e) => JSON.stringify(e).includes(incidentId));
    const title = text(incident.title);
    // Atom titles are type="html" (one more level of escaping); RSS titles are text.
    expect(file.endsWith('atom') ? title.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&') : title).toBe(name);
    const content = text(file.endsWith('atom') ? incident.content : incident['content:encoded']);
    expect(content).toContain('Looking into it');
    expect(content).not.toContain('<script');
    // Every item links to a page that has it: the history page, at the item's anchor.
    const links = entries.map((e) => (file.endsWith('atom') ? e.link._attributes.href : text(e.link)) as string);
    expect(links.map((l) => new URL(l).hash).sort()).toEqual([`#incident-${incidentId}`, `#maintenance-${maintenanceId}`].sort());
    for (const link of links) {
      const target = new URL(link);
      const html = (await app.http().get(target.pathname).expect(200)).text;
      expect([link, html.includes(`id="${target.hash.slice(1)}"`)]).toEqual([link, true]);
    }
  });

  it('serves the history page: every incident and maintenance with its timeline, where shortlinks point', async () => {
    const res = await app.http().get(`/status/${page.slug}/history`).expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain(`id="incident-${incidentId}"`);
    expect(res.text).toContain(`id="maintenance-${maintenanceId}"`);
    expect(res.text).toContain('Looking into it');
    expect(res.text.match(/<script/g)).toHaveLength(1); // the page's own refresh script only
    const summary = await app.http().get(`/status/${page.slug}/api/v2/incidents.json`).expect(200);
    const shortlink = new URL(summary.body.incidents.find((i: { id: string }) => i.id === incidentId).shortlink);
    expect(`${shortlink.pathname}${shortlink.hash}`).toBe(`/status/${page.slug}/history#incident-${incidentId}`);
    const main = await app.http().get(`/status/${page.slug}`).expect(200);
    expect(main.text).toContain(`/status/${page.slug}/history"`);
  });

  it('serves an SVG badge with the indicator description', async () => {
    const res = await app.http().get(`/status/${page.slug}/badge.svg`).buffer(true).parse((r, cb) => {
      let body = '';
      r.on('data', (c: Buffer) => (body += c.toString('utf8')));
      r.on('end', () => cb(null, body));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(res.body).toContain('status: Major System Outage');
  });

  it('adds uptime to components (not groups) in summary.json and components.json', async () => {
    for (const doc of ['summary', 'components']) {
      const res = await app.http().get(`/status/${page.slug}/api/v2/${doc}.json`).expect(200);
      const components = res.body.components as Array<{ group: boolean; uptime?: { percent: number; days: number } }>;
      for (const c of components) {
        if (c.group) expect(c.uptime).toBeUndefined();
        else expect(c.uptime).toEqual({ percent: expect.any(Number), days: 90 });
      }
    }
  });

  it('serves the page at the root of its own domain with absolute links there', async () => {
    const own = await createPage(app, { name: 'Own domain', domain: 'status.acme.test' });
    const res = await app.http().get('/').set('Host', 'status.acme.test').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('href="http://status.acme.test/history.atom"');
    for (const path of ['/badge.svg', '/history.atom', '/history.rss']) {
      const doc = await app.http().get(path).set('Host', 'status.acme.test').expect(200);
      expect([path, doc.headers['x-content-type-options']]).toEqual([path, 'nosniff']);
    }
    expect(own.domain).toBe('status.acme.test');
  });

  it('answers 404 for private and unknown pages', async () => {
    const hidden = await createPage(app, { isPublic: false });
    for (const path of ['', '/history.atom', '/history.rss', '/badge.svg']) {
      await app.http().get(`/status/${hidden.slug}${path}`).expect(404);
      await app.http().get(`/status/no-such-page${path}`).expect(404);
    }
  });
});
