/*
 * Monitoring integrations (Prometheus Alertmanager, Grafana alerting): create
 * (the receiver's token shown once), the component label and the status each
 * severity sets, whether alerts open incidents, and the alerts that named no
 * component of the page.
 */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { api, ApiError, type ComponentStatus, type Integration, type IntegrationIncidents, ok, type Schemas } from '../api/client';
import { formErrors } from '../api/errors';
import { NotFound } from '../App';
import { usePageContext, useTitle } from '../context';
import { COMPONENT_STATUSES, COMPONENT_STATUS_LABEL } from '../labels';
import { keys } from '../queries';
import { Link, navigate } from '../router';
import { Badge, Empty, ErrorBox, Loading, SecretOnce, Time, useNotify } from '../ui/bits';
import { ConfirmDialog, Dialog } from '../ui/Dialog';
import { Choices, Field, FormFooter } from '../ui/Field';
import { Pager } from '../ui/Pager';

/** What the form edits: everything of a create but the kind (there is one). */
type IntegrationSettings = Omit<Schemas['CreateIntegrationDto'], 'kind'>;

const FIELDS = ['name', 'kind', 'componentLabel', 'statusBySeverity', 'incidents'] as const;

/** The API's default when no map is given. */
const DEFAULT_SEVERITIES: Record<string, ComponentStatus> = { critical: 'major_outage', warning: 'degraded_performance' };

const INCIDENTS_LABEL: Record<IntegrationIncidents, string> = {
  none: 'No, statuses only',
  open: 'Yes, open and resolve incidents',
};

/** Where Alertmanager posts (this server: the dashboard and the API share an origin). */
export function receiverUrl(integrationId: string): string {
  return `${window.location.origin}/api/v1/integrations/${integrationId}/alertmanager`;
}

export function IntegrationsScreen() {
  const page = usePageContext();
  useTitle('Integrations', page.name);
  const list = useQuery({
    queryKey: keys.integrations(page.id),
    queryFn: () => ok(api.GET('/api/v1/pages/{pageId}/integrations', { params: { path: { pageId: page.id }, query: { perPage: 100 } } })),
  });
  const [deleting, setDeleting] = useState<Integration | null>(null);
  return (
    <section className="stack">
      <h1 tabIndex={-1}>Integrations</h1>
      <p className="muted">
        Prometheus Alertmanager (or a Grafana alerting webhook contact point) posts its alerts here; a firing alert whose component label names a
        component of this page sets that component’s status until it resolves.
      </p>
      {list.isPending && <Loading what="integrations" />}
      {list.isError && <ErrorBox error={list.error} what="integrations" />}
      {list.data?.data.length === 0 && <Empty>No integrations yet.</Empty>}
      <ul className="cards" aria-label="Integrations">
        {list.data?.data.map((i) => (
          <li key={i.id} className="card">
            <Link to={`/pages/${page.id}/integrations/${i.id}`} className="card-link">
              <span className="card-title">{i.name}</span>
            </Link>
            <span className="muted small">
              Alertmanager · label <span className="mono">{i.componentLabel}</span> · {i.incidents === 'open' ? 'opens incidents' : 'statuses only'}
            </span>
            <span className="actions">
              <Link to={`/pages/${page.id}/integrations/${i.id}`} className="button small">
                Settings and alerts<span className="sr-only"> of {i.name}</span>
              </Link>
              <button type="button" className="button small danger-outline" onClick={() => setDeleting(i)}>
                Delete<span className="sr-only"> {i.name}</span>
              </button>
            </span>
          </li>
        ))}
      </ul>
      <NewIntegration />
      <DeleteIntegration integration={deleting} onClose={() => setDeleting(null)} />
    </section>
  );
}

// ---- the form: name, component label, status by severity, incidents ----

interface SeverityRow {
  key: number;
  severity: string;
  status: ComponentStatus;
}

interface Draft {
  name: string;
  componentLabel: string;
  incidents: IntegrationIncidents;
  rows: SeverityRow[];
}

function rowsOf(map: Record<string, ComponentStatus>): SeverityRow[] {
  return Object.entries(map).map(([severity, status], key) => ({ key, severity, status }));
}

function IntegrationForm({
  integration,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
  labelledBy,
}: {
  integration: Integration | null;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (body: IntegrationSettings) => void;
  onCancel?: () => void;
  labelledBy?: string;
}) {
  const [d, setD] = useState<Draft>(() => ({
    name: integration?.name ?? '',
    componentLabel: integration?.componentLabel ?? 'component',
    incidents: integration?.incidents ?? 'none',
    rows: rowsOf(integration?.statusBySeverity ?? DEFAULT_SEVERITIES),
  }));
  const nextKey = useRef(d.rows.length);
  const [local, setLocal] = useState<Record<string, string[]>>({});
  const errors = formErrors(error, FIELDS);
  const fields = { ...errors.fields, ...local };
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const setRow = (key: number, patch: Partial<SeverityRow>) => set('rows', d.rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const severities = d.rows.map((r) => r.severity.trim());
    const problems: Record<string, string[]> = {};
    if (severities.some((s) => !s)) problems.statusBySeverity = ['statusBySeverity: give each row a severity, or remove the row'];
    else if (new Set(severities).size !== severities.length) problems.statusBySeverity = ['statusBySeverity: each severity may appear once'];
    setLocal(problems);
    if (Object.keys(problems).length) return;
    onSubmit({
      name: d.name,
      componentLabel: d.componentLabel,
      incidents: d.incidents,
      statusBySeverity: Object.fromEntries(d.rows.map((r) => [r.severity.trim(), r.status])),
    });
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby={labelledBy}>
      {!integration && <h2 id={labelledBy}>Add an Alertmanager integration</h2>}
      <Field label="Name" name="name" errors={fields} hint="For you: which Alertmanager or Grafana this is.">
        {(p) => <input {...p} value={d.name} onChange={(e) => set('name', e.target.value)} />}
      </Field>
      <Field
        label="Component label"
        name="componentLabel"
        errors={fields}
        hint="The alert label whose value is a component’s name (or id) on this page. Alerts naming no component change nothing."
      >
        {(p) => <input {...p} className="mono" autoCapitalize="off" spellCheck={false} value={d.componentLabel} onChange={(e) => set('componentLabel', e.target.value)} />}
      </Field>
      <Choices
        legend="Status by severity"
        name="statusBySeverity"
        errors={fields}
        hint="The status a firing alert sets, by its severity label. Any other severity, or none: Partial outage."
      >
        {d.rows.map((r, i) => (
          <div key={r.key} className="severity-row">
            <Field label={<>Severity<span className="sr-only"> {i + 1}</span></>} name={`severity-${i + 1}`}>
              {(p) => <input {...p} className="mono" autoCapitalize="off" spellCheck={false} value={r.severity} onChange={(e) => setRow(r.key, { severity: e.target.value })} />}
            </Field>
            <Field label={<>Sets<span className="sr-only"> (severity {i + 1})</span></>} name={`severity-${i + 1}-status`}>
              {(p) => (
                <select {...p} value={r.status} onChange={(e) => setRow(r.key, { status: e.target.value as ComponentStatus })}>
                  {COMPONENT_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {COMPONENT_STATUS_LABEL[s]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="button" className="button small" onClick={() => set('rows', d.rows.filter((x) => x.key !== r.key))}>
              Remove<span className="sr-only"> severity {r.severity || i + 1}</span>
            </button>
          </div>
        ))}
        <div className="actions">
          <button
            type="button"
            className="button small"
            onClick={() => set('rows', [...d.rows, { key: nextKey.current++, severity: '', status: 'partial_outage' }])}
          >
            Add a severity
          </button>
        </div>
      </Choices>
      <Field label="Open incidents" name="incidents" errors={fields} hint="Yes: the first firing alert opens an incident (named after its summary annotation) and the last resolved one resolves it, unless someone posted an update meanwhile.">
        {(p) => (
          <select {...p} value={d.incidents} onChange={(e) => set('incidents', e.target.value as IntegrationIncidents)}>
            {(['none', 'open'] as const).map((v) => (
              <option key={v} value={v}>
                {INCIDENTS_LABEL[v]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <FormFooter messages={errors.general} busy={busy} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}

function NewIntegration() {
  const page = usePageContext();
  const [created, setCreated] = useState<{ id: string; token: string } | null>(null);
  const [formKey, setFormKey] = useState(0);
  const create = useMutation({
    mutationFn: (settings: IntegrationSettings) =>
      ok(api.POST('/api/v1/pages/{pageId}/integrations', { params: { path: { pageId: page.id } }, body: { ...settings, kind: 'alertmanager' } })),
    onSuccess: (i) => {
      setCreated({ id: i.id, token: i.token });
      setFormKey((k) => k + 1);
    },
  });
  return (
    <>
      <IntegrationForm
        key={formKey}
        integration={null}
        labelledBy="new-integration"
        submitLabel="Create integration"
        busy={create.isPending}
        error={create.error}
        onSubmit={(body) => create.mutate(body)}
      />
      <Dialog open={created !== null} title="Receiver URL and token" onClose={() => setCreated(null)}>
        {created && (
          <>
            <CopyField label="Receiver URL" value={receiverUrl(created.id)} />
            <SecretOnce label="Bearer token" secret={created.token} onDone={() => setCreated(null)} />
          </>
        )}
      </Dialog>
    </>
  );
}

/** A value that is not secret, read-only with a copy button (the receiver URL). */
function CopyField({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  return (
    <Field label={label} name="copy" hint={copied === 'yes' ? 'Copied to the clipboard.' : copied === 'no' ? 'The browser refused the clipboard: select the text and copy it.' : undefined}>
      {(p) => (
        <div className="actions">
          <input {...p} className="mono" readOnly value={value} onFocus={(e) => e.target.select()} spellCheck={false} />
          <button
            type="button"
            className="button small"
            onClick={async () => {
              try {
                await navigator.clipboard.writeText(value);
                setCopied('yes');
              } catch {
                setCopied('no');
              }
            }}
          >
            Copy<span className="sr-only"> {label}</span>
          </button>
        </div>
      )}
    </Field>
  );
}

function DeleteIntegration({ integration, onClose }: { integration: Integration | null; onClose: () => void }) {
  const page = usePageContext();
  const notify = useNotify();
  const remove = useMutation({
    mutationFn: (id: string) =>
      ok(api.DELETE('/api/v1/pages/{pageId}/integrations/{integrationId}', { params: { path: { pageId: page.id, integrationId: id } } })),
    onSuccess: () => {
      notify('Integration deleted.');
      onClose();
      if (window.location.pathname.includes('/integrations/')) navigate(`/pages/${page.id}/integrations`);
    },
  });
  return (
    <ConfirmDialog
      open={integration !== null}
      title={`Delete “${integration?.name ?? ''}”?`}
      confirmLabel="Delete integration"
      busy={remove.isPending}
      error={remove.error?.message}
      onConfirm={() => integration && remove.mutate(integration.id)}
      onClose={onClose}
    >
      <p>Its receiver stops accepting alerts (401), and the statuses its firing alerts set on components go.</p>
    </ConfirmDialog>
  );
}

// ---- one integration: how to point Alertmanager at it, its settings, its unmatched alerts ----

export function IntegrationDetailScreen({ integrationId }: { integrationId: string }) {
  const page = usePageContext();
  const integration = useQuery({
    queryKey: keys.integration(page.id, integrationId),
    queryFn: () => ok(api.GET('/api/v1/pages/{pageId}/integrations/{integrationId}', { params: { path: { pageId: page.id, integrationId } } })),
  });
  useTitle(integration.data?.name ?? 'Integration', page.name);
  if (integration.isPending) return <Loading what="the integration" />;
  if (integration.isError) {
    if (integration.error instanceof ApiError && (integration.error.status === 404 || integration.error.status === 400)) return <NotFound what="This integration" />;
    return <ErrorBox error={integration.error} what="the integration" />;
  }
  return <IntegrationDetail integration={integration.data} />;
}

function IntegrationDetail({ integration: i }: { integration: Integration }) {
  const page = usePageContext();
  const notify = useNotify();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const save = useMutation({
    mutationFn: (body: Schemas['UpdateIntegrationDto']) =>
      ok(api.PATCH('/api/v1/pages/{pageId}/integrations/{integrationId}', { params: { path: { pageId: page.id, integrationId: i.id } }, body })),
    onSuccess: () => {
      notify('Integration saved.');
      setEditing(false);
    },
  });
  const url = receiverUrl(i.id);
  return (
    <section className="stack">
      <div>
        <Link to={`/pages/${page.id}/integrations`} className="back">
          ← Integrations
        </Link>
        <h1 tabIndex={-1}>{i.name}</h1>
        <dl className="facts">
          <div>
            <dt>Kind</dt>
            <dd>Alertmanager (and Grafana alerting)</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>
              <Time iso={i.createdAt} zone={page.timeZone} />
            </dd>
          </div>
          <div>
            <dt>Component label</dt>
            <dd className="mono">{i.componentLabel}</dd>
          </div>
          <div>
            <dt>Incidents</dt>
            <dd>{i.incidents === 'open' ? 'Opened and resolved by alerts' : 'None (statuses only)'}</dd>
          </div>
          <div>
            <dt>Status by severity</dt>
            <dd>
              <ul className="label-list" aria-label="Status by severity">
                {Object.entries(i.statusBySeverity).map(([severity, status]) => (
                  <li key={severity}>
                    <span className="mono">{severity}</span>: {COMPONENT_STATUS_LABEL[status]}
                  </li>
                ))}
                <li className="muted">other: Partial outage</li>
              </ul>
            </dd>
          </div>
        </dl>
      </div>
      {!editing && (
        <div className="actions">
          <button type="button" className="button" onClick={() => setEditing(true)}>
            Edit settings
          </button>
          <button type="button" className="button danger-outline" onClick={() => setDeleting(true)}>
            Delete integration…
          </button>
        </div>
      )}
      {editing && (
        <IntegrationForm
          integration={i}
          submitLabel="Save changes"
          busy={save.isPending}
          error={save.error}
          onCancel={() => setEditing(false)}
          onSubmit={(body) => save.mutate(body)}
        />
      )}
      <section className="card stack tight" aria-labelledby="receiver">
        <h2 id="receiver">Point Alertmanager here</h2>
        <CopyField label="Receiver URL" value={url} />
        <p className="hint">
          The bearer token was shown once, when the integration was created; it cannot be read again. To change it, create a new integration and delete
          this one.
        </p>
        <pre className="snippet">
          {`receivers:
  - name: status-page
    webhook_configs:
      - url: ${url}
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: <the token>`}
        </pre>
      </section>
      <UnmatchedAlerts integration={i} />
      <DeleteIntegration integration={deleting ? i : null} onClose={() => setDeleting(false)} />
    </section>
  );
}

function UnmatchedAlerts({ integration }: { integration: Integration }) {
  const page = usePageContext();
  const [n, setN] = useState(1);
  const alerts = useQuery({
    queryKey: keys.unmatched(page.id, integration.id, n),
    queryFn: () =>
      ok(
        api.GET('/api/v1/pages/{pageId}/integrations/{integrationId}/unmatched-alerts', {
          params: { path: { pageId: page.id, integrationId: integration.id }, query: { page: n, perPage: 25 } },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  return (
    <section className="stack tight" aria-labelledby="unmatched">
      <div className="screen-head">
        <h2 id="unmatched">Unmatched alerts</h2>
        <button type="button" className="button small" onClick={() => void alerts.refetch()} disabled={alerts.isFetching}>
          {alerts.isFetching ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <p className="muted">
        Alerts received whose <span className="mono">{integration.componentLabel}</span> label names no component of this page: they changed nothing.
      </p>
      {alerts.isPending && <Loading what="alerts" />}
      {alerts.isError && <ErrorBox error={alerts.error} what="alerts" />}
      {alerts.data?.data.length === 0 && <Empty>None: every alert received named a component.</Empty>}
      <ul className="cards" aria-label="Unmatched alerts">
        {alerts.data?.data.map((a) => (
          <li key={a.fingerprint} className="card">
            <span className="meta-row">
              <Badge tone={a.status === 'firing' ? 'critical' : 'ok'}>{a.status === 'firing' ? 'Firing' : 'Resolved'}</Badge>
              <span className="card-title">{a.annotations.summary ?? a.labels.alertname ?? a.fingerprint}</span>
            </span>
            <ul className="label-list small" aria-label="Labels">
              {Object.entries(a.labels).map(([k, v]) => (
                <li key={k} className="mono break">
                  {k}={v}
                </li>
              ))}
            </ul>
            <span className="muted small">
              Last received <Time iso={a.receivedAt} zone={page.timeZone} />
            </span>
          </li>
        ))}
      </ul>
      {alerts.data && <Pager meta={alerts.data.meta} onPage={setN} />}
    </section>
  );
}
