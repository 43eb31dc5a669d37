import { xml2js } from 'xml-js';
import { PublicPageData } from '../public-page-data';
import { renderAtom, renderRss } from './feeds';

/* The feeds hold user text as text, whatever it contains (issue 12: XML injection through CDATA). */

const INJECTION = ']]>]]><x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script><![CDATA[';
const at = new Date('2026-11-27T12:00:00Z');

function page(incidentName: string, message = 'ok', pageName = 'Acme'): PublicPageData {
  const updates = [{ id: 'u1', seq: 1, incidentId: 'i1', status: 'investigating', message, components: null, createdAt: at }];
  const incident = { id: 'i1', name: incidentName, status: 'investigating', impact: 'major', startedAt: at, updatedAt: at, createdAt: at, updates, components: [] };
  const maintenance = {
    id: 'm1', title: incidentName, description: message, status: 'completed', createdAt: at, updatedAt: at,
    scheduledStart: at, scheduledEnd: at, updates: [],
  };
  return {
    page: { id: 'p1', slug: 'acme', name: pageName, timeZone: 'UTC' },
    publicUrl: 'https://status.example.com/status/acme',
    recentIncidents: [incident],
    recentMaintenances: [maintenance],
    updatedAt: at,
  } as unknown as PublicPageData;
}

/** Every element name in the document, depth first. */
function elementNames(node: any, out: string[] = []): string[] {
  for (const child of node.elements ?? []) {
    if (child.type === 'element') {
      out.push(child.name);
      elementNames(child, out);
    }
  }
  return out;
}
const textOf = (node: any): string => (node.elements ?? []).map((c: any) => (c.type === 'element' ? '' : (c.text ?? c.cdata ?? ''))).join('');
const find = (node: any, name: string): any[] =>
  (node.elements ?? []).flatMap((c: any) => (c.type === 'element' ? [...(c.name === name ? [c] : []), ...find(c, name)] : []));

/** Characters XML 1.0 allows (its Char production). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const feeds = [
  ['rss', renderRss, ['rss', 'channel', 'title', 'link', 'description', 'lastBuildDate', 'docs', 'language', 'atom:link', 'item', 'guid', 'pubDate', 'content:encoded']],
  ['atom', renderAtom, ['feed', 'id', 'title', 'updated', 'link', 'subtitle', 'entry', 'content', 'published']],
] as const;

describe.each(feeds)('%s feed', (kind, render, elements) => {
  const parse = (xml: string) => xml2js(xml, { compact: false, captureSpacesBetweenElements: false }) as any;

  it('keeps an incident name that closes CDATA twice as text, adding no element', () => {
    const xml = render(page(INJECTION, `body ${INJECTION}`));
    expect(xml).not.toMatch(NOT_XML_CHAR);
    const doc = parse(xml); // strict (sax) parser: throws on malformed XML
    const names = elementNames(doc);
    expect(names).not.toContain('x:script');
    expect(names.filter((n) => !(elements as readonly string[]).includes(n))).toEqual([]);

    const items = find(doc, kind === 'rss' ? 'item' : 'entry');
    expect(items).toHaveLength(2);
    const titles = items.map((item) => textOf(find(item, 'title')[0]));
    // RSS titles are plain text; Atom's are HTML, so the name arrives escaped once more.
    const expected = kind === 'rss' ? INJECTION : INJECTION.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    expect(titles).toEqual([expected, expected]);
    const body = textOf(find(items[0], kind === 'rss' ? 'content:encoded' : 'content')[0]);
    expect(body).toContain('body ]]&gt;]]&gt;&lt;x:script');
  });

  it('drops characters XML 1.0 forbids and lone surrogates, keeping the rest', () => {
    const nasty = 'A\u0000B\u0008C\u000BD\u001FE\uFFFEF\uD800G\uDFFFH \u{1F600} ok';
    const xml = render(page(nasty, nasty, `Page ${nasty}`));
    expect(xml).not.toMatch(NOT_XML_CHAR);
    const doc = parse(xml);
    const item = find(doc, kind === 'rss' ? 'item' : 'entry')[0];
    expect(textOf(find(item, 'title')[0])).toBe('ABCDEFGH \u{1F600} ok');
    expect(textOf(find(doc, 'title')[0])).toBe('Page ABCDEFGH \u{1F600} ok status');
  });

  it('round-trips markup and entity-like text in the page name', () => {
    const name = 'R&amp;D <b>"ops"</b> & more';
    const doc = parse(render(page('x', 'y', name)));
    expect(textOf(find(doc, 'title')[0])).toBe(`${name} status`);
  });
});
