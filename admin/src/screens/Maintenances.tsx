/*
 * Scheduled maintenance: windows entered and shown in the page's time zone
 * (with UTC beside), rescheduling, start, complete, cancel and updates.
 */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, ApiError, type Maintenance, type MaintenanceStatus, ok, type Schemas } from '../api/client';
import { formErrors } from '../api/errors';
import { NotFound } from '../App';
import { usePageContext, useTitle } from '../context';
import { MAINTENANCE_STATUS_LABEL } from '../labels';
import { keys, useComponents } from '../queries';
import { Link, navigate } from '../router';
import { localToUtc, relative, utcToLocal } from '../time';
import { Badge, Empty, ErrorBox, Loading, MaintenanceStatusBadge, Time, useNotify } from '../ui/bits';
import { ConfirmDialog } from '../ui/Dialog';
import { Check, Choices, Field, FormAlert, FormFooter } from '../ui/Field';
import { LocalDateTime } from '../ui/LocalDateTime';
import { Pager } from '../ui/Pager';
import { SERIES_PATH, SeriesList } from './MaintenanceSeries';

type When = Schemas['MaintenanceWhen'];

function useMaintenances(when: When, n: number, perPage = 25) {
  const page = usePageContext();
  return useQuery({
    queryKey: keys.maintenances(page.id, when, n),
    queryFn: () =>
      ok(api.GET('/api/v1/pages/{pageId}/maintenances', { params: { path: { pageId: page.id }, query: { when, page: n, perPage } } })),
    placeholderData: keepPreviousData,
  });
}

/** `recurring` is the series list, at its own path (maintenances/recurring) so that it can be linked to. */
export function MaintenancesScreen({ view: routeView }: { view?: 'recurring' }) {
  const page = usePageContext();
  useTitle(routeView === 'recurring' ? 'Recurring maintenance' : 'Maintenance', page.name);
  const [windows, setWindows] = useState<'current' | 'past'>('current');
  const view = routeView ?? windows;
  const show = (next: 'current' | 'past' | 'recurring') => {
    if (next === 'recurring') return navigate(`/pages/${page.id}/${SERIES_PATH}`);
    setWindows(next);
    if (routeView) navigate(`/pages/${page.id}/maintenances`);
  };
  return (
    <section className="stack">
      <div className="screen-head">
        <h1 tabIndex={-1}>Maintenance</h1>
        <Link to={`/pages/${page.id}/maintenances/new`} className="button primary">
          Schedule maintenance
        </Link>
      </div>
      <div className="segmented" role="group" aria-label="Which windows">
        <button type="button" aria-pressed={view === 'current'} onClick={() => show('current')}>
          Current
        </button>
        <button type="button" aria-pressed={view === 'past'} onClick={() => show('past')}>
          Past
        </button>
        <button type="button" aria-pressed={view === 'recurring'} onClick={() => show('recurring')}>
          Recurring
        </button>
      </div>
      {view === 'current' && (
        <>
          <MaintenanceList when="active" title="In progress" empty="Nothing in progress." />
          <MaintenanceList when="upcoming" title="Upcoming" empty="Nothing scheduled." />
        </>
      )}
      {view === 'past' && <MaintenanceList when="past" title="Past" empty="No past maintenance." />}
      {view === 'recurring' && <SeriesList />}
    </section>
  );
}

function MaintenanceList({ when, title, empty }: { when: When; title: string; empty: string }) {
  const page = usePageContext();
  const [n, setN] = useState(1);
  const list = useMaintenances(when, n);
  const id = `list-${when}`;
  return (
    <section aria-labelledby={id} className="stack">
      <h2 id={id}>{title}</h2>
      {list.isPending && <Loading what="maintenance" />}
      {list.isError && <ErrorBox error={list.error} what="maintenance" />}
      {list.data?.data.length === 0 && <Empty>{empty}</Empty>}
      <ul className="cards" aria-label={title}>
        {list.data?.data.map((m) => (
          <li key={m.id} className="card linked">
            <Link to={`/pages/${page.id}/maintenances/${m.id}`} className="card-link">
              <span className="card-title">{m.title}</span>
            </Link>
            <span className="meta-row">
              <MaintenanceStatusBadge status={m.status} />
              {m.seriesId && <Badge tone="neutral">Recurring</Badge>}
              {m.status === 'scheduled' && <span className="muted small">starts {relative(m.scheduledStart)}</span>}
            </span>
            <span className="muted small">
              <Time iso={m.scheduledStart} zone={page.timeZone} />
            </span>
            <span className="muted small">
              to <Time iso={m.scheduledEnd} zone={page.timeZone} />
            </span>
          </li>
        ))}
      </ul>
      {list.data && <Pager meta={list.data.meta} onPage={setN} />}
    </section>
  );
}

const WINDOW_FIELDS = ['title', 'description', 'scheduledStart', 'scheduledEnd', 'componentIds', 'autoStart', 'autoComplete', 'message'] as const;

interface WindowBody {
  title: string;
  description: string;
  start: string;
  end: string;
  componentIds: string[];
  autoStart: boolean;
  autoComplete: boolean;
  message: string;
}

/** The window's fields; times are wall-clock times in the page's zone. */
function WindowForm({
  initial,
  submitLabel,
  busy,
  error,
  withMessage,
  onSubmit,
  onCancel,
}: {
  initial: WindowBody;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  withMessage?: boolean;
  onSubmit: (body: { title: string; description: string | null; scheduledStart: string; scheduledEnd: string; componentIds: string[]; autoStart: boolean; autoComplete: boolean; message: string }) => void;
  onCancel?: () => void;
}) {
  const page = usePageContext();
  const components = useComponents(page.id);
  const [body, setBody] = useState(initial);
  const [local, setLocal] = useState<Record<string, string[]>>({});
  const errors = formErrors(error, WINDOW_FIELDS);
  const fields = { ...errors.fields, ...local };
  const set = <K extends keyof WindowBody>(k: K, v: WindowBody[K]) => setBody((b) => ({ ...b, [k]: v }));
  const zone = page.timeZone;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const start = body.start ? localToUtc(body.start, zone) : null;
    const end = body.end ? localToUtc(body.end, zone) : null;
    const problems: Record<string, string[]> = {};
    if (!start) problems.scheduledStart = ['scheduledStart: enter the date and time it starts'];
    if (!end) problems.scheduledEnd = ['scheduledEnd: enter the date and time it ends'];
    setLocal(problems);
    if (!start || !end) return;
    onSubmit({
      title: body.title,
      description: body.description || null,
      scheduledStart: start,
      scheduledEnd: end,
      componentIds: body.componentIds,
      autoStart: body.autoStart,
      autoComplete: body.autoComplete,
      message: body.message,
    });
  };

  return (
    <form className="card form" onSubmit={submit} noValidate>
      <Field label="Title" name="title" errors={fields}>
        {(p) => <input {...p} value={body.title} onChange={(e) => set('title', e.target.value)} />}
      </Field>
      <Field label="Description" name="description" errors={fields} hint="Optional: what will happen and what people may notice.">
        {(p) => <textarea {...p} rows={3} value={body.description} onChange={(e) => set('description', e.target.value)} />}
      </Field>
      <div className="two-col tight">
        <Field label={`Starts (${zone})`} name="scheduledStart" errors={fields}>
          {(p) => <LocalDateTime {...p} value={body.start} onChange={(v) => set('start', v)} zone={zone} />}
        </Field>
        <Field label={`Ends (${zone})`} name="scheduledEnd" errors={fields}>
          {(p) => <LocalDateTime {...p} value={body.end} onChange={(v) => set('end', v)} zone={zone} />}
        </Field>
      </div>
      {components.data && components.data.length > 0 && (
        <Choices legend="Components under maintenance" name="componentIds" errors={fields} hint="They show “Under maintenance” while the window is in progress.">
          {components.data.map((c) => (
            <Check
              key={c.id}
              label={c.name}
              checked={body.componentIds.includes(c.id)}
              onChange={(on) => set('componentIds', on ? [...body.componentIds, c.id] : body.componentIds.filter((id) => id !== c.id))}
            />
          ))}
        </Choices>
      )}
      <Choices legend="Automation" name="autoStart" errors={fields}>
        <Check label="Start by itself at the start time" checked={body.autoStart} onChange={(v) => set('autoStart', v)} />
        <Check label="Complete by itself at the end time" checked={body.autoComplete} onChange={(v) => set('autoComplete', v)} />
      </Choices>
      {withMessage && (
        <Field label="First update" name="message" errors={fields} hint="Optional; a default text is used otherwise.">
          {(p) => <textarea {...p} rows={2} value={body.message} onChange={(e) => set('message', e.target.value)} />}
        </Field>
      )}
      <FormFooter messages={errors.general} busy={busy} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}

export function NewMaintenanceScreen() {
  const page = usePageContext();
  useTitle('Schedule maintenance', page.name);
  const notify = useNotify();
  const create = useMutation({
    mutationFn: (body: Schemas['CreateMaintenanceDto']) =>
      ok(api.POST('/api/v1/pages/{pageId}/maintenances', { params: { path: { pageId: page.id } }, body })),
    onSuccess: (m) => {
      notify(`Maintenance “${m.title}” scheduled.`);
      navigate(`/pages/${page.id}/maintenances/${m.id}`);
    },
  });
  return (
    <section className="stack narrow">
      <Link to={`/pages/${page.id}/maintenances`} className="back">
        ← Maintenance
      </Link>
      <h1 tabIndex={-1}>Schedule maintenance</h1>
      <WindowForm
        initial={{ title: '', description: '', start: '', end: '', componentIds: [], autoStart: true, autoComplete: true, message: '' }}
        withMessage
        submitLabel="Schedule"
        busy={create.isPending}
        error={create.error}
        onSubmit={({ message, description, ...rest }) =>
          create.mutate({ ...rest, ...(description ? { description } : {}), ...(message ? { message } : {}) })
        }
      />
    </section>
  );
}

export function MaintenanceDetailScreen({ maintenanceId }: { maintenanceId: string }) {
  const page = usePageContext();
  const m = useQuery({
    queryKey: keys.maintenance(page.id, maintenanceId),
    queryFn: () =>
      ok(api.GET('/api/v1/pages/{pageId}/maintenances/{maintenanceId}', { params: { path: { pageId: page.id, maintenanceId } } })),
  });
  useTitle(m.data?.title ?? 'Maintenance', page.name);
  if (m.isPending) return <Loading what="the maintenance" />;
  if (m.isError) {
    if (m.error instanceof ApiError && (m.error.status === 404 || m.error.status === 400)) return <NotFound what="This maintenance" />;
    return <ErrorBox error={m.error} what="the maintenance" />;
  }
  return <MaintenanceDetail maintenance={m.data} />;
}

function MaintenanceDetail({ maintenance: m }: { maintenance: Maintenance }) {
  const page = usePageContext();
  const zone = page.timeZone;
  const notify = useNotify();
  const components = useComponents(page.id);
  const [editing, setEditing] = useState(false);
  const [confirm, setConfirm] = useState<'cancel' | 'delete' | null>(null);
  const [cancelMessage, setCancelMessage] = useState('');
  const path = { pageId: page.id, maintenanceId: m.id };

  const action = useMutation({
    mutationFn: async (kind: 'start' | 'complete' | 'cancel') => {
      const body = kind === 'cancel' && cancelMessage ? { message: cancelMessage } : {};
      if (kind === 'start') return ok(api.POST('/api/v1/pages/{pageId}/maintenances/{maintenanceId}/start', { params: { path }, body }));
      if (kind === 'complete') return ok(api.POST('/api/v1/pages/{pageId}/maintenances/{maintenanceId}/complete', { params: { path }, body }));
      return ok(api.POST('/api/v1/pages/{pageId}/maintenances/{maintenanceId}/cancel', { params: { path }, body }));
    },
    onSuccess: (next) => {
      notify(`Maintenance ${MAINTENANCE_STATUS_LABEL[next.status].toLowerCase()}.`);
      setConfirm(null);
    },
  });
  const save = useMutation({
    mutationFn: (body: Schemas['UpdateMaintenanceDto']) =>
      ok(api.PATCH('/api/v1/pages/{pageId}/maintenances/{maintenanceId}', { params: { path }, body })),
    onSuccess: () => {
      notify('Maintenance saved.');
      setEditing(false);
    },
  });
  const remove = useMutation({
    mutationFn: () => ok(api.DELETE('/api/v1/pages/{pageId}/maintenances/{maintenanceId}', { params: { path } })),
    onSuccess: () => {
      notify(`Maintenance “${m.title}” deleted.`);
      navigate(`/pages/${page.id}/maintenances`);
    },
  });

  const editable = m.status === 'scheduled' || m.status === 'in_progress';
  const names = new Map(components.data?.map((c) => [c.id, c.name]));

  return (
    <section className="stack">
      <div>
        <Link to={`/pages/${page.id}/maintenances`} className="back">
          ← Maintenance
        </Link>
        <h1 tabIndex={-1}>{m.title}</h1>
        <p className="meta-row">
          <MaintenanceStatusBadge status={m.status} />
          {m.autoStart && <span className="muted small">starts by itself</span>}
          {m.autoComplete && <span className="muted small">completes by itself</span>}
        </p>
        <dl className="facts">
          <div>
            <dt>Starts</dt>
            <dd data-testid="scheduled-start">
              <Time iso={m.scheduledStart} zone={zone} />
            </dd>
          </div>
          <div>
            <dt>Ends</dt>
            <dd data-testid="scheduled-end">
              <Time iso={m.scheduledEnd} zone={zone} />
            </dd>
          </div>
          {m.startedAt && (
            <div>
              <dt>Started</dt>
              <dd>
                <Time iso={m.startedAt} zone={zone} />
              </dd>
            </div>
          )}
          {m.completedAt && (
            <div>
              <dt>Completed</dt>
              <dd>
                <Time iso={m.completedAt} zone={zone} />
              </dd>
            </div>
          )}
          {m.cancelledAt && (
            <div>
              <dt>Cancelled</dt>
              <dd>
                <Time iso={m.cancelledAt} zone={zone} />
              </dd>
            </div>
          )}
          <div>
            <dt>Components</dt>
            <dd>{m.componentIds.length ? m.componentIds.map((id) => names.get(id) ?? 'Component').join(', ') : 'None'}</dd>
          </div>
          {m.seriesId && (
            <div>
              <dt>Recurring</dt>
              <dd>
                <Link to={`/pages/${page.id}/${SERIES_PATH}/${m.seriesId}`}>Its series</Link>
                <span className="muted small"> · editing, moving or cancelling this window detaches it</span>
              </dd>
            </div>
          )}
        </dl>
        {m.description && <p className="message">{m.description}</p>}
      </div>

      <div className="actions wrap">
        {m.status === 'scheduled' && (
          <button type="button" className="button primary" disabled={action.isPending} onClick={() => action.mutate('start')}>
            Start now
          </button>
        )}
        {(m.status === 'in_progress' || m.status === 'verifying') && (
          <button type="button" className="button primary" disabled={action.isPending} onClick={() => action.mutate('complete')}>
            Complete
          </button>
        )}
        {editable && !editing && (
          <button type="button" className="button" onClick={() => setEditing(true)}>
            Reschedule or edit
          </button>
        )}
        {m.status === 'scheduled' && (
          <button type="button" className="button danger-outline" onClick={() => setConfirm('cancel')}>
            Cancel maintenance…
          </button>
        )}
      </div>
      {action.isError && confirm === null && (
        <p className="form-alert" role="alert">
          {action.error.message}
        </p>
      )}

      {editing && (
        <WindowForm
          initial={{
            title: m.title,
            description: m.description ?? '',
            start: utcToLocal(m.scheduledStart, zone),
            end: utcToLocal(m.scheduledEnd, zone),
            componentIds: m.componentIds,
            autoStart: m.autoStart,
            autoComplete: m.autoComplete,
            message: '',
          }}
          submitLabel="Save changes"
          busy={save.isPending}
          error={save.error}
          onCancel={() => setEditing(false)}
          onSubmit={({ message: _unused, ...body }) => {
            void _unused;
            save.mutate(body);
          }}
        />
      )}

      <div className="detail-grid">
        <MaintenanceUpdateForm maintenance={m} />
        <section className="card" aria-labelledby="m-timeline">
          <h2 id="m-timeline">Timeline</h2>
          <ol className="timeline">
            {[...m.updates].reverse().map((u) => (
              <li key={u.id}>
                <div className="meta-row">
                  <MaintenanceStatusBadge status={u.status} />
                  <span className="muted small">
                    <Time iso={u.createdAt} zone={zone} />
                  </span>
                </div>
                <p className="message">{u.message}</p>
              </li>
            ))}
          </ol>
        </section>
      </div>

      <section className="card danger-zone" aria-labelledby="delete-maintenance">
        <h2 id="delete-maintenance">Delete</h2>
        <p className="muted">Removes the window and its timeline. To call it off and tell people, cancel it instead.</p>
        <button type="button" className="button danger-outline" onClick={() => setConfirm('delete')}>
          Delete maintenance…
        </button>
      </section>

      <ConfirmDialog
        open={confirm === 'cancel'}
        title={`Cancel “${m.title}”?`}
        confirmLabel="Cancel maintenance"
        busy={action.isPending}
        error={action.isError ? action.error.message : null}
        onConfirm={() => action.mutate('cancel')}
        onClose={() => setConfirm(null)}
      >
        <p>The window will not start; the public page shows it as cancelled.</p>
        <Field label="Message (optional)" name="message">
          {(p) => <textarea {...p} rows={2} value={cancelMessage} onChange={(e) => setCancelMessage(e.target.value)} />}
        </Field>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === 'delete'}
        title={`Delete “${m.title}”?`}
        confirmLabel="Delete maintenance"
        busy={remove.isPending}
        error={remove.error?.message}
        onConfirm={() => remove.mutate()}
        onClose={() => setConfirm(null)}
      >
        <p>The window and its {m.updates.length} updates are deleted for good.</p>
      </ConfirmDialog>
    </section>
  );
}

const NEXT_BY_UPDATE: Record<MaintenanceStatus, MaintenanceStatus[]> = {
  scheduled: [],
  in_progress: ['verifying'],
  verifying: ['in_progress'],
  completed: [],
  cancelled: [],
};

function MaintenanceUpdateForm({ maintenance: m }: { maintenance: Maintenance }) {
  const page = usePageContext();
  const notify = useNotify();
  const [message, setMessage] = useState('');
  const [status, setStatus] = useState<MaintenanceStatus | ''>('');
  const post = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/v1/pages/{pageId}/maintenances/{maintenanceId}/updates', {
          params: { path: { pageId: page.id, maintenanceId: m.id } },
          body: { message, ...(status ? { status } : {}) },
        }),
      ),
    onSuccess: () => {
      notify('Update posted.');
      setMessage('');
      setStatus('');
    },
  });
  const errors = formErrors(post.error, ['message', 'status']);
  const next = NEXT_BY_UPDATE[m.status];
  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault();
        post.mutate();
      }}
      noValidate
      aria-labelledby="m-update"
    >
      <h2 id="m-update">Post an update</h2>
      <Field label="Message" name="message" errors={errors.fields}>
        {(p) => <textarea {...p} rows={3} value={message} onChange={(e) => setMessage(e.target.value)} />}
      </Field>
      {next.length > 0 && (
        <Field label="Status" name="status" errors={errors.fields}>
          {(p) => (
            <select {...p} value={status} onChange={(e) => setStatus(e.target.value as MaintenanceStatus | '')}>
              <option value="">No change ({MAINTENANCE_STATUS_LABEL[m.status].toLowerCase()})</option>
              {next.map((s) => (
                <option key={s} value={s}>
                  {MAINTENANCE_STATUS_LABEL[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <FormAlert messages={errors.general} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={post.isPending}>
          Post update
        </button>
      </div>
    </form>
  );
}
