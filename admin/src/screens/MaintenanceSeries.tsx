/*
 * Recurring maintenance: a series (an RFC 5545 rule from a first start entered
 * in a time zone, the page's by default) whose occurrences are ordinary
 * maintenance windows. Lives in the Maintenance section as its "Recurring" view.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, ApiError, type MaintenanceSeries, ok, type Schemas } from '../api/client';
import { formErrors } from '../api/errors';
import { NotFound } from '../App';
import { usePageContext, useTitle } from '../context';
import { keys, useComponents } from '../queries';
import { Link, navigate } from '../router';
import { buildRule, describeRule, type Ends, type Freq, minutesText, parseRule, type RuleChoice, UNIT, WEEKDAYS } from '../recurrence';
import { localToUtc } from '../time';
import { Empty, ErrorBox, Loading, MaintenanceStatusBadge, Time, useNotify } from '../ui/bits';
import { ConfirmDialog } from '../ui/Dialog';
import { Check, Choices, Field, FormFooter } from '../ui/Field';
import { LocalDateTime } from '../ui/LocalDateTime';
import { TimeZoneSelect } from '../ui/TimeZoneSelect';

export const SERIES_PATH = 'maintenances/recurring';

// ---- the list (the Maintenance section's "Recurring" view) ----

export function SeriesList() {
  const page = usePageContext();
  const list = useQuery({
    queryKey: keys.seriesList(page.id),
    queryFn: () => ok(api.GET('/api/v1/pages/{pageId}/maintenance-series', { params: { path: { pageId: page.id }, query: { perPage: 100 } } })),
  });
  return (
    <section aria-labelledby="list-recurring" className="stack">
      <div className="screen-head">
        <h2 id="list-recurring">Recurring series</h2>
        <Link to={`/pages/${page.id}/${SERIES_PATH}/new`} className="button">
          New recurring series
        </Link>
      </div>
      <p className="muted">Each occurrence is an ordinary maintenance window, scheduled 90 days ahead and kept up to date.</p>
      {list.isPending && <Loading what="recurring series" />}
      {list.isError && <ErrorBox error={list.error} what="recurring series" />}
      {list.data?.data.length === 0 && <Empty>No recurring maintenance.</Empty>}
      <ul className="cards" aria-label="Recurring series">
        {list.data?.data.map((s) => (
          <li key={s.id} className="card linked">
            <Link to={`/pages/${page.id}/${SERIES_PATH}/${s.id}`} className="card-link">
              <span className="card-title">{s.title}</span>
            </Link>
            <span className="small">
              {describeRule(s.rrule)} at {s.firstStart.slice(11, 16)} {s.timeZone} · {minutesText(s.durationMinutes)}
            </span>
            <NextOccurrence series={s} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function useOccurrences(series: MaintenanceSeries, limit: number) {
  const page = usePageContext();
  return useQuery({
    queryKey: keys.occurrences(page.id, series.id, limit),
    queryFn: () =>
      ok(
        api.GET('/api/v1/pages/{pageId}/maintenance-series/{seriesId}/occurrences', {
          params: { path: { pageId: page.id, seriesId: series.id }, query: { limit } },
        }),
      ),
  });
}

function NextOccurrence({ series }: { series: MaintenanceSeries }) {
  const page = usePageContext();
  const next = useOccurrences(series, 1);
  if (!next.data) return null;
  const first = next.data.data[0];
  return <span className="muted small">{first ? <>Next: <Time iso={first.start} zone={page.timeZone} /></> : 'No occurrence in the next 90 days'}</span>;
}

// ---- the form ----

const SERIES_FIELDS = [
  'title',
  'description',
  'timeZone',
  'firstStart',
  'rrule',
  'durationMinutes',
  'componentIds',
  'autoStart',
  'autoComplete',
  'remindBeforeMinutes',
] as const;

type SeriesBody = Schemas['CreateMaintenanceSeriesDto'];

interface SeriesDraft {
  title: string;
  description: string;
  timeZone: string;
  firstStart: string;
  duration: string;
  rule: RuleChoice;
  componentIds: string[];
  autoStart: boolean;
  autoComplete: boolean;
  remind: string;
}

function draftOf(s: MaintenanceSeries | null, zone: string): SeriesDraft {
  if (!s) {
    return {
      title: '',
      description: '',
      timeZone: zone,
      firstStart: '',
      duration: '60',
      rule: { freq: 'WEEKLY', interval: '1', days: [], ends: 'never', count: '10', until: '', text: '' },
      componentIds: [],
      autoStart: true,
      autoComplete: true,
      remind: '60',
    };
  }
  return {
    title: s.title,
    description: s.description ?? '',
    timeZone: s.timeZone,
    firstStart: s.firstStart.slice(0, 16),
    duration: String(s.durationMinutes),
    rule: parseRule(s.rrule),
    componentIds: s.componentIds,
    autoStart: s.autoStart,
    autoComplete: s.autoComplete,
    remind: s.remindBeforeMinutes === null ? '' : String(s.remindBeforeMinutes),
  };
}

function SeriesForm({
  series,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  series: MaintenanceSeries | null;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (body: SeriesBody) => void;
  onCancel?: () => void;
}) {
  const page = usePageContext();
  const components = useComponents(page.id);
  const [d, setD] = useState(() => draftOf(series, page.timeZone));
  const [local, setLocal] = useState<Record<string, string[]>>({});
  const errors = formErrors(error, SERIES_FIELDS);
  const fields = { ...errors.fields, ...local };
  const set = <K extends keyof SeriesDraft>(k: K, v: SeriesDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const setRule = (patch: Partial<RuleChoice>) => setD((x) => ({ ...x, rule: { ...x.rule, ...patch } }));
  const rule = buildRule(d.rule);
  const c = d.rule;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string[]> = {};
    if (!d.firstStart || !localToUtc(d.firstStart, d.timeZone)) problems.firstStart = ['firstStart: enter the date and time of the first occurrence'];
    if (!/^\d+$/.test(d.duration.trim())) problems.durationMinutes = ['durationMinutes: enter the length of each occurrence in whole minutes'];
    if (d.remind.trim() && !/^\d+$/.test(d.remind.trim())) problems.remindBeforeMinutes = ['remindBeforeMinutes: whole minutes, or empty for no reminder'];
    if (!rule) problems.rrule = ['rrule: enter a rule such as FREQ=WEEKLY;BYDAY=SU'];
    setLocal(problems);
    if (Object.keys(problems).length) return;
    onSubmit({
      title: d.title,
      description: d.description || null,
      timeZone: d.timeZone,
      firstStart: d.firstStart,
      rrule: rule,
      durationMinutes: Number(d.duration),
      componentIds: d.componentIds,
      autoStart: d.autoStart,
      autoComplete: d.autoComplete,
      remindBeforeMinutes: d.remind.trim() ? Number(d.remind) : null,
    });
  };

  return (
    <form className="card form" onSubmit={submit} noValidate>
      <Field label="Title" name="title" errors={fields}>
        {(p) => <input {...p} value={d.title} onChange={(e) => set('title', e.target.value)} />}
      </Field>
      <Field label="Description" name="description" errors={fields} hint="Optional: what happens each time and what people may notice.">
        {(p) => <textarea {...p} rows={3} value={d.description} onChange={(e) => set('description', e.target.value)} />}
      </Field>
      <div className="two-col tight">
        <Field label="Time zone" name="timeZone" errors={fields} hint="The rule keeps this zone's wall-clock time across daylight-saving changes.">
          {(p) => <TimeZoneSelect {...p} value={d.timeZone} onChange={(zone) => set('timeZone', zone)} />}
        </Field>
        <Field label={`First start (${d.timeZone})`} name="firstStart" errors={fields}>
          {(p) => <LocalDateTime {...p} value={d.firstStart} onChange={(v) => set('firstStart', v)} zone={d.timeZone} />}
        </Field>
      </div>
      <Field label="Duration (minutes)" name="durationMinutes" errors={fields} hint={minutesText(Number(d.duration)) || 'From 1 minute to 7 days (10080).'}>
        {(p) => <input {...p} type="number" inputMode="numeric" min={1} max={10080} step={1} value={d.duration} onChange={(e) => set('duration', e.target.value)} />}
      </Field>

      <fieldset className="choices">
        <legend>Repeats</legend>
        <div className="stack tight">
          <div className="two-col tight">
            <Field label="Frequency" name="freq">
              {(p) => (
                <select
                  {...p}
                  value={c.freq}
                  onChange={(e) => {
                    const freq = e.target.value as Freq;
                    setRule(freq === 'custom' ? { freq, text: rule } : { freq });
                  }}
                >
                  <option value="DAILY">Daily</option>
                  <option value="WEEKLY">Weekly</option>
                  <option value="MONTHLY">Monthly (same day of the month)</option>
                  <option value="YEARLY">Yearly</option>
                  <option value="custom">Custom rule (RFC 5545)</option>
                </select>
              )}
            </Field>
            {c.freq !== 'custom' && (
              <Field label={`Every how many ${UNIT[c.freq][1]}`} name="interval">
                {(p) => <input {...p} type="number" inputMode="numeric" min={1} step={1} value={c.interval} onChange={(e) => setRule({ interval: e.target.value })} />}
              </Field>
            )}
          </div>
          {c.freq === 'WEEKLY' && (
            <Choices legend="On" name="byday" hint="None ticked: the weekday of the first start.">
              <div className="weekday-list">
                {WEEKDAYS.map(([code, name]) => (
                  <Check
                    key={code}
                    label={name}
                    checked={c.days.includes(code)}
                    onChange={(on) => setRule({ days: on ? [...c.days, code] : c.days.filter((x) => x !== code) })}
                  />
                ))}
              </div>
            </Choices>
          )}
          {c.freq !== 'custom' && (
            <div className="two-col tight">
              <Field label="Ends" name="ends">
                {(p) => (
                  <select {...p} value={c.ends} onChange={(e) => setRule({ ends: e.target.value as Ends })}>
                    <option value="never">Never</option>
                    <option value="count">After a number of occurrences</option>
                    <option value="until">On a date</option>
                  </select>
                )}
              </Field>
              {c.ends === 'count' && (
                <Field label="Number of occurrences" name="count">
                  {(p) => <input {...p} type="number" inputMode="numeric" min={1} step={1} value={c.count} onChange={(e) => setRule({ count: e.target.value })} />}
                </Field>
              )}
              {c.ends === 'until' && (
                <Field label="Last date" name="until">
                  {(p) => <input {...p} type="date" value={c.until} onChange={(e) => setRule({ until: e.target.value })} />}
                </Field>
              )}
            </div>
          )}
          <Field
            label="Rule (RFC 5545 RRULE)"
            name="rrule"
            errors={fields}
            hint={c.freq === 'custom' ? 'DAILY, WEEKLY, MONTHLY or YEARLY, e.g. FREQ=MONTHLY;BYDAY=1SU.' : 'Written by the choices above; typing here makes it a custom rule.'}
          >
            {(p) => (
              <input
                {...p}
                className="mono"
                autoCapitalize="characters"
                spellCheck={false}
                value={rule}
                onChange={(e) => setRule({ freq: 'custom', text: e.target.value })}
              />
            )}
          </Field>
        </div>
      </fieldset>

      {components.data && components.data.length > 0 && (
        <Choices legend="Components under maintenance" name="componentIds" errors={fields} hint="They show “Under maintenance” while an occurrence is in progress.">
          {components.data.map((comp) => (
            <Check
              key={comp.id}
              label={comp.name}
              checked={d.componentIds.includes(comp.id)}
              onChange={(on) => set('componentIds', on ? [...d.componentIds, comp.id] : d.componentIds.filter((id) => id !== comp.id))}
            />
          ))}
        </Choices>
      )}
      <Choices legend="Automation" name="autoStart" errors={fields}>
        <Check label="Each occurrence starts by itself" checked={d.autoStart} onChange={(v) => set('autoStart', v)} />
        <Check label="Each occurrence completes by itself" checked={d.autoComplete} onChange={(v) => set('autoComplete', v)} />
      </Choices>
      <Field label="Remind subscribers (minutes before)" name="remindBeforeMinutes" errors={fields} hint="Empty: no reminder.">
        {(p) => <input {...p} type="number" inputMode="numeric" min={0} max={10080} step={1} value={d.remind} onChange={(e) => set('remind', e.target.value)} />}
      </Field>
      <FormFooter messages={errors.general} busy={busy} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}

// ---- screens ----

export function NewSeriesScreen() {
  const page = usePageContext();
  useTitle('New recurring maintenance', page.name);
  const notify = useNotify();
  const create = useMutation({
    mutationFn: (body: SeriesBody) => ok(api.POST('/api/v1/pages/{pageId}/maintenance-series', { params: { path: { pageId: page.id } }, body })),
    onSuccess: (s) => {
      notify(`Recurring maintenance “${s.title}” created.`);
      navigate(`/pages/${page.id}/${SERIES_PATH}/${s.id}`);
    },
  });
  return (
    <section className="stack narrow">
      <Link to={`/pages/${page.id}/${SERIES_PATH}`} className="back">
        ← Recurring maintenance
      </Link>
      <h1 tabIndex={-1}>New recurring maintenance</h1>
      <SeriesForm series={null} submitLabel="Create series" busy={create.isPending} error={create.error} onSubmit={(body) => create.mutate(body)} />
    </section>
  );
}

export function SeriesDetailScreen({ seriesId }: { seriesId: string }) {
  const page = usePageContext();
  const s = useQuery({
    queryKey: keys.series(page.id, seriesId),
    queryFn: () => ok(api.GET('/api/v1/pages/{pageId}/maintenance-series/{seriesId}', { params: { path: { pageId: page.id, seriesId } } })),
  });
  useTitle(s.data?.title ?? 'Recurring maintenance', page.name);
  if (s.isPending) return <Loading what="the series" />;
  if (s.isError) {
    if (s.error instanceof ApiError && (s.error.status === 404 || s.error.status === 400)) return <NotFound what="This series" />;
    return <ErrorBox error={s.error} what="the series" />;
  }
  return <SeriesDetail series={s.data} />;
}

function SeriesDetail({ series: s }: { series: MaintenanceSeries }) {
  const page = usePageContext();
  const notify = useNotify();
  const components = useComponents(page.id);
  const [editing, setEditing] = useState(false);
  const [ending, setEnding] = useState(false);
  const path = { pageId: page.id, seriesId: s.id };
  const save = useMutation({
    mutationFn: (body: Schemas['UpdateMaintenanceSeriesDto']) => ok(api.PATCH('/api/v1/pages/{pageId}/maintenance-series/{seriesId}', { params: { path }, body })),
    onSuccess: () => {
      notify('Series saved; its future windows follow.');
      setEditing(false);
    },
  });
  const remove = useMutation({
    mutationFn: () => ok(api.DELETE('/api/v1/pages/{pageId}/maintenance-series/{seriesId}', { params: { path } })),
    onSuccess: () => {
      notify(`Recurring maintenance “${s.title}” ended.`);
      navigate(`/pages/${page.id}/${SERIES_PATH}`);
    },
  });
  const names = new Map(components.data?.map((c) => [c.id, c.name]));

  return (
    <section className="stack">
      <div>
        <Link to={`/pages/${page.id}/${SERIES_PATH}`} className="back">
          ← Recurring maintenance
        </Link>
        <h1 tabIndex={-1}>{s.title}</h1>
        <dl className="facts">
          <div>
            <dt>Repeats</dt>
            <dd data-testid="series-rule">
              {describeRule(s.rrule)} <span className="mono small muted break">{s.rrule}</span>
            </dd>
          </div>
          <div>
            <dt>First start</dt>
            <dd data-testid="series-first-start">
              {s.firstStart.replace('T', ' ')} {s.timeZone}
            </dd>
          </div>
          <div>
            <dt>Duration</dt>
            <dd>{minutesText(s.durationMinutes)}</dd>
          </div>
          <div>
            <dt>Components</dt>
            <dd>{s.componentIds.length ? s.componentIds.map((id) => names.get(id) ?? 'Component').join(', ') : 'None'}</dd>
          </div>
          <div>
            <dt>Automation</dt>
            <dd>
              {[s.autoStart ? 'starts by itself' : 'started by hand', s.autoComplete ? 'completes by itself' : 'completed by hand'].join(', ')}
            </dd>
          </div>
          <div>
            <dt>Reminder</dt>
            <dd>{s.remindBeforeMinutes === null ? 'None' : `${minutesText(s.remindBeforeMinutes) || '0 min'} before`}</dd>
          </div>
        </dl>
        {s.description && <p className="message">{s.description}</p>}
      </div>
      {!editing && (
        <div className="actions wrap">
          <button type="button" className="button" onClick={() => setEditing(true)}>
            Edit series
          </button>
        </div>
      )}
      {editing && (
        <SeriesForm
          series={s}
          submitLabel="Save changes"
          busy={save.isPending}
          error={save.error}
          onCancel={() => setEditing(false)}
          onSubmit={(body) => save.mutate(body)}
        />
      )}
      {editing && <p className="hint">Saving rebuilds the future scheduled windows that were not edited one by one; windows in progress or past stay.</p>}

      <div className="detail-grid">
        <UpcomingOccurrences series={s} />
        <ScheduledWindows series={s} />
      </div>

      <section className="card danger-zone" aria-labelledby="end-series">
        <h2 id="end-series">End this series</h2>
        <p className="muted">Cancels its future scheduled windows; past ones stay in the history.</p>
        <button type="button" className="button danger-outline" onClick={() => setEnding(true)}>
          End series…
        </button>
      </section>
      <ConfirmDialog
        open={ending}
        title={`End “${s.title}”?`}
        confirmLabel="End series"
        busy={remove.isPending}
        error={remove.error?.message}
        onConfirm={() => remove.mutate()}
        onClose={() => setEnding(false)}
      >
        <p>Every future scheduled window of this series is cancelled and the series is deleted. Windows in progress and past ones stay.</p>
      </ConfirmDialog>
    </section>
  );
}

/** The rule's next occurrences, computed (a preview of what the series schedules). */
function UpcomingOccurrences({ series }: { series: MaintenanceSeries }) {
  const page = usePageContext();
  const occurrences = useOccurrences(series, 10);
  return (
    <section className="card stack tight" aria-labelledby="occurrences">
      <h2 id="occurrences">Next occurrences</h2>
      <p className="hint">The next 90 days, as the rule computes them.</p>
      {occurrences.isPending && <Loading what="occurrences" />}
      {occurrences.isError && <ErrorBox error={occurrences.error} what="occurrences" />}
      {occurrences.data?.data.length === 0 && <Empty>No occurrence in the next 90 days.</Empty>}
      <ol className="occurrences" aria-label="Next occurrences">
        {occurrences.data?.data.map((o) => (
          <li key={o.start}>
            <Time iso={o.start} zone={page.timeZone} />
            <span className="muted small">
              {' '}
              to <Time iso={o.end} zone={page.timeZone} />
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The series' upcoming windows as stored (each one can be opened, edited or cancelled on its own). */
function ScheduledWindows({ series }: { series: MaintenanceSeries }) {
  const page = usePageContext();
  const upcoming = useQuery({
    queryKey: [...keys.seriesList(page.id), 'windows'],
    queryFn: () => ok(api.GET('/api/v1/pages/{pageId}/maintenances', { params: { path: { pageId: page.id }, query: { when: 'upcoming', perPage: 100 } } })),
  });
  const mine = upcoming.data?.data.filter((m) => m.seriesId === series.id) ?? [];
  return (
    <section className="card stack tight" aria-labelledby="windows">
      <h2 id="windows">Scheduled windows</h2>
      <p className="hint">Editing, moving or cancelling one window detaches it from the series.</p>
      {upcoming.isPending && <Loading what="windows" />}
      {upcoming.isError && <ErrorBox error={upcoming.error} what="windows" />}
      {upcoming.data && mine.length === 0 && <Empty>No window scheduled yet.</Empty>}
      <ul className="occurrences" aria-label="Scheduled windows">
        {mine.map((m) => (
          <li key={m.id}>
            <Link to={`/pages/${page.id}/maintenances/${m.id}`}>
              <Time iso={m.scheduledStart} zone={page.timeZone} />
            </Link>{' '}
            <MaintenanceStatusBadge status={m.status} />
          </li>
        ))}
      </ul>
    </section>
  );
}
