import grafana from './fixtures/grafana-webhook.json';
import { ReceivedAlert, readAlertNotification } from './alertmanager-payload';
import {
  AlertState,
  ComponentMatcher,
  DEFAULT_STATUS_BY_SEVERITY,
  firingByComponent,
  impactForStatus,
  IntegrationRules,
  planNotification,
  replanWithRules,
  statusForSeverity,
} from './alert-processing';

const API = { id: '11111111-1111-4111-8111-111111111111', name: 'API' };
const WEB = { id: '22222222-2222-4222-8222-222222222222', name: 'Web' };
const DB = { id: '33333333-3333-4333-8333-333333333333', name: 'Database' };
const components = [API, WEB, DB];
const rules: IntegrationRules = { componentLabel: 'component', statusBySeverity: DEFAULT_STATUS_BY_SEVERITY };

let seq = 0;
function alert(component: string | undefined, patch: Partial<ReceivedAlert> & { severity?: string } = {}): ReceivedAlert {
  const { severity, ...rest } = patch;
  const labels: Record<string, string> = { alertname: `A${++seq}` };
  if (component !== undefined) labels.component = component;
  if (severity !== undefined) labels.severity = severity;
  return {
    fingerprint: `fp-${component}-${severity}`,
    status: 'firing',
    labels,
    annotations: { summary: `${component} is unhappy` },
    startsAt: new Date('2030-01-01T10:00:00Z'),
    endsAt: null,
    ...rest,
  };
}

/** Applies notifications one after the other, as the service does with its stored rows. */
function run(...notifications: ReceivedAlert[][]) {
  let stored: AlertState[] = [];
  let last = planNotification(stored, [], rules, components);
  for (const n of notifications) {
    last = planNotification(stored, n, rules, components);
    stored = last.after;
  }
  return { last, stored, automated: Object.fromEntries(firingByComponent(stored)) };
}

describe('statusForSeverity', () => {
  it('defaults: critical → major_outage, warning → degraded_performance, anything else or none → partial_outage', () => {
    expect(statusForSeverity(DEFAULT_STATUS_BY_SEVERITY, 'critical')).toBe('major_outage');
    expect(statusForSeverity(DEFAULT_STATUS_BY_SEVERITY, 'warning')).toBe('degraded_performance');
    expect(statusForSeverity(DEFAULT_STATUS_BY_SEVERITY, 'info')).toBe('partial_outage');
    expect(statusForSeverity(DEFAULT_STATUS_BY_SEVERITY, undefined)).toBe('partial_outage');
  });

  it('an exact key first, else a key equal ignoring case; never a prototype member', () => {
    const map = { P1: 'major_outage', p1: 'degraded_performance', Page: 'under_maintenance' } as const;
    expect(statusForSeverity(map, 'p1')).toBe('degraded_performance');
    expect(statusForSeverity(map, 'PAGE')).toBe('under_maintenance');
    expect(statusForSeverity(DEFAULT_STATUS_BY_SEVERITY, 'CRITICAL')).toBe('major_outage');
    expect(statusForSeverity(DEFAULT_STATUS_BY_SEVERITY, 'toString')).toBe('partial_outage');
    expect(statusForSeverity({}, 'critical')).toBe('partial_outage');
  });
});

describe('ComponentMatcher', () => {
  const m = new ComponentMatcher([...components, { id: '44444444-4444-4444-8444-444444444444', name: 'api' }]);

  it('by id (any case), then exact name, then name ignoring case (the first by position)', () => {
    expect(m.match(WEB.id)?.id).toBe(WEB.id);
    expect(m.match(WEB.id.toUpperCase())?.id).toBe(WEB.id);
    expect(m.match('api')?.id).toBe('44444444-4444-4444-8444-444444444444');
    expect(m.match('API')?.id).toBe(API.id);
    expect(m.match('Api')?.id).toBe(API.id);
    expect(m.match('  database ')?.id).toBe(DB.id);
  });

  it('nothing for an unknown name, an unknown id, an empty or missing value', () => {
    expect(m.match('Queue')).toBeNull();
    expect(m.match('99999999-9999-4999-8999-999999999999')).toBeNull();
    expect(m.match('  ')).toBeNull();
    expect(m.match(undefined)).toBeNull();
  });
});

describe('planNotification', () => {
  it('a firing alert sets the status its severity maps to; resolved takes it away', () => {
    const firing = alert('API', { severity: 'critical' });
    const r1 = run([firing]);
    expect(r1.automated).toEqual({ [API.id]: 'major_outage' });
    expect(r1.last).toMatchObject({ statusChanged: true, newlyFiring: true });
    const r2 = run([firing], [{ ...firing, status: 'resolved', endsAt: new Date('2030-01-01T11:00:00Z') }]);
    expect(r2.automated).toEqual({});
    expect(r2.last).toMatchObject({ statusChanged: true, newlyFiring: false });
    expect(r2.stored).toEqual([expect.objectContaining({ fingerprint: firing.fingerprint, firing: false })]);
  });

  it('severity mapping: critical, warning, other, none', () => {
    const r = run([alert('API', { severity: 'critical' }), alert('Web', { severity: 'warning' }), alert('Database', { severity: 'info' })]);
    expect(r.automated).toEqual({ [API.id]: 'major_outage', [WEB.id]: 'degraded_performance', [DB.id]: 'partial_outage' });
    expect(run([alert('API')]).automated).toEqual({ [API.id]: 'partial_outage' });
  });

  it('the same notification twice changes nothing', () => {
    const n = [alert('API', { severity: 'critical' }), alert('Web', { severity: 'warning', status: 'resolved' })];
    const r = run(n, n);
    expect(r.last.upserts).toEqual([]);
    expect(r.last.statusChanged).toBe(false);
    expect(r.last.newlyFiring).toBe(false);
    expect(r.automated).toEqual({ [API.id]: 'major_outage' });
  });

  it('the worst firing alert of a component wins; a resolved one clears only its own part', () => {
    const critical = alert('API', { severity: 'critical' });
    const warning = alert('API', { severity: 'warning' });
    expect(run([warning, critical]).automated).toEqual({ [API.id]: 'major_outage' });
    const r = run([warning, critical], [{ ...critical, status: 'resolved' }]);
    expect(r.automated).toEqual({ [API.id]: 'degraded_performance' });
  });

  it('a group split over several notifications: each notification only touches its own alerts', () => {
    const a = alert('API', { severity: 'critical' });
    const b = alert('Web', { severity: 'warning' });
    const r = run([a], [b]);
    expect(r.automated).toEqual({ [API.id]: 'major_outage', [WEB.id]: 'degraded_performance' });
  });

  it('each alert of one notification counts with its own status', () => {
    const a = alert('API', { severity: 'critical' });
    const b = alert('Web', { severity: 'warning' });
    const r = run([a, b], [{ ...a, status: 'resolved' }, b]);
    expect(r.automated).toEqual({ [WEB.id]: 'degraded_performance' });
  });

  it('within one notification the last alert of a fingerprint counts', () => {
    const a = alert('API', { severity: 'critical' });
    expect(run([a, { ...a, status: 'resolved' }]).automated).toEqual({});
    expect(run([{ ...a, status: 'resolved' }, a]).automated).toEqual({ [API.id]: 'major_outage' });
  });

  it('alerts naming no component change nothing and are reported as unmatched', () => {
    const r = run([alert('Queue', { severity: 'critical' }), alert(undefined)]);
    expect(r.automated).toEqual({});
    expect(r.stored).toEqual([]);
    expect(r.last.statusChanged).toBe(false);
    expect(r.last.newlyFiring).toBe(false);
    expect(r.last.unmatched.map((u) => u.fingerprint)).toEqual(['fp-Queue-critical', 'fp-undefined-undefined']);
  });

  it('the component label is configurable', () => {
    const zone: IntegrationRules = { ...rules, componentLabel: 'zone' };
    const a = { ...alert(undefined), labels: { zone: 'Web' } };
    expect(firingByComponent(planNotification([], [a], zone, components).after)).toEqual(new Map([[WEB.id, 'partial_outage']]));
    expect(planNotification([], [a], rules, components).unmatched).toHaveLength(1);
  });

  it('a stored alert keeps its component: its resolution still counts after a rename', () => {
    const a = alert('API', { severity: 'critical' });
    const first = planNotification([], [a], rules, components);
    const renamed = [{ ...API, name: 'Public API' }, WEB, DB];
    const second = planNotification(first.after, [{ ...a, status: 'resolved' }], rules, renamed);
    expect(second.unmatched).toEqual([]);
    expect(firingByComponent(second.after).size).toBe(0);
    expect(second.statusChanged).toBe(true);
  });

  it("rows of components that are gone are dropped (their alerts no longer count)", () => {
    const a = alert('API', { severity: 'critical' });
    const first = planNotification([], [a], rules, components);
    const later = planNotification(first.after, [], rules, [WEB, DB]);
    expect(firingByComponent(later.after).size).toBe(0);
  });

  it('a late firing copy of an occurrence already resolved is ignored; a new occurrence fires again', () => {
    const a = alert('API', { severity: 'critical' });
    const resolved = { ...a, status: 'resolved' as const, endsAt: new Date('2030-01-01T10:05:00Z') };
    const late = run([a], [resolved], [a]);
    expect(late.automated).toEqual({});
    expect(late.last.upserts).toEqual([]);
    const again = run([a], [resolved], [{ ...a, startsAt: new Date('2030-01-01T12:00:00Z') }]);
    expect(again.automated).toEqual({ [API.id]: 'major_outage' });
    expect(again.last.newlyFiring).toBe(true);
  });

  it('a change of annotations alone is stored but changes no status', () => {
    const a = alert('API', { severity: 'critical' });
    const r = run([a], [{ ...a, annotations: { summary: 'still bad' } }]);
    expect(r.last.upserts).toHaveLength(1);
    expect(r.last.statusChanged).toBe(false);
  });

  it('the recorded Grafana payload sets the components its `zone` label names', () => {
    const read = readAlertNotification(grafana);
    if (!read.ok) throw new Error(read.errors.join('; '));
    const zones = [
      { id: '55555555-5555-4555-8555-555555555555', name: 'us-1' },
      { id: '66666666-6666-4666-8666-666666666666', name: 'EU-1' },
    ];
    const plan = planNotification([], read.notification.alerts, { ...rules, componentLabel: 'zone' }, zones);
    expect(Object.fromEntries(firingByComponent(plan.after))).toEqual({
      '55555555-5555-4555-8555-555555555555': 'partial_outage',
      '66666666-6666-4666-8666-666666666666': 'partial_outage',
    });
    expect(plan.newlyFiring).toBe(true);
    // Sent again (Grafana repeats): nothing changes.
    const again = planNotification(plan.after, read.notification.alerts, { ...rules, componentLabel: 'zone' }, zones);
    expect(again.upserts).toEqual([]);
  });
});

describe('replanWithRules', () => {
  it('maps stored alerts anew: another severity map, another label, alerts that no longer match go', () => {
    const first = planNotification([], [alert('API', { severity: 'critical' }), alert('Web', { severity: 'warning' })], rules, components);
    const remapped = replanWithRules(first.after, { ...rules, statusBySeverity: { critical: 'degraded_performance' } }, components);
    expect(Object.fromEntries(firingByComponent(remapped.after))).toEqual({ [API.id]: 'degraded_performance', [WEB.id]: 'partial_outage' });
    expect(remapped.statusChanged).toBe(true);
    const relabelled = replanWithRules(first.after, { ...rules, componentLabel: 'service' }, components);
    expect(relabelled.after).toEqual([]);
    expect(relabelled.removed).toHaveLength(2);
    expect(replanWithRules(first.after, rules, components)).toMatchObject({ upserts: [], removed: [], statusChanged: false });
  });
});

describe('impactForStatus', () => {
  it('follows the worst status', () => {
    expect(impactForStatus('major_outage')).toBe('critical');
    expect(impactForStatus('partial_outage')).toBe('major');
    expect(impactForStatus('degraded_performance')).toBe('minor');
    expect(impactForStatus('under_maintenance')).toBe('none');
  });
});
