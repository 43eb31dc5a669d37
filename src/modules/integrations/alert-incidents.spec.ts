import { alertTitle, IncidentAction, MAX_NAME_LENGTH, planIncident, TrackedIncident, trackedIncident } from './alert-incidents';
import { AlertState } from './alert-processing';

const API = 'api-id';
const WEB = 'web-id';
const names = new Map([
  [API, 'API'],
  [WEB, 'Web'],
]);

function state(componentId: string, patch: Partial<AlertState> = {}): AlertState {
  return {
    fingerprint: `fp-${componentId}-${patch.status ?? 'major_outage'}`,
    componentId,
    status: 'major_outage',
    firing: true,
    startsAt: new Date('2030-01-01T10:00:00Z'),
    endsAt: null,
    labels: { alertname: 'HighErrorRate' },
    annotations: { summary: `${componentId} errors` },
    ...patch,
  };
}

const plan = (alerts: AlertState[], incident: TrackedIncident | null, newlyFiring = true): IncidentAction =>
  planIncident({ integrationName: 'Alertmanager', alerts, newlyFiring, incident, componentNames: names });

const open = (ours: Record<string, AlertState['status']>, foreignUpdates = false): TrackedIncident => ({
  status: 'investigating',
  ours: new Map(Object.entries(ours)),
  foreignUpdates,
});

describe('planIncident', () => {
  it('the first firing alert opens an incident: named after the oldest summary, impact from the worst status, its components', () => {
    const action = plan(
      [
        state(WEB, { status: 'degraded_performance', startsAt: new Date('2030-01-01T10:05:00Z'), annotations: { summary: 'Web slow' } }),
        state(API, { startsAt: new Date('2030-01-01T10:00:00Z'), annotations: { summary: 'API down' } }),
      ],
      null,
    );
    expect(action).toMatchObject({
      kind: 'open',
      name: 'API down',
      impact: 'critical',
      components: [
        { componentId: API, status: 'major_outage' },
        { componentId: WEB, status: 'degraded_performance' },
      ],
    });
    if (action.kind === 'open') {
      expect(action.message).toContain('2 firing alerts');
      expect(action.message).toContain('- **API**: major outage (API down)');
    }
  });

  it('impact follows the worst status: warning alone is minor', () => {
    expect(plan([state(API, { status: 'degraded_performance' })], null)).toMatchObject({ kind: 'open', impact: 'minor' });
    expect(plan([state(API, { status: 'partial_outage' })], null)).toMatchObject({ kind: 'open', impact: 'major' });
  });

  it('opens nothing without firing alerts, or when no alert started firing (a repeat after someone closed it)', () => {
    expect(plan([state(API, { firing: false })], null)).toEqual({ kind: 'none' });
    expect(plan([], null)).toEqual({ kind: 'none' });
    expect(plan([state(API)], null, false)).toEqual({ kind: 'none' });
  });

  it('a repeated notification posts nothing', () => {
    expect(plan([state(API)], open({ [API]: 'major_outage' }), false)).toEqual({ kind: 'none' });
  });

  it('a new component joins the incident through an update that keeps its status', () => {
    const action = plan([state(API), state(WEB, { status: 'degraded_performance' })], { ...open({ [API]: 'major_outage' }), status: 'identified' });
    expect(action).toMatchObject({ kind: 'update', status: 'identified', components: [{ componentId: WEB, status: 'degraded_performance' }] });
  });

  it('a component whose alerts resolved goes back to operational in the incident', () => {
    const action = plan([state(API), state(WEB, { firing: false })], open({ [API]: 'major_outage', [WEB]: 'degraded_performance' }), false);
    expect(action).toMatchObject({ kind: 'update', status: 'investigating', components: [{ componentId: WEB, status: 'operational' }] });
    if (action.kind === 'update') expect(action.message).toContain('- **Web**: operational, its alerts resolved');
  });

  it('a status that changes with its alerts is updated', () => {
    const action = plan([state(API, { status: 'degraded_performance' })], open({ [API]: 'major_outage' }), false);
    expect(action).toMatchObject({ kind: 'update', components: [{ componentId: API, status: 'degraded_performance' }] });
  });

  it('the last resolved alert resolves the incident, with its components operational', () => {
    const action = plan([state(API, { firing: false })], open({ [API]: 'major_outage' }), false);
    expect(action).toMatchObject({ kind: 'update', status: 'resolved', components: [{ componentId: API, status: 'operational' }] });
  });

  it('unless someone else posted meanwhile: then only the components go back, and it stays open', () => {
    const action = plan([state(API, { firing: false })], { ...open({ [API]: 'major_outage' }, true), status: 'monitoring' }, false);
    expect(action).toMatchObject({ kind: 'update', status: 'monitoring', components: [{ componentId: API, status: 'operational' }] });
    if (action.kind === 'update') expect(action.message).toMatch(/stays open/);
    // Once that is written, nothing more.
    expect(plan([state(API, { firing: false })], open({ [API]: 'operational' }, true), false)).toEqual({ kind: 'none' });
  });

  it("a person's own edit of a component is not overwritten by repeats (compares with the integration's own last entry)", () => {
    // The person set API to partial_outage in their update; the alert is unchanged: nothing to post.
    expect(plan([state(API)], open({ [API]: 'major_outage' }, true), false)).toEqual({ kind: 'none' });
  });

  it('a summary-less alert is named after its alert name, then its fingerprint; long names are cut', () => {
    expect(alertTitle({ labels: { alertname: 'DiskFull' }, annotations: {}, fingerprint: 'f1' })).toBe('DiskFull');
    expect(alertTitle({ labels: {}, annotations: {}, fingerprint: 'f1' })).toBe('alert f1');
    expect(alertTitle({ labels: {}, annotations: { summary: '  two\n lines ' }, fingerprint: 'f1' })).toBe('two lines');
    const action = plan([state(API, { annotations: { summary: 'x'.repeat(500) } })], null);
    expect(action.kind === 'open' && action.name.length).toBe(MAX_NAME_LENGTH);
  });
});

describe('trackedIncident', () => {
  it("folds the integration's own entries; any other entry counts as someone else's", () => {
    const incident = {
      status: 'identified' as const,
      updates: [
        { id: 'u1', components: [{ componentId: API, status: 'major_outage' as const }] },
        { id: 'u2', components: [{ componentId: API, status: 'partial_outage' as const }] },
        { id: 'u3', components: [{ componentId: API, status: 'degraded_performance' as const }, { componentId: WEB, status: 'major_outage' as const }] },
      ],
    };
    const mine = trackedIncident(incident, new Set(['u1', 'u3']));
    expect(Object.fromEntries(mine.ours)).toEqual({ [API]: 'degraded_performance', [WEB]: 'major_outage' });
    expect(mine.foreignUpdates).toBe(true);
    expect(mine.status).toBe('identified');
    expect(trackedIncident(incident, new Set(['u1', 'u2', 'u3'])).foreignUpdates).toBe(false);
  });
});
