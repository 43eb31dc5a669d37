/* Small shared pieces: status badges, times in the page's zone and UTC, secrets shown once, notices. */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { ComponentStatus, IncidentImpact, IncidentStatus, MaintenanceStatus } from '../api/client';
import {
  COMPONENT_STATUS_LABEL,
  COMPONENT_TONE,
  IMPACT_LABEL,
  INCIDENT_STATUS_LABEL,
  MAINTENANCE_STATUS_LABEL,
} from '../labels';
import { formatInZone, formatUtc } from '../time';
import { Field } from './Field';

export function Badge({ tone, children }: { tone: string; children: ReactNode }) {
  return <span className={`badge tone-${tone}`}>{children}</span>;
}

export function ComponentStatusBadge({ status }: { status: ComponentStatus }) {
  return <Badge tone={COMPONENT_TONE[status]}>{COMPONENT_STATUS_LABEL[status]}</Badge>;
}

const INCIDENT_TONE: Record<IncidentStatus, string> = {
  investigating: 'critical',
  identified: 'major',
  monitoring: 'minor',
  resolved: 'ok',
  postmortem: 'neutral',
};

export function IncidentStatusBadge({ status }: { status: IncidentStatus }) {
  return <Badge tone={INCIDENT_TONE[status]}>{INCIDENT_STATUS_LABEL[status]}</Badge>;
}

const IMPACT_TONE: Record<IncidentImpact, string> = { none: 'neutral', minor: 'minor', major: 'major', critical: 'critical' };

export function ImpactBadge({ impact }: { impact: IncidentImpact }) {
  return <Badge tone={IMPACT_TONE[impact]}>Impact: {IMPACT_LABEL[impact]}</Badge>;
}

const MAINTENANCE_TONE: Record<MaintenanceStatus, string> = {
  scheduled: 'maintenance',
  in_progress: 'major',
  verifying: 'minor',
  completed: 'ok',
  cancelled: 'neutral',
};

export function MaintenanceStatusBadge({ status }: { status: MaintenanceStatus }) {
  return <Badge tone={MAINTENANCE_TONE[status]}>{MAINTENANCE_STATUS_LABEL[status]}</Badge>;
}

/** An instant in the page's zone, with UTC beside it. */
export function Time({ iso, zone }: { iso: string; zone: string }) {
  const local = formatInZone(iso, zone);
  return (
    <span className="time">
      <time dateTime={iso}>{local}</time>
      {zone !== 'UTC' && <span className="utc"> · {formatUtc(iso, zone)}</span>}
    </span>
  );
}

/** A secret the API returns once: shown with a copy button until dismissed. */
export function SecretOnce({ label, secret, onDone }: { label: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };
  return (
    <div className="secret">
      <p className="secret-warning">
        <strong>Copy it now.</strong> It is shown only this once and cannot be read again.
      </p>
      <Field label={label} name="secret">
        {(p) => <textarea {...p} className="secret-value" readOnly rows={2} value={secret} onFocus={(e) => e.target.select()} spellCheck={false} />}
      </Field>
      <div className="actions">
        <button type="button" className="button primary" onClick={copy} data-autofocus>
          Copy
        </button>
        <button type="button" className="button" onClick={onDone}>
          I have stored it
        </button>
      </div>
      <p className="hint" aria-live="polite">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'no' ? 'The browser refused the clipboard: select the text and copy it.' : ''}
      </p>
    </div>
  );
}

// ---- notices: a short confirmation after an action, read out by screen readers ----

type Notify = (message: string) => void;
const NoticeContext = createContext<Notify>(() => undefined);

export function NoticeProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const timer = useRef<number | undefined>(undefined);
  const notify = useCallback<Notify>((m) => {
    setMessage(m);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setMessage(''), 5000);
  }, []);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return (
    <NoticeContext.Provider value={notify}>
      {children}
      <div className={`notice${message ? ' visible' : ''}`} role="status" aria-live="polite">
        {message}
      </div>
    </NoticeContext.Provider>
  );
}

export const useNotify = () => useContext(NoticeContext);

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

export function ErrorBox({ error, what }: { error: unknown; what: string }) {
  return (
    <div className="form-alert" role="alert">
      <p>
        Could not load {what}: {(error as Error)?.message ?? String(error)}
      </p>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
