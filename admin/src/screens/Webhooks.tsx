/* Webhooks: create (the signing secret shown once), the list, and each one's deliveries log. */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, ApiError, ok, type Webhook, type WebhookEventType } from '../api/client';
import { formErrors } from '../api/errors';
import { NotFound } from '../App';
import { usePageContext, useTitle } from '../context';
import { WEBHOOK_EVENTS } from '../labels';
import { keys, useComponents } from '../queries';
import { Link, navigate } from '../router';
import { Badge, Empty, ErrorBox, Loading, SecretOnce, Time, useNotify } from '../ui/bits';
import { ConfirmDialog, Dialog } from '../ui/Dialog';
import { Check, Choices, Field, FormAlert } from '../ui/Field';
import { Pager } from '../ui/Pager';

const FIELDS = ['url', 'events', 'componentIds'] as const;

export function WebhooksScreen() {
  const page = usePageContext();
  useTitle('Webhooks', page.name);
  const list = useQuery({
    queryKey: keys.webhooks(page.id),
    queryFn: () => ok(api.GET('/api/v1/pages/{pageId}/webhooks', { params: { path: { pageId: page.id }, query: { perPage: 100 } } })),
  });
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  return (
    <section className="stack">
      <h1 tabIndex={-1}>Webhooks</h1>
      <p className="muted">Signed POSTs (Standard Webhooks) to your URLs when incidents, maintenances or components change.</p>
      {list.isPending && <Loading what="webhooks" />}
      {list.isError && <ErrorBox error={list.error} what="webhooks" />}
      {list.data?.data.length === 0 && <Empty>No webhooks yet.</Empty>}
      <ul className="cards" aria-label="Webhooks">
        {list.data?.data.map((w) => (
          <li key={w.id} className="card">
            <Link to={`/pages/${page.id}/webhooks/${w.id}`} className="card-link mono break">
              {w.url}
            </Link>
            <span className="muted small">
              {w.events.length === WEBHOOK_EVENTS.length ? 'All events' : w.events.join(', ')}
              {w.componentIds.length > 0 && ` · ${w.componentIds.length} component${w.componentIds.length > 1 ? 's' : ''}`}
            </span>
            <span className="actions">
              <Link to={`/pages/${page.id}/webhooks/${w.id}`} className="button small">
                Deliveries<span className="sr-only"> of {w.url}</span>
              </Link>
              <button type="button" className="button small danger-outline" onClick={() => setDeleting(w)}>
                Delete<span className="sr-only"> {w.url}</span>
              </button>
            </span>
          </li>
        ))}
      </ul>
      <NewWebhookForm />
      <DeleteWebhook webhook={deleting} onClose={() => setDeleting(null)} />
    </section>
  );
}

function NewWebhookForm() {
  const page = usePageContext();
  const components = useComponents(page.id);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>([...WEBHOOK_EVENTS]);
  const [componentIds, setComponentIds] = useState<string[]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/v1/pages/{pageId}/webhooks', {
          params: { path: { pageId: page.id } },
          body: { url, ...(events.length === WEBHOOK_EVENTS.length ? {} : { events }), ...(componentIds.length ? { componentIds } : {}) },
        }),
      ),
    onSuccess: (created) => {
      setSecret(created.secret);
      setUrl('');
    },
  });
  const errors = formErrors(create.error, FIELDS);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <>
      <form className="card form" onSubmit={submit} noValidate aria-labelledby="new-webhook">
        <h2 id="new-webhook">Add a webhook</h2>
        <Field label="URL" name="url" errors={errors.fields} hint="http(s) address that receives the POSTs.">
          {(p) => (
            <input {...p} type="url" inputMode="url" autoCapitalize="off" spellCheck={false} value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/hooks/status" />
          )}
        </Field>
        <Choices legend="Events" name="events" errors={errors.fields}>
          {WEBHOOK_EVENTS.map((ev) => (
            <Check
              key={ev}
              label={<span className="mono">{ev}</span>}
              checked={events.includes(ev)}
              onChange={(on) => setEvents(on ? [...events, ev] : events.filter((x) => x !== ev))}
            />
          ))}
        </Choices>
        {components.data && components.data.length > 0 && (
          <Choices legend="Only about these components" name="componentIds" errors={errors.fields} hint="None ticked: events about every component.">
            {components.data.map((c) => (
              <Check
                key={c.id}
                label={c.name}
                checked={componentIds.includes(c.id)}
                onChange={(on) => setComponentIds(on ? [...componentIds, c.id] : componentIds.filter((x) => x !== c.id))}
              />
            ))}
          </Choices>
        )}
        <FormAlert messages={errors.general} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={create.isPending}>
            Create webhook
          </button>
        </div>
      </form>
      <Dialog open={secret !== null} title="Webhook signing secret" onClose={() => setSecret(null)}>
        {secret && <SecretOnce label="Signing secret" secret={secret} onDone={() => setSecret(null)} />}
      </Dialog>
    </>
  );
}

function DeleteWebhook({ webhook, onClose }: { webhook: Webhook | null; onClose: () => void }) {
  const page = usePageContext();
  const notify = useNotify();
  const remove = useMutation({
    mutationFn: (id: string) => ok(api.DELETE('/api/v1/pages/{pageId}/webhooks/{webhookId}', { params: { path: { pageId: page.id, webhookId: id } } })),
    onSuccess: () => {
      notify('Webhook deleted.');
      onClose();
      if (window.location.pathname.includes('/webhooks/')) navigate(`/pages/${page.id}/webhooks`);
    },
  });
  return (
    <ConfirmDialog
      open={webhook !== null}
      title="Delete this webhook?"
      confirmLabel="Delete webhook"
      busy={remove.isPending}
      error={remove.error?.message}
      onConfirm={() => webhook && remove.mutate(webhook.id)}
      onClose={onClose}
    >
      <p>
        No more deliveries go to <span className="mono break">{webhook?.url}</span>, and its log is deleted.
      </p>
    </ConfirmDialog>
  );
}

export function WebhookDetailScreen({ webhookId }: { webhookId: string }) {
  const page = usePageContext();
  const [n, setN] = useState(1);
  const [deleting, setDeleting] = useState(false);
  const webhook = useQuery({
    queryKey: keys.webhook(page.id, webhookId),
    queryFn: () => ok(api.GET('/api/v1/pages/{pageId}/webhooks/{webhookId}', { params: { path: { pageId: page.id, webhookId } } })),
  });
  const deliveries = useQuery({
    queryKey: keys.deliveries(page.id, webhookId, n),
    queryFn: () =>
      ok(
        api.GET('/api/v1/pages/{pageId}/webhooks/{webhookId}/deliveries', {
          params: { path: { pageId: page.id, webhookId }, query: { page: n, perPage: 25 } },
        }),
      ),
    enabled: webhook.isSuccess,
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  useTitle('Webhook deliveries', page.name);
  if (webhook.isPending) return <Loading what="the webhook" />;
  if (webhook.isError) {
    if (webhook.error instanceof ApiError && (webhook.error.status === 404 || webhook.error.status === 400)) return <NotFound what="This webhook" />;
    return <ErrorBox error={webhook.error} what="the webhook" />;
  }
  const w = webhook.data;
  return (
    <section className="stack">
      <div>
        <Link to={`/pages/${page.id}/webhooks`} className="back">
          ← Webhooks
        </Link>
        <h1 tabIndex={-1}>Deliveries</h1>
        <p className="mono break">{w.url}</p>
        <p className="muted small">
          Created <Time iso={w.createdAt} zone={page.timeZone} /> · {w.events.length === WEBHOOK_EVENTS.length ? 'all events' : w.events.join(', ')}
        </p>
      </div>
      <div className="actions">
        <button type="button" className="button" onClick={() => void deliveries.refetch()} disabled={deliveries.isFetching}>
          {deliveries.isFetching ? 'Refreshing…' : 'Refresh'}
        </button>
        <button type="button" className="button danger-outline" onClick={() => setDeleting(true)}>
          Delete webhook…
        </button>
      </div>
      {deliveries.isPending && <Loading what="deliveries" />}
      {deliveries.isError && <ErrorBox error={deliveries.error} what="deliveries" />}
      {deliveries.data?.data.length === 0 && <Empty>No deliveries yet. They appear here when something on the page changes.</Empty>}
      <ul className="cards" aria-label="Delivery attempts">
        {deliveries.data?.data.map((d) => {
          const good = d.statusCode !== null && d.statusCode >= 200 && d.statusCode < 300;
          return (
            <li key={d.id} className="card delivery">
              <span className="meta-row">
                <Badge tone={good ? 'ok' : 'critical'}>{d.statusCode ?? 'No answer'}</Badge>
                <span className="mono">{d.event}</span>
                <span className="muted small">attempt {d.attempt}</span>
                <span className="muted small">{d.durationMs} ms</span>
              </span>
              <span className="muted small">
                <Time iso={d.createdAt} zone={page.timeZone} />
              </span>
              {d.error && <span className="field-error">{d.error}</span>}
              <span className="muted small mono break">webhook-id {d.messageId}</span>
            </li>
          );
        })}
      </ul>
      {deliveries.data && <Pager meta={deliveries.data.meta} onPage={setN} />}
      <DeleteWebhook webhook={deleting ? w : null} onClose={() => setDeleting(false)} />
    </section>
  );
}
