/* Incidents: the list, opening one (or backfilling a past one), and one incident's timeline and updates. */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { api, ApiError, type Incident, type IncidentImpact, type IncidentStatus, ok, type Schemas } from '../api/client';
import { formErrors } from '../api/errors';
import { NotFound } from '../App';
import { usePageContext, useTitle } from '../context';
import { COMPONENT_STATUS_LABEL, IMPACTS, IMPACT_LABEL, INCIDENT_STATUSES, INCIDENT_STATUS_LABEL, isResolved } from '../labels';
import { keys, useComponents } from '../queries';
import { Link, navigate } from '../router';
import { localToUtc } from '../time';
import { Empty, ErrorBox, ImpactBadge, IncidentStatusBadge, Loading, Time, useNotify } from '../ui/bits';
import { ComponentStatuses, type StatusChoice, toIncidentComponents } from '../ui/ComponentStatuses';
import { ConfirmDialog } from '../ui/Dialog';
import { Check, Field, FormAlert } from '../ui/Field';
import { LocalDateTime } from '../ui/LocalDateTime';
import { Pager } from '../ui/Pager';

const PER_PAGE = 25;

export function IncidentsScreen() {
  const page = usePageContext();
  useTitle('Incidents', page.name);
  const [status, setStatus] = useState<IncidentStatus | ''>('');
  const [n, setN] = useState(1);
  const list = useQuery({
    queryKey: keys.incidents(page.id, status, n),
    queryFn: () =>
      ok(
        api.GET('/api/v1/pages/{pageId}/incidents', {
          params: { path: { pageId: page.id }, query: { page: n, perPage: PER_PAGE, ...(status ? { status } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="stack">
      <div className="screen-head">
        <h1 tabIndex={-1}>Incidents</h1>
        <Link to={`/pages/${page.id}/incidents/new`} className="button primary">
          Open incident
        </Link>
      </div>
      <div className="filters">
        <Field label="Show" name="status">
          {(p) => (
            <select
              {...p}
              value={status}
              onChange={(e) => {
                setStatus(e.target.value as IncidentStatus | '');
                setN(1);
              }}
            >
              <option value="">All incidents (open first)</option>
              {INCIDENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {INCIDENT_STATUS_LABEL[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {list.isPending && <Loading what="incidents" />}
      {list.isError && <ErrorBox error={list.error} what="incidents" />}
      {list.data?.data.length === 0 && <Empty>No incidents{status ? ` with this status` : ''}.</Empty>}
      <ul className="cards" aria-label="Incidents">
        {list.data?.data.map((incident) => (
          <li key={incident.id} className={`card incident-card linked${isResolved(incident.status) ? ' is-done' : ''}`}>
            <Link to={`/pages/${page.id}/incidents/${incident.id}`} className="card-link">
              <span className="card-title">{incident.name}</span>
            </Link>
            <span className="meta-row">
              <IncidentStatusBadge status={incident.status} />
              <ImpactBadge impact={incident.impact} />
            </span>
            <span className="muted small">
              Started <Time iso={incident.startedAt} zone={page.timeZone} />
            </span>
          </li>
        ))}
      </ul>
      {list.data && <Pager meta={list.data.meta} onPage={setN} />}
    </section>
  );
}

const CREATE_FIELDS = ['name', 'message', 'status', 'impact', 'components', 'startedAt'] as const;
const INITIAL: Schemas['InitialIncidentStatus'][] = ['investigating', 'identified', 'monitoring', 'resolved'];

export function NewIncidentScreen() {
  const page = usePageContext();
  useTitle('Open incident', page.name);
  const notify = useNotify();
  const components = useComponents(page.id);
  const [name, setName] = useState('');
  const [message, setMessage] = useState('');
  const [status, setStatus] = useState<Schemas['InitialIncidentStatus']>('investigating');
  const [impact, setImpact] = useState<IncidentImpact>('minor');
  const [affected, setAffected] = useState<StatusChoice>({});
  const [backfill, setBackfill] = useState(false);
  const [startedAt, setStartedAt] = useState('');
  const [localError, setLocalError] = useState<Record<string, string[]>>({});

  const create = useMutation({
    mutationFn: (body: Schemas['CreateIncidentDto']) => ok(api.POST('/api/v1/pages/{pageId}/incidents', { params: { path: { pageId: page.id } }, body })),
    onSuccess: (incident) => {
      notify(`Incident “${incident.name}” opened.`);
      navigate(`/pages/${page.id}/incidents/${incident.id}`);
    },
  });
  const errors = formErrors(create.error, CREATE_FIELDS);
  const fields = { ...errors.fields, ...localError };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setLocalError({});
    let started: string | undefined;
    if (backfill) {
      const utc = startedAt ? localToUtc(startedAt, page.timeZone) : null;
      if (!utc) {
        setLocalError({ startedAt: ['startedAt: enter the date and time it started'] });
        return;
      }
      started = utc;
    }
    create.mutate({ name, message, status, impact, components: toIncidentComponents(affected), ...(started ? { startedAt: started } : {}) });
  };

  return (
    <section className="stack narrow">
      <h1 tabIndex={-1}>Open incident</h1>
      <form className="card form" onSubmit={submit} noValidate>
        <Field label="Title" name="name" errors={fields} hint="What people see first, e.g. “Elevated error rates on the API”.">
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <div className="two-col pair">
          <Field label="Status" name="status" errors={fields}>
            {(p) => (
              <select {...p} value={status} onChange={(e) => setStatus(e.target.value as Schemas['InitialIncidentStatus'])}>
                {INITIAL.map((s) => (
                  <option key={s} value={s}>
                    {INCIDENT_STATUS_LABEL[s]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Impact" name="impact" errors={fields}>
            {(p) => (
              <select {...p} value={impact} onChange={(e) => setImpact(e.target.value as IncidentImpact)}>
                {IMPACTS.map((i) => (
                  <option key={i} value={i}>
                    {IMPACT_LABEL[i]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field label="Message" name="message" errors={fields} hint="The first update on the timeline. Markdown works.">
          {(p) => <textarea {...p} rows={4} value={message} onChange={(e) => setMessage(e.target.value)} />}
        </Field>
        {components.data && (
          <ComponentStatuses
            legend="Affected components"
            hint="The status each one shows while the incident is open."
            components={components.data}
            value={affected}
            onChange={setAffected}
            errors={fields}
          />
        )}
        <Check label="It started earlier: backfill a past incident" checked={backfill} onChange={setBackfill} />
        {backfill && (
          <Field label={`Started at (${page.timeZone})`} name="startedAt" errors={fields} hint="Choose Resolved above to record an incident that is already over.">
            {(p) => <LocalDateTime {...p} value={startedAt} onChange={setStartedAt} zone={page.timeZone} />}
          </Field>
        )}
        <FormAlert messages={errors.general} />
        <div className="actions">
          <Link to={`/pages/${page.id}/incidents`} className="button">
            Cancel
          </Link>
          <button type="submit" className="button primary" disabled={create.isPending}>
            {create.isPending ? 'Opening…' : backfill ? 'Record incident' : 'Open incident'}
          </button>
        </div>
      </form>
    </section>
  );
}

export function IncidentDetailScreen({ incidentId }: { incidentId: string }) {
  const page = usePageContext();
  const incident = useQuery({
    queryKey: keys.incident(page.id, incidentId),
    queryFn: () => ok(api.GET('/api/v1/pages/{pageId}/incidents/{incidentId}', { params: { path: { pageId: page.id, incidentId } } })),
  });
  useTitle(incident.data?.name ?? 'Incident', page.name);
  if (incident.isPending) return <Loading what="the incident" />;
  if (incident.isError) {
    if (incident.error instanceof ApiError && (incident.error.status === 404 || incident.error.status === 400)) return <NotFound what="This incident" />;
    return <ErrorBox error={incident.error} what="the incident" />;
  }
  return <IncidentDetail incident={incident.data} />;
}

function IncidentDetail({ incident }: { incident: Incident }) {
  const page = usePageContext();
  const zone = page.timeZone;
  return (
    <section className="stack">
      <div>
        <Link to={`/pages/${page.id}/incidents`} className="back">
          ← Incidents
        </Link>
        <h1 tabIndex={-1}>{incident.name}</h1>
        <p className="meta-row">
          <IncidentStatusBadge status={incident.status} />
          <ImpactBadge impact={incident.impact} />
        </p>
        <dl className="facts">
          <div>
            <dt>Started</dt>
            <dd>
              <Time iso={incident.startedAt} zone={zone} />
            </dd>
          </div>
          {incident.resolvedAt && (
            <div>
              <dt>Resolved</dt>
              <dd>
                <Time iso={incident.resolvedAt} zone={zone} />
              </dd>
            </div>
          )}
        </dl>
      </div>
      <div className="detail-grid">
        <div className="stack">
          <UpdateForm incident={incident} />
          <Timeline incident={incident} />
        </div>
        <div className="stack">
          <AffectedList incident={incident} />
          <EditIncident incident={incident} />
          <DeleteIncident incident={incident} />
        </div>
      </div>
    </section>
  );
}

const UPDATE_FIELDS = ['status', 'message', 'components'] as const;
const RESOLVED_MESSAGE = 'This incident has been resolved.';

function UpdateForm({ incident }: { incident: Incident }) {
  const page = usePageContext();
  const notify = useNotify();
  const components = useComponents(page.id);
  const [status, setStatus] = useState<IncidentStatus>(incident.status);
  const [message, setMessage] = useState('');
  const [changes, setChanges] = useState<StatusChoice>({});
  const [restore, setRestore] = useState(true);
  const messageRef = useRef<HTMLTextAreaElement>(null);
  const current = Object.fromEntries(incident.components.map((c) => [c.componentId, c.status]));
  const resolving = status === 'resolved' && !isResolved(incident.status);

  const post = useMutation({
    mutationFn: (body: Schemas['CreateIncidentUpdateDto']) =>
      ok(
        api.POST('/api/v1/pages/{pageId}/incidents/{incidentId}/updates', {
          params: { path: { pageId: page.id, incidentId: incident.id } },
          body,
        }),
      ),
    onSuccess: (updated) => {
      notify(`Update posted: ${INCIDENT_STATUS_LABEL[updated.status]}.`);
      setMessage('');
      setChanges({});
      setStatus(updated.status);
    },
  });
  const errors = formErrors(post.error, UPDATE_FIELDS);

  const preset = (next: IncidentStatus, text: string) => {
    setStatus(next);
    if (!message) setMessage(text);
    messageRef.current?.focus();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const list = toIncidentComponents(changes);
    if (resolving && restore) {
      for (const c of incident.components) {
        if (c.status !== 'operational' && !changes[c.componentId]) list.push({ componentId: c.componentId, status: 'operational' });
      }
    }
    post.mutate({ status, message, ...(list.length ? { components: list } : {}) });
  };

  const options = INCIDENT_STATUSES.filter((s) => s !== 'postmortem' || isResolved(incident.status));
  return (
    <form className="card form update-form" onSubmit={submit} noValidate aria-labelledby="post-update">
      <div className="group-head">
        <h2 id="post-update">Post an update</h2>
        {!isResolved(incident.status) ? (
          <button type="button" className="button small" onClick={() => preset('resolved', RESOLVED_MESSAGE)}>
            Resolve…
          </button>
        ) : (
          incident.status !== 'postmortem' && (
            <button type="button" className="button small" onClick={() => preset('postmortem', '')}>
              Write postmortem…
            </button>
          )
        )}
      </div>
      <Field label="New status" name="status" errors={errors.fields}>
        {(p) => (
          <select {...p} value={status} onChange={(e) => setStatus(e.target.value as IncidentStatus)}>
            {options.map((s) => (
              <option key={s} value={s}>
                {INCIDENT_STATUS_LABEL[s]}
                {s === incident.status ? ' (current)' : ''}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={status === 'postmortem' ? 'Postmortem' : 'Message'} name="message" errors={errors.fields}>
        {(p) => <textarea {...p} ref={messageRef} rows={status === 'postmortem' ? 8 : 3} value={message} onChange={(e) => setMessage(e.target.value)} />}
      </Field>
      {resolving && incident.components.some((c) => c.status !== 'operational') && (
        <Check label="Set the affected components back to operational" checked={restore} onChange={setRestore} />
      )}
      {components.data && status !== 'postmortem' && (
        <details className="disclosure" open={incident.components.length > 0 && !resolving}>
          <summary>Component statuses</summary>
          <ComponentStatuses
            legend="Change components"
            components={components.data}
            value={changes}
            onChange={setChanges}
            current={current}
            errors={errors.fields}
          />
        </details>
      )}
      <FormAlert messages={errors.general} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={post.isPending}>
          {post.isPending ? 'Posting…' : resolving ? 'Post and resolve' : 'Post update'}
        </button>
      </div>
    </form>
  );
}

function Timeline({ incident }: { incident: Incident }) {
  const page = usePageContext();
  const updates = [...incident.updates].reverse();
  return (
    <section className="card" aria-labelledby="timeline">
      <h2 id="timeline">Timeline</h2>
      <ol className="timeline">
        {updates.map((u) => (
          <li key={u.id}>
            <div className="meta-row">
              <IncidentStatusBadge status={u.status} />
              <span className="muted small">
                <Time iso={u.createdAt} zone={page.timeZone} />
              </span>
            </div>
            <p className="message">{u.message}</p>
            {u.components.length > 0 && (
              <ul className="changes">
                {u.components.map((c) => (
                  <li key={c.componentId}>
                    {c.name}: {c.oldStatus ? `${COMPONENT_STATUS_LABEL[c.oldStatus]} → ` : ''}
                    {COMPONENT_STATUS_LABEL[c.status]}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function AffectedList({ incident }: { incident: Incident }) {
  const page = usePageContext();
  const components = useComponents(page.id);
  const names = new Map(components.data?.map((c) => [c.id, c.name]));
  return (
    <section className="card" aria-labelledby="affected">
      <h2 id="affected">Affected components</h2>
      {incident.components.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="plain">
          {incident.components.map((c) => (
            <li key={c.componentId} className="spread-row">
              <span>{names.get(c.componentId) ?? 'Component'}</span>
              <span className="muted">{COMPONENT_STATUS_LABEL[c.status]}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function EditIncident({ incident }: { incident: Incident }) {
  const page = usePageContext();
  const notify = useNotify();
  const [name, setName] = useState(incident.name);
  const [impact, setImpact] = useState<IncidentImpact>(incident.impact);
  const save = useMutation({
    mutationFn: () =>
      ok(
        api.PATCH('/api/v1/pages/{pageId}/incidents/{incidentId}', {
          params: { path: { pageId: page.id, incidentId: incident.id } },
          body: { name, impact },
        }),
      ),
    onSuccess: () => notify('Incident saved.'),
  });
  const errors = formErrors(save.error, ['name', 'impact']);
  return (
    <details className="card disclosure">
      <summary>Edit title and impact</summary>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
        noValidate
      >
        <Field label="Title" name="name" errors={errors.fields}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Impact" name="impact" errors={errors.fields}>
          {(p) => (
            <select {...p} value={impact} onChange={(e) => setImpact(e.target.value as IncidentImpact)}>
              {IMPACTS.map((i) => (
                <option key={i} value={i}>
                  {IMPACT_LABEL[i]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <FormAlert messages={errors.general} />
        <div className="actions">
          <button type="submit" className="button" disabled={save.isPending}>
            Save
          </button>
        </div>
      </form>
    </details>
  );
}

function DeleteIncident({ incident }: { incident: Incident }) {
  const page = usePageContext();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const remove = useMutation({
    mutationFn: () =>
      ok(api.DELETE('/api/v1/pages/{pageId}/incidents/{incidentId}', { params: { path: { pageId: page.id, incidentId: incident.id } } })),
    onSuccess: () => {
      notify(`Incident “${incident.name}” deleted.`);
      navigate(`/pages/${page.id}/incidents`);
    },
  });
  return (
    <section className="card danger-zone" aria-labelledby="delete-incident">
      <h2 id="delete-incident">Delete</h2>
      <p className="muted">Removes the incident and its timeline from the public page and history.</p>
      <button type="button" className="button danger-outline" onClick={() => setOpen(true)}>
        Delete incident…
      </button>
      <ConfirmDialog
        open={open}
        title={`Delete “${incident.name}”?`}
        confirmLabel="Delete incident"
        busy={remove.isPending}
        error={remove.error?.message}
        onConfirm={() => remove.mutate()}
        onClose={() => setOpen(false)}
      >
        <p>The incident and its {incident.updates.length} updates are deleted for good. To close it instead, post a resolving update.</p>
      </ConfirmDialog>
    </section>
  );
}
