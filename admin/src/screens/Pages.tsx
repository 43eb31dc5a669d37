import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, ok, type Page } from '../api/client';
import { formErrors } from '../api/errors';
import { useTitle, useWho } from '../context';
import { usePages } from '../queries';
import { Link, navigate } from '../router';
import { browserZone } from '../time';
import { Empty, ErrorBox, Loading, useNotify } from '../ui/bits';
import { Field, FormAlert } from '../ui/Field';
import { IndicatorBadge } from './PageShell';
import { TimeZoneSelect } from '../ui/TimeZoneSelect';

export function PagesScreen() {
  useTitle('Pages');
  const { root } = useWho();
  const pages = usePages();
  return (
    <section className="stack">
      <div className="screen-head">
        <h1 tabIndex={-1}>Pages</h1>
        {root && (
          <Link to="/pages/new" className="button primary">
            New page
          </Link>
        )}
      </div>
      {pages.isPending && <Loading what="pages" />}
      {pages.isError && <ErrorBox error={pages.error} what="pages" />}
      {pages.data?.length === 0 && <Empty>{root ? 'No pages yet. Create the first one.' : 'This key has no pages.'}</Empty>}
      <ul className="cards" aria-label="Pages">
        {pages.data?.map((page) => (
          <li key={page.id} className="card page-card linked">
            <Link to={`/pages/${page.id}`} className="card-link">
              <span className="card-title">{page.name}</span>
            </Link>
            <span className="muted mono">/status/{page.slug}</span>
            <span className="meta-row">
              <IndicatorBadge page={page} />
              <span className="muted">{page.timeZone}</span>
              {!page.isPublic && <span className="muted">Private</span>}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

type PageBody = {
  name: string;
  slug: string;
  description: string;
  url: string;
  domain: string;
  timeZone: string;
  isPublic: boolean;
  allowSubscribers: boolean;
};

export const PAGE_FIELDS = ['name', 'slug', 'description', 'url', 'domain', 'timeZone', 'isPublic', 'allowSubscribers'] as const;

function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}

function fromPage(page?: Page): PageBody {
  return {
    name: page?.name ?? '',
    slug: page?.slug ?? '',
    description: page?.description ?? '',
    url: page?.url ?? '',
    domain: page?.domain ?? '',
    timeZone: page?.timeZone ?? browserZone(),
    isPublic: page?.isPublic ?? true,
    allowSubscribers: page?.allowSubscribers ?? true,
  };
}

/** The fields of a page; used to create one and on its settings screen. */
export function PageForm({
  page,
  submitLabel,
  busy,
  error,
  onSubmit,
}: {
  page?: Page;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (body: PageBody, touched: Set<keyof PageBody>) => void;
}) {
  const { root } = useWho();
  const [body, setBody] = useState<PageBody>(() => fromPage(page));
  const [touched, setTouched] = useState<Set<keyof PageBody>>(new Set());
  const errors = formErrors(error, PAGE_FIELDS);
  const set = <K extends keyof PageBody>(name: K, value: PageBody[K]) => {
    setBody((b) => {
      const next = { ...b, [name]: value };
      if (name === 'name' && !page && !touched.has('slug')) next.slug = slugify(String(value));
      return next;
    });
    setTouched((t) => new Set(t).add(name));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(body, touched);
  };
  return (
    <form className="card form" onSubmit={submit} noValidate>
      <Field label="Name" name="name" errors={errors.fields}>
        {(p) => <input {...p} value={body.name} onChange={(e) => set('name', e.target.value)} required maxLength={200} />}
      </Field>
      <Field label="Slug" name="slug" errors={errors.fields} hint={<>The public address: /status/{body.slug || 'your-slug'} — 3 to 63 of a–z, 0–9 and -.</>}>
        {(p) => (
          <input {...p} value={body.slug} onChange={(e) => set('slug', e.target.value)} required autoCapitalize="off" spellCheck={false} />
        )}
      </Field>
      <Field label="Description" name="description" errors={errors.fields} hint="Optional; shown under the page's name.">
        {(p) => <textarea {...p} rows={2} value={body.description} onChange={(e) => set('description', e.target.value)} />}
      </Field>
      <Field label="Time zone" name="timeZone" errors={errors.fields} hint="Times on the status page and in this dashboard are shown in it.">
        {(p) => <TimeZoneSelect {...p} value={body.timeZone} onChange={(zone) => set('timeZone', zone)} />}
      </Field>
      {root ? (
        <Field label="Domain" name="domain" errors={errors.fields} hint="Optional: a host name of its own, such as status.example.com, pointed at this server.">
          {(p) => (
            <input
              {...p}
              value={body.domain}
              onChange={(e) => set('domain', e.target.value)}
              inputMode="url"
              autoCapitalize="off"
              spellCheck={false}
              placeholder="status.example.com"
            />
          )}
        </Field>
      ) : (
        page?.domain && (
          <p className="hint">
            Domain: <span className="mono">{page.domain}</span> (only the root key can change it)
          </p>
        )
      )}
      {page && (
        <Field label="Public address (URL)" name="url" errors={errors.fields} hint="Leave empty for the default address.">
          {(p) => <input {...p} type="url" value={body.url} onChange={(e) => set('url', e.target.value)} inputMode="url" autoCapitalize="off" />}
        </Field>
      )}
      <Field label="Public: anyone can see this page" name="isPublic" errors={errors.fields} inline>
        {(p) => <input {...p} type="checkbox" checked={body.isPublic} onChange={(e) => set('isPublic', e.target.checked)} />}
      </Field>
      <Field
        label="Readers may subscribe by email"
        name="allowSubscribers"
        errors={errors.fields}
        inline
        hint="Shows the subscribe form on the public page (when the service has email configured). Existing subscribers keep their emails either way."
      >
        {(p) => <input {...p} type="checkbox" checked={body.allowSubscribers} onChange={(e) => set('allowSubscribers', e.target.checked)} />}
      </Field>
      <FormAlert messages={errors.general} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}

export function NewPageScreen() {
  useTitle('New page');
  const notify = useNotify();
  const create = useMutation({
    mutationFn: (body: PageBody) =>
      ok(
        api.POST('/api/v1/pages', {
          body: {
            name: body.name,
            slug: body.slug,
            timeZone: body.timeZone,
            isPublic: body.isPublic,
            allowSubscribers: body.allowSubscribers,
            ...(body.description ? { description: body.description } : {}),
            ...(body.domain ? { domain: body.domain } : {}),
          },
        }),
      ),
    onSuccess: (page) => {
      notify(`Page “${page.name}” created. Add its components.`);
      navigate(`/pages/${page.id}`);
    },
  });
  return (
    <section className="stack narrow">
      <h1 tabIndex={-1}>New page</h1>
      <PageForm submitLabel="Create page" busy={create.isPending} error={create.error} onSubmit={(body) => create.mutate(body)} />
    </section>
  );
}

