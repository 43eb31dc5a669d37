import grafana from './fixtures/grafana-webhook.json';
import { readAlertNotification, readDateTime, valueOf } from './alertmanager-payload';

/** A version-4 payload as Alertmanager 0.25 sends it (webhook receiver, two alerts of one group). */
const alertmanager = {
  receiver: 'status-page',
  status: 'firing',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'HighErrorRate', component: 'API', severity: 'critical' },
      annotations: { summary: 'Error rate above 5%' },
      startsAt: '2030-01-01T10:00:00.123456789Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph',
      fingerprint: '4a2c3e0f1b2d3c4e',
    },
    {
      status: 'resolved',
      labels: { alertname: 'SlowRequests', component: 'Web', severity: 'warning' },
      annotations: {},
      startsAt: '2030-01-01T09:00:00Z',
      endsAt: '2030-01-01T09:30:00+01:00',
      generatorURL: '',
      fingerprint: '0b1c2d3e4f5a6b7c',
    },
  ],
  groupLabels: { alertname: 'HighErrorRate' },
  commonLabels: {},
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093',
  version: '4',
  groupKey: '{}:{alertname="HighErrorRate"}',
  truncatedAlerts: 0,
};

describe('readAlertNotification', () => {
  it("reads Alertmanager's version-4 payload", () => {
    const r = readAlertNotification(alertmanager);
    if (!r.ok) throw new Error(r.errors.join('; '));
    expect(r.notification.version).toBe('4');
    expect(r.notification.alerts).toHaveLength(2);
    const [a, b] = r.notification.alerts;
    expect(a).toMatchObject({ fingerprint: '4a2c3e0f1b2d3c4e', status: 'firing', endsAt: null });
    expect(a.startsAt?.toISOString()).toBe('2030-01-01T10:00:00.123Z');
    expect(valueOf(a.labels, 'component')).toBe('API');
    expect(valueOf(a.annotations, 'summary')).toBe('Error rate above 5%');
    expect(b.status).toBe('resolved');
    expect(b.endsAt?.toISOString()).toBe('2030-01-01T08:30:00.000Z');
  });

  it("reads a recorded Grafana webhook payload (version 1, with Grafana's extra fields)", () => {
    const r = readAlertNotification(grafana);
    if (!r.ok) throw new Error(r.errors.join('; '));
    expect(r.notification.version).toBe('1');
    expect(r.notification.alerts.map((a) => [a.fingerprint, a.status, valueOf(a.labels, 'zone')])).toEqual([
      ['c6eadffa33fcdf37', 'firing', 'us-1'],
      ['bc97ff14869b13e3', 'firing', 'eu-1'],
    ]);
    expect(r.notification.alerts[0].startsAt?.toISOString()).toBe('2021-10-12T07:51:03.157Z');
    // Go's zero time: not set.
    expect(r.notification.alerts[0].endsAt).toBeNull();
  });

  it('ignores fields it does not know, at every level', () => {
    const body = { ...alertmanager, somethingNew: { a: 1 }, alerts: [{ ...alertmanager.alerts[0], values: { B: 1 }, extra: [1] }] };
    expect(readAlertNotification(body).ok).toBe(true);
  });

  it('labels are own properties only: a label named like an Object.prototype member is an ordinary label', () => {
    const body = { version: '4', alerts: [{ ...alertmanager.alerts[0], labels: { toString: 'x' } }] };
    const r = readAlertNotification(body);
    if (!r.ok) throw new Error(r.errors.join('; '));
    const labels = r.notification.alerts[0].labels;
    expect(valueOf(labels, 'toString')).toBe('x');
    expect(valueOf(labels, 'constructor')).toBeUndefined();
    expect(valueOf(labels, 'hasOwnProperty')).toBeUndefined();
  });

  it('an empty alert list is valid', () => {
    expect(readAlertNotification({ version: '4', alerts: [] })).toEqual({ ok: true, notification: { version: '4', alerts: [] } });
  });

  it('names each bad field', () => {
    const errors = (body: unknown) => {
      const r = readAlertNotification(body);
      return r.ok ? [] : r.errors;
    };
    expect(errors(null)).toEqual(['body must be a JSON object']);
    expect(errors([])).toEqual(['body must be a JSON object']);
    expect(errors({ alerts: [] })).toEqual([expect.stringMatching(/^version must be one of: 4, 1/)]);
    expect(errors({ version: 4, alerts: [] })).toEqual([expect.stringMatching(/^version/)]);
    expect(errors({ version: '5', alerts: [] })).toEqual([expect.stringMatching(/^version/)]);
    expect(errors({ version: '4' })).toEqual(['alerts must be an array']);
    expect(errors({ version: '4', alerts: {} })).toEqual(['alerts must be an array']);
    expect(errors({ version: '4', alerts: [null] })).toEqual(['alerts.0 must be an object']);
    expect(errors({ version: '4', alerts: [{}] })).toEqual([
      'alerts.0.fingerprint must be a string of 1 to 128 characters',
      'alerts.0.status must be one of: firing, resolved',
      'alerts.0.labels is required',
    ]);
    const good = alertmanager.alerts[0];
    const one = (patch: Record<string, unknown>) => errors({ version: '4', alerts: [good, { ...good, ...patch }] });
    expect(one({ status: 'pending' })).toEqual(['alerts.1.status must be one of: firing, resolved']);
    expect(one({ fingerprint: '' })).toEqual([expect.stringMatching(/^alerts\.1\.fingerprint/)]);
    expect(one({ fingerprint: 'f'.repeat(129) })).toEqual([expect.stringMatching(/^alerts\.1\.fingerprint/)]);
    expect(one({ labels: 'component=API' })).toEqual(['alerts.1.labels must be an object of strings']);
    expect(one({ labels: { component: 1 } })).toEqual(['alerts.1.labels.component must be a string']);
    expect(one({ annotations: [] })).toEqual(['alerts.1.annotations must be an object of strings']);
    expect(one({ startsAt: 'yesterday' })).toEqual([expect.stringMatching(/^alerts\.1\.startsAt must be an RFC 3339 date-time/)]);
    expect(one({ endsAt: 1700000000 })).toEqual([expect.stringMatching(/^alerts\.1\.endsAt/)]);
  });

  it('lists at most 20 problems', () => {
    const r = readAlertNotification({ version: '4', alerts: Array.from({ length: 100 }, () => ({})) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toHaveLength(20);
  });
});

describe('readDateTime', () => {
  it('reads RFC 3339 date-times with their offset', () => {
    expect(readDateTime('2030-01-01T10:00:00Z')?.toISOString()).toBe('2030-01-01T10:00:00.000Z');
    expect(readDateTime('2030-01-01t10:00:00.5+02:00')?.toISOString()).toBe('2030-01-01T08:00:00.500Z');
    expect(readDateTime('2030-01-01 10:00:00-0130')?.toISOString()).toBe('2030-01-01T11:30:00.000Z');
    expect(readDateTime('2024-02-29T00:00:00Z')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });

  it('a time outside 1970-9999 (Go zero time included) is no time', () => {
    expect(readDateTime('0001-01-01T00:00:00Z')).toBeNull();
    expect(readDateTime('1969-12-31T23:59:59Z')).toBeNull();
  });

  it('refuses what is not one', () => {
    for (const bad of ['2030-01-01', '2030-01-01T10:00:00', '2030-02-30T10:00:00Z', '2023-02-29T00:00:00Z', '2030-01-01T25:00:00Z', '+275760-09-13T00:00:00Z', 'now', '']) {
      expect([bad, readDateTime(bad)]).toEqual([bad, undefined]);
    }
  });
});
