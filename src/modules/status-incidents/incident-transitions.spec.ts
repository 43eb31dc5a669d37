import { InvalidTransitionError } from '../../common/errors';
import { applyIncidentStatus, initialIncidentState, IncidentStatusState } from './incident-transitions';

const t0 = new Date('2026-01-01T00:00:00Z');
const t1 = new Date('2026-01-01T01:00:00Z');
const t2 = new Date('2026-01-01T02:00:00Z');
const open = (status: IncidentStatusState['status'] = 'investigating'): IncidentStatusState => ({
  status,
  monitoringAt: null,
  resolvedAt: null,
});

describe('incident status rules', () => {
  it('moves forward through the normal path, setting monitoringAt and resolvedAt', () => {
    let s = initialIncidentState('investigating', t0);
    expect(s).toEqual(open());
    s = applyIncidentStatus(s, 'identified', t0);
    expect(s).toEqual(open('identified'));
    s = applyIncidentStatus(s, 'monitoring', t1);
    expect(s).toEqual({ status: 'monitoring', monitoringAt: t1, resolvedAt: null });
    s = applyIncidentStatus(s, 'resolved', t2);
    expect(s).toEqual({ status: 'resolved', monitoringAt: t1, resolvedAt: t2 });
    s = applyIncidentStatus(s, 'postmortem', new Date('2026-01-02T00:00:00Z'));
    expect(s).toEqual({ status: 'postmortem', monitoringAt: t1, resolvedAt: t2 });
  });

  it('allows skipping ahead', () => {
    expect(applyIncidentStatus(open(), 'resolved', t1)).toEqual({ status: 'resolved', monitoringAt: null, resolvedAt: t1 });
  });

  it('keeps the first monitoringAt and resolvedAt when the same status is repeated', () => {
    const monitoring = applyIncidentStatus(open(), 'monitoring', t0);
    expect(applyIncidentStatus(monitoring, 'monitoring', t1).monitoringAt).toEqual(t0);
    const resolved = applyIncidentStatus(open(), 'resolved', t0);
    expect(applyIncidentStatus(resolved, 'resolved', t1).resolvedAt).toEqual(t0);
  });

  it('allows going back as a new entry: reopening clears resolvedAt, going before monitoring clears monitoringAt', () => {
    const resolved = { status: 'resolved' as const, monitoringAt: t0, resolvedAt: t1 };
    expect(applyIncidentStatus(resolved, 'monitoring', t2)).toEqual({ status: 'monitoring', monitoringAt: t2, resolvedAt: null });
    expect(applyIncidentStatus(resolved, 'investigating', t2)).toEqual(open());
    const postmortem = { ...resolved, status: 'postmortem' as const };
    expect(applyIncidentStatus(postmortem, 'identified', t2)).toEqual(open('identified'));
  });

  it('refuses postmortem before the incident is resolved (409)', () => {
    for (const status of ['investigating', 'identified', 'monitoring'] as const) {
      expect(() => applyIncidentStatus(open(status), 'postmortem', t1)).toThrow(InvalidTransitionError);
    }
    const resolved = applyIncidentStatus(open(), 'resolved', t0);
    expect(applyIncidentStatus(resolved, 'postmortem', t1).status).toBe('postmortem');
    const postmortem = applyIncidentStatus(resolved, 'postmortem', t1);
    expect(applyIncidentStatus(postmortem, 'postmortem', t2).status).toBe('postmortem');
  });

  it('creates a resolved (backfilled) incident resolved at the given time', () => {
    expect(initialIncidentState('resolved', t0)).toEqual({ status: 'resolved', monitoringAt: null, resolvedAt: t0 });
    expect(initialIncidentState('monitoring', t0)).toEqual({ status: 'monitoring', monitoringAt: t0, resolvedAt: null });
  });
});
