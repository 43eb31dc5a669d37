/*
 * Everything under /pages/{pageId}: the page bar (its indicator and a link to
 * the public page, always in view) and the page's screens from sections.tsx.
 */
import { ApiError, type Page } from '../api/client';
import { PageContext } from '../context';
import { INDICATOR_TONE } from '../labels';
import { usePage, usePublicStatus } from '../queries';
import { Link, match } from '../router';
import { Badge, ErrorBox, Loading } from '../ui/bits';
import { NotFound } from '../App';
import { PAGE_SECTIONS } from './sections';
import { useWho } from '../context';

export function IndicatorBadge({ page }: { page: Page }) {
  const status = usePublicStatus(page.slug, page.isPublic);
  if (!page.isPublic) return <Badge tone="neutral">Private page</Badge>;
  if (status.isPending) return <Badge tone="neutral">Checking…</Badge>;
  if (status.isError || !status.data) return <Badge tone="neutral">Status unavailable</Badge>;
  return (
    <Badge tone={INDICATOR_TONE[status.data.indicator]}>
      <span className="sr-only">Public status: </span>
      {status.data.description}
    </Badge>
  );
}

export function PageShell({ pageId, rest }: { pageId: string; rest: string }) {
  const page = usePage(pageId);
  const { root } = useWho();
  if (page.isPending) return <Loading what="the page" />;
  if (page.isError) {
    if (page.error instanceof ApiError && (page.error.status === 404 || page.error.status === 400)) return <NotFound what="This page" />;
    return <ErrorBox error={page.error} what="the page" />;
  }
  const sections = PAGE_SECTIONS.filter((s) => root || !s.rootOnly);
  let content = null;
  let active = '';
  for (const section of sections) {
    for (const route of section.routes) {
      const params = match(route.pattern, rest);
      if (params) {
        content = route.render(params);
        active = section.id;
        break;
      }
    }
    if (content) break;
  }
  const data = page.data;
  return (
    <PageContext.Provider value={data}>
      <div className="pagebar" role="region" aria-label="Current page">
        <div className="pagebar-row">
          <span className="pagebar-name">{data.name}</span>
          <IndicatorBadge page={data} />
        </div>
        <div className="pagebar-row small">
          {data.isPublic ? (
            <a href={`/status/${encodeURIComponent(data.slug)}`} target="_blank" rel="noopener" className="public-link">
              Public page<span className="sr-only"> (opens in a new tab)</span>
              <span aria-hidden="true"> ↗</span>
            </a>
          ) : (
            <span className="muted">Not public</span>
          )}
          <span className="muted">Times in {data.timeZone}</span>
        </div>
      </div>
      <nav aria-label="Page sections" className="tabs">
        {sections.map((s) => (
          <Link key={s.id} to={`/pages/${data.id}${s.path ? `/${s.path}` : ''}`} aria-current={s.id === active ? 'page' : undefined}>
            {s.label}
          </Link>
        ))}
      </nav>
      {content ?? <NotFound />}
    </PageContext.Provider>
  );
}
