/* Email subscribers: the list by state, adding one (optionally without confirmation), and one subscriber's details and email attempts. */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, ApiError, ok, type Schemas } from '../api/client';
import { formErrors } from '../api/errors';
import { NotFound } from '../App';
import { usePageContext, useTitle } from '../context';
import { keys, useComponents } from '../queries';
import { Link, navigate } from '../router';
import { EMAIL_KIND_LABEL, SUBSCRIBER_STATE_LABEL, SUBSCRIBER_STATE_TONE, SUBSCRIBER_STATES, subscriberField, type SubscriberState } from '../subscribers';
import { Badge, Empty, ErrorBox, Loading, Time, useNotify } from '../ui/bits';
import { ConfirmDialog } from '../ui/Dialog';
import { Check, Choices, Field, FormAlert } from '../ui/Field';
import { Pager } from '../ui/Pager';

type Subscriber = Schemas['SubscriberResponseDto'];

const PER_PAGE = 25;
const FIELDS = ['email', 'componentIds', 'skipConfirmation'] as const;

function StateBadge({ state }: { state: SubscriberState }) {
  return <Badge tone={SUBSCRIBER_STATE_TONE[state]}>{SUBSCRIBER_STATE_LABEL[state]}</Badge>;
}

/** What a subscriber follows, by component name ("the whole page" when none). */
function useFollowing(pageId: string): (componentIds: string[]) => string {
  const components = useComponents(pageId);
  return (componentIds) => {
    if (componentIds.length === 0) return 'The whole page';
    const names = new Map(components.data?.map((c) => [c.id, c.name]));
    return componentIds.map((id) => names.get(id) ?? (components.data ? 'a deleted component' : '…')).join(', ');
  };
}

export function SubscribersScreen() {
  const page = usePageContext();
  useTitle('Subscribers', page.name);
  const [state, setState] = useState<SubscriberState | ''>('');
  const [n, setN] = useState(1);
  const following = useFollowing(page.id);
  const list = useQuery({
    queryKey: keys.subscribers(page.id, state, n),
    queryFn: () =>
      ok(
        api.GET('/api/v1/pages/{pageId}/subscribers', {
          params: { path: { pageId: page.id }, query: { page: n, perPage: PER_PAGE, ...(state ? { state } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="stack">
      <h1 tabIndex={-1}>Subscribers</h1>
      <p className="muted">
        People told by email about incidents and maintenance on this page.
        {!page.allowSubscribers && (
          <>
            {' '}
            Readers cannot subscribe on the public page (see <Link to={`/pages/${page.id}/settings`}>Settings</Link>); you can still add them here.
          </>
        )}
      </p>
      <div className="filters">
        <Field label="Show" name="state">
          {(p) => (
            <select
              {...p}
              value={state}
              onChange={(e) => {
                setState(e.target.value as SubscriberState | '');
                setN(1);
              }}
            >
              <option value="">All subscribers</option>
              {SUBSCRIBER_STATES.map((s) => (
                <option key={s} value={s}>
                  {SUBSCRIBER_STATE_LABEL[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {list.isPending && <Loading what="subscribers" />}
      {list.isError && <ErrorBox error={list.error} what="subscribers" />}
      {list.data?.data.length === 0 && <Empty>{state ? `No subscribers in this state.` : 'No subscribers yet.'}</Empty>}
      <ul className="cards" aria-label="Subscribers">
        {list.data?.data.map((s) => (
          <li key={s.id} className="card linked" data-subscriber={s.email}>
            <Link to={`/pages/${page.id}/subscribers/${s.id}`} className="card-link break">
              <span className="card-title">{s.email}</span>
            </Link>
            <span className="meta-row">
              <StateBadge state={s.state} />
              <span className="muted small">{following(s.componentIds)}</span>
            </span>
            <span className="muted small">
              Added <Time iso={s.createdAt} zone={page.timeZone} />
            </span>
          </li>
        ))}
      </ul>
      {list.data && <Pager meta={list.data.meta} onPage={setN} />}
      <NewSubscriberForm />
    </section>
  );
}

function NewSubscriberForm() {
  const page = usePageContext();
  const notify = useNotify();
  const components = useComponents(page.id);
  const [email, setEmail] = useState('');
  const [componentIds, setComponentIds] = useState<string[]>([]);
  const [skipConfirmation, setSkipConfirmation] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/v1/pages/{pageId}/subscribers', {
          params: { path: { pageId: page.id } },
          body: { email, ...(componentIds.length ? { componentIds } : {}), ...(skipConfirmation ? { skipConfirmation: true } : {}) },
        }),
      ),
    onSuccess: (created) => {
      notify(created.state === 'active' ? `${created.email} added: active now.` : `${created.email} added: a confirmation email is on its way.`);
      setEmail('');
      setComponentIds([]);
      setSkipConfirmation(false);
    },
  });
  const errors = formErrors(create.error, FIELDS, subscriberField);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="new-subscriber">
      <h2 id="new-subscriber">Add a subscriber</h2>
      <FormAlert messages={errors.general} />
      <Field label="Email address" name="email" errors={errors.fields}>
        {(p) => (
          <input
            {...p}
            type="email"
            inputMode="email"
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            placeholder="ada@example.com"
          />
        )}
      </Field>
      {components.data && components.data.length > 0 && (
        <Choices legend="Components to follow" name="componentIds" errors={errors.fields} hint="None ticked: the whole page.">
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
      <Field
        label="Skip confirmation"
        name="skipConfirmation"
        errors={errors.fields}
        inline
        hint="Active at once, with no confirmation email. Only for people who have already agreed to these emails; otherwise they get a link to confirm first."
      >
        {(p) => <input {...p} type="checkbox" checked={skipConfirmation} onChange={(e) => setSkipConfirmation(e.target.checked)} />}
      </Field>
      <div className="actions">
        <button type="submit" className="button primary" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add subscriber'}
        </button>
      </div>
    </form>
  );
}

function DeleteSubscriber({ subscriber, onClose }: { subscriber: Subscriber | null; onClose: () => void }) {
  const page = usePageContext();
  const notify = useNotify();
  const remove = useMutation({
    mutationFn: (id: string) =>
      ok(api.DELETE('/api/v1/pages/{pageId}/subscribers/{subscriberId}', { params: { path: { pageId: page.id, subscriberId: id } } })),
    onSuccess: () => {
      notify('Subscriber deleted.');
      onClose();
      navigate(`/pages/${page.id}/subscribers`);
    },
  });
  return (
    <ConfirmDialog
      open={subscriber !== null}
      title="Delete this subscriber?"
      confirmLabel="Delete subscriber"
      busy={remove.isPending}
      error={remove.error?.message}
      onConfirm={() => subscriber && remove.mutate(subscriber.id)}
      onClose={onClose}
    >
      <p>
        <span className="mono break">{subscriber?.email}</span> gets no more emails from this page, and the record of the emails sent is deleted.
      </p>
    </ConfirmDialog>
  );
}

export function SubscriberDetailScreen({ subscriberId }: { subscriberId: string }) {
  const page = usePageContext();
  const notify = useNotify();
  const following = useFollowing(page.id);
  const [n, setN] = useState(1);
  const [deleting, setDeleting] = useState(false);
  const subscriber = useQuery({
    queryKey: keys.subscriber(page.id, subscriberId),
    queryFn: () => ok(api.GET('/api/v1/pages/{pageId}/subscribers/{subscriberId}', { params: { path: { pageId: page.id, subscriberId } } })),
  });
  const deliveries = useQuery({
    queryKey: keys.subscriberDeliveries(page.id, subscriberId, n),
    queryFn: () =>
      ok(
        api.GET('/api/v1/pages/{pageId}/subscribers/{subscriberId}/deliveries', {
          params: { path: { pageId: page.id, subscriberId }, query: { page: n, perPage: PER_PAGE } },
        }),
      ),
    enabled: subscriber.isSuccess,
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  const resend = useMutation({
    mutationFn: () =>
      ok(api.POST('/api/v1/pages/{pageId}/subscribers/{subscriberId}/resend-confirmation', { params: { path: { pageId: page.id, subscriberId } } })),
    onSuccess: () => notify('Confirmation email sent again.'),
  });
  useTitle('Subscriber', page.name);
  if (subscriber.isPending) return <Loading what="the subscriber" />;
  if (subscriber.isError) {
    if (subscriber.error instanceof ApiError && (subscriber.error.status === 404 || subscriber.error.status === 400)) return <NotFound what="This subscriber" />;
    return <ErrorBox error={subscriber.error} what="the subscriber" />;
  }
  const s = subscriber.data;
  return (
    <section className="stack">
      <div>
        <Link to={`/pages/${page.id}/subscribers`} className="back">
          ← Subscribers
        </Link>
        <h1 tabIndex={-1} className="break">
          {s.email}
        </h1>
        <dl className="facts">
          <div>
            <dt>State</dt>
            <dd data-testid="subscriber-state">
              <StateBadge state={s.state} />
            </dd>
          </div>
          <div>
            <dt>Follows</dt>
            <dd data-testid="subscriber-following">{following(s.componentIds)}</dd>
          </div>
          <div>
            <dt>Confirmed</dt>
            <dd data-testid="subscriber-confirmed">{s.confirmedAt ? <Time iso={s.confirmedAt} zone={page.timeZone} /> : 'Not yet'}</dd>
          </div>
          <div>
            <dt>Added</dt>
            <dd>
              <Time iso={s.createdAt} zone={page.timeZone} />
            </dd>
          </div>
        </dl>
      </div>
      <div className="actions">
        {s.state === 'pending' && (
          <button type="button" className="button" onClick={() => resend.mutate()} disabled={resend.isPending}>
            {resend.isPending ? 'Sending…' : 'Resend confirmation'}
          </button>
        )}
        <button type="button" className="button danger-outline" onClick={() => setDeleting(true)}>
          Delete subscriber…
        </button>
      </div>
      {resend.isError && <FormAlert messages={[resend.error.message]} />}
      <section className="stack" aria-labelledby="email-attempts">
        <div className="screen-head">
          <h2 id="email-attempts">Emails</h2>
          <button type="button" className="button small" onClick={() => void deliveries.refetch()} disabled={deliveries.isFetching}>
            {deliveries.isFetching ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
        {deliveries.isPending && <Loading what="emails" />}
        {deliveries.isError && <ErrorBox error={deliveries.error} what="emails" />}
        {deliveries.data?.data.length === 0 && <Empty>No emails yet.</Empty>}
        <ul className="cards" aria-label="Email attempts">
          {deliveries.data?.data.map((d) => (
            <li key={d.id} className="card delivery" data-kind={d.kind}>
              <span className="meta-row">
                <Badge tone={d.outcome === 'sent' ? 'ok' : 'critical'}>{d.outcome === 'sent' ? 'Sent' : 'Failed'}</Badge>
                <span>{EMAIL_KIND_LABEL[d.kind]}</span>
                <span className="muted small">attempt {d.attempt}</span>
                <span className="muted small">{d.durationMs} ms</span>
              </span>
              <span className="break">{d.subject}</span>
              <span className="muted small">
                <Time iso={d.createdAt} zone={page.timeZone} /> · to <span className="break">{d.email}</span>
              </span>
              <span className={`small mono break${d.outcome === 'sent' ? ' muted' : ' field-error'}`}>{d.response}</span>
            </li>
          ))}
        </ul>
        {deliveries.data && <Pager meta={deliveries.data.meta} onPage={setN} />}
      </section>
      <DeleteSubscriber subscriber={deleting ? s : null} onClose={() => setDeleting(false)} />
    </section>
  );
}
