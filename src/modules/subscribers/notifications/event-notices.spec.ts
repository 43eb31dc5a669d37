import type { MaintenanceResponseDto } from '../../maintenance/dto/maintenance.dto';
import type { IncidentResponseDto } from '../../status-incidents/dto/incident.dto';
import { emailsMaintenanceEvent, incidentNotice, maintenanceNotice, NoticePage } from './event-notices';
import { LINKS } from './notice';

const page: NoticePage = { id: 'p1', name: 'Acme <Status>', timeZone: 'Europe/Paris', publicUrl: 'https://status.acme.test' };

const incident = (over: Partial<IncidentResponseDto> = {}): IncidentResponseDto => ({
  id: 'i1',
  pageId: 'p1',
  name: 'API \uE000manage\uE000 down',
  status: 'investigating',
  impact: 'major',
  components: [{ componentId: 'c1', status: 'major_outage' }],
  updates: [
    { id: 'u1', createdAt: '2030-01-01T10:00:00.000Z', status: 'investigating', message: 'We are **looking** <script>x</script>', components: [] },
    { id: 'u2', createdAt: '2030-01-01T11:00:00.000Z', status: 'resolved', message: 'Fixed.', components: [] },
  ],
  startedAt: '2030-01-01T10:00:00.000Z',
  monitoringAt: null,
  resolvedAt: null,
  createdAt: '2030-01-01T10:00:00.000Z',
  updatedAt: '2030-01-01T10:00:00.000Z',
  ...over,
});

const maintenance = (over: Partial<MaintenanceResponseDto> = {}): MaintenanceResponseDto => ({
  id: 'm1',
  pageId: 'p1',
  title: 'Database upgrade',
  description: 'Expect *short* interruptions.',
  status: 'scheduled',
  scheduledStart: '2030-01-01T22:00:00.000Z',
  scheduledEnd: '2030-01-01T23:00:00.000Z',
  componentIds: ['c1'],
  autoStart: true,
  autoComplete: true,
  deliverNotifications: true,
  remindBeforeMinutes: 60,
  updates: [{ id: 'e1', createdAt: '2029-12-01T00:00:00.000Z', status: 'scheduled', message: 'Planned.' }],
  startedAt: null,
  completedAt: null,
  cancelledAt: null,
  createdAt: '2029-12-01T00:00:00.000Z',
  updatedAt: '2029-12-01T00:00:00.000Z',
  seriesId: null,
  ...over,
});

describe('incident notices', () => {
  it('carry the page, what happened, the message (Markdown in HTML, source in text), components, history link; user text cannot hold a link', () => {
    const n = incidentNotice(page, incident(), 'u1', 'incident.created', [{ name: 'API', status: 'major_outage' }])!;
    expect(n).toMatchObject({ key: 'incident-update:u1', threadKey: 'incident-i1', startsThread: true, componentIds: ['c1'] });
    expect(n.subject).toBe('[Acme <Status>] New incident: API manage down');
    for (const part of [n.text, n.html]) {
      expect(part).toContain('https://status.acme.test/history#incident-i1');
      expect(part).toContain('Major outage');
      expect(part).toContain(LINKS.manage); // the layout's footer, and only there
      expect(part.split(LINKS.manage)).toHaveLength(2); // once: the footer's (the placeholder in the name was stripped)
    }
    expect(n.text).toContain('Acme <Status>');
    expect(n.text).toContain('We are **looking**');
    expect(n.text).toContain('Jan 1, 2030, 11:00 AM GMT+1');
    expect(n.html).toContain('Acme &lt;Status&gt;');
    expect(n.html).toContain('<strong>looking</strong>');
    expect(n.html).not.toContain('<script>');
  });

  it('a resolution is one notice in the same thread, keyed by its entry', () => {
    const n = incidentNotice(page, incident({ status: 'resolved' }), 'u2', 'incident.resolved', [])!;
    expect(n).toMatchObject({ key: 'incident-update:u2', kind: 'incident.resolved', threadKey: 'incident-i1', startsThread: false });
    expect(n.subject).toContain('Resolved: ');
    expect(incidentNotice(page, incident(), 'unknown', 'incident.updated', [])).toBeNull();
  });
});

describe('maintenance notices', () => {
  it('show the window in the page time zone; the reminder is keyed by window and start', () => {
    const n = maintenanceNotice(page, maintenance(), 'maintenance.reminder', [{ name: 'DB', status: 'operational' }]);
    expect(n.key).toBe('maintenance-reminder:m1:2030-01-01T22:00:00.000Z');
    expect(n).toMatchObject({ threadKey: 'maintenance-m1', startsThread: false });
    expect(n.text).toContain('Jan 1, 2030, 11:00 PM GMT+1 – Jan 2, 2030, 12:00 AM GMT+1');
    expect(n.text).toContain('Planned.');
    expect(n.html).toContain('<em>short</em>');
    expect(n.text).toContain('https://status.acme.test/history#maintenance-m1');
    expect(maintenanceNotice(page, maintenance(), 'maintenance.scheduled', []).startsThread).toBe(true);
    expect(maintenanceNotice(page, maintenance({ seriesId: 's1' }), 'maintenance.reminder', []).startsThread).toBe(true);
  });

  it('occurrences of a series are announced by their reminder, not when made', () => {
    const occ = maintenance({ seriesId: 's1' });
    const at = (iso: string) => new Date(iso).getTime();
    expect(emailsMaintenanceEvent(occ, 'maintenance.scheduled')).toBe(false);
    expect(emailsMaintenanceEvent(occ, 'maintenance.reminder')).toBe(true);
    expect(emailsMaintenanceEvent(occ, 'maintenance.started')).toBe(true);
    expect(emailsMaintenanceEvent(occ, 'maintenance.cancelled', at('2030-01-01T12:00:00Z'))).toBe(false);
    expect(emailsMaintenanceEvent(occ, 'maintenance.cancelled', at('2030-01-01T21:30:00Z'))).toBe(true);
    expect(emailsMaintenanceEvent(maintenance(), 'maintenance.scheduled')).toBe(true);
    expect(emailsMaintenanceEvent(maintenance({ deliverNotifications: false }), 'maintenance.started')).toBe(false);
  });
});
