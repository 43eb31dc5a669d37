import ICAL from 'ical.js';
import {
  calendarWindows,
  MAX_CALENDAR_WINDOWS,
  maintenanceUid,
  renderMaintenanceCalendar,
  type CalendarPage,
  type CalendarWindow,
} from './maintenance-calendar';

// Parsed by ical.js (Mozilla's parser, independent of ical-generator that writes the feed).
// It reads unknown properties raw; NAME (RFC 7986) and X-WR-CALNAME are text, so tell it.
ICAL.design.icalendar.property['name'] = { defaultType: 'text' };
ICAL.design.icalendar.property['x-wr-calname'] = { defaultType: 'text' };

const page: CalendarPage = { name: 'Acme Cloud', slug: 'acme', url: 'https://status.acme.test/' };

function window(overrides: Partial<CalendarWindow> = {}): CalendarWindow {
  return {
    id: '0d5c9a52-6f0e-4a57-9d1b-6a4f3c2e1b01',
    title: 'Database patching',
    description: 'Primary fails over to the replica.',
    status: 'scheduled',
    scheduledStart: new Date('2027-03-28T01:30:00Z'),
    scheduledEnd: new Date('2027-03-28T02:30:00Z'),
    updatedAt: new Date('2027-03-01T10:20:30Z'),
    sequence: 2,
    url: 'https://status.acme.test/maintenance/0d5c9a52',
    ...overrides,
  };
}

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent');
  const value = (component: InstanceType<typeof ICAL.Component>, name: string) => component.getFirstPropertyValue(name);
  const time = (component: InstanceType<typeof ICAL.Component>, name: string) => {
    const t = value(component, name) as InstanceType<typeof ICAL.Time>;
    return { iso: t.toJSDate().toISOString(), utc: t.zone === ICAL.Timezone.utcTimezone };
  };
  return { calendar, events, value, time };
}

describe('renderMaintenanceCalendar', () => {
  it('writes one VEVENT per window with the fields calendar clients need', () => {
    const cancelled = window({ id: '0d5c9a52-6f0e-4a57-9d1b-6a4f3c2e1b02', status: 'cancelled', sequence: 5, description: null });
    const text = renderMaintenanceCalendar(page, [window(), cancelled]);
    const { calendar, events, value, time } = parse(text);

    expect(value(calendar, 'version')).toBe('2.0');
    expect(value(calendar, 'method')).toBe('PUBLISH');
    expect(value(calendar, 'prodid')).toBe('-//statuspages//maintenance calendar//EN');
    expect(value(calendar, 'x-wr-calname')).toBe('Acme Cloud');
    expect(value(calendar, 'name')).toBe('Acme Cloud');
    expect(events).toHaveLength(2);

    const [first, second] = events;
    expect(value(first, 'uid')).toBe('0d5c9a52-6f0e-4a57-9d1b-6a4f3c2e1b01@statuspages');
    expect(time(first, 'dtstart')).toEqual({ iso: '2027-03-28T01:30:00.000Z', utc: true });
    expect(time(first, 'dtend')).toEqual({ iso: '2027-03-28T02:30:00.000Z', utc: true });
    expect(time(first, 'dtstamp')).toEqual({ iso: '2027-03-01T10:20:30.000Z', utc: true });
    expect(time(first, 'last-modified')).toEqual({ iso: '2027-03-01T10:20:30.000Z', utc: true });
    expect(value(first, 'summary')).toBe('Database patching');
    expect(value(first, 'description')).toBe('Primary fails over to the replica.');
    expect(value(first, 'url')).toBe('https://status.acme.test/maintenance/0d5c9a52');
    expect(value(first, 'status')).toBe('CONFIRMED');
    expect(value(first, 'sequence')).toBe(2);

    expect(value(second, 'uid')).toBe('0d5c9a52-6f0e-4a57-9d1b-6a4f3c2e1b02@statuspages');
    expect(value(second, 'status')).toBe('CANCELLED');
    expect(value(second, 'sequence')).toBe(5);
    expect(second.hasProperty('description')).toBe(false);
  });

  it('keeps the UID when the window changes, and the same input gives the same bytes', () => {
    const before = renderMaintenanceCalendar(page, [window()]);
    const moved = window({ scheduledStart: new Date('2027-04-04T00:30:00Z'), scheduledEnd: new Date('2027-04-04T01:30:00Z'), sequence: 3 });
    const after = parse(renderMaintenanceCalendar(page, [moved]));
    expect(after.value(after.events[0], 'uid')).toBe(parse(before).value(parse(before).events[0], 'uid'));
    expect(after.value(after.events[0], 'sequence')).toBe(3);
    expect(renderMaintenanceCalendar(page, [window()])).toBe(before);
  });

  it('keeps hostile text inside its property: no injected event, escaped, folded at 75 octets', () => {
    const title = 'Patch; step 1, step 2 \\ "quoted"\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil@x\r\nSUMMARY:injected';
    const description = `Line one\nLine two\rLine three\u0007 ${'Überprüfung 🛠️ '.repeat(12)}`;
    const pageName = 'Acme, Inc; ops\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR';
    const text = renderMaintenanceCalendar({ ...page, name: pageName }, [window({ title, description })]);
    const { calendar, events, value } = parse(text);

    expect(events).toHaveLength(1);
    expect(value(events[0], 'uid')).toBe('0d5c9a52-6f0e-4a57-9d1b-6a4f3c2e1b01@statuspages');
    expect(value(events[0], 'summary')).toBe(title.replace(/\r\n/g, '\n'));
    // The bell is dropped (control characters are not iCalendar text); line breaks survive as \n.
    expect(value(events[0], 'description')).toBe(description.replace('\r', '\n').replace('\u0007', ''));
    expect(value(calendar, 'x-wr-calname')).toBe(pageName.replace(/\r\n/g, '\n'));
    expect(value(calendar, 'name')).toBe(pageName.replace(/\r\n/g, '\n'));
    expect(text.match(/^BEGIN:VEVENT\r$/gm)).toHaveLength(1);
    expect(text.match(/^BEGIN:VCALENDAR\r$/gm)).toHaveLength(1);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(text).not.toMatch(/[^\r]\n/);
  });

  it('refuses ids that cannot be UIDs and URLs that are not http(s)', () => {
    expect(maintenanceUid('abc-123')).toBe('abc-123@statuspages');
    expect(() => maintenanceUid('a@b\r\nX:1')).toThrow(RangeError);
    expect(() => renderMaintenanceCalendar(page, [window({ url: 'javascript:alert(1)' })])).toThrow(RangeError);
  });
});

describe('calendarWindows', () => {
  const now = new Date('2027-03-10T12:00:00Z');
  const at = (iso: string) => new Date(iso);
  const windows = [
    { name: 'later', status: 'scheduled', scheduledStart: at('2027-03-20T00:00Z'), updatedAt: at('2027-03-01T00:00Z'), componentIds: ['db'] },
    { name: 'running', status: 'in_progress', scheduledStart: at('2027-03-10T11:00Z'), updatedAt: at('2027-03-10T11:00Z'), componentIds: ['api'] },
    { name: 'verifying', status: 'verifying', scheduledStart: at('2027-03-10T10:00Z'), updatedAt: at('2027-03-10T11:30Z') },
    { name: 'done', status: 'completed', scheduledStart: at('2027-03-09T10:00Z'), updatedAt: at('2027-03-09T12:00Z'), componentIds: ['db'] },
    { name: 'cancelled 6 days ago', status: 'cancelled', scheduledStart: at('2027-03-25T00:00Z'), updatedAt: at('2027-03-04T12:00Z'), componentIds: ['db'] },
    { name: 'cancelled 8 days ago', status: 'cancelled', scheduledStart: at('2027-03-26T00:00Z'), updatedAt: at('2027-03-02T12:00Z') },
    {
      name: 'cancelled 9 days ago, touched since',
      status: 'cancelled',
      scheduledStart: at('2027-03-27T00:00Z'),
      updatedAt: at('2027-03-09T00:00Z'),
      cancelledAt: at('2027-03-01T12:00Z'),
    },
  ] as const;

  it('keeps upcoming and running windows, and cancelled ones for 7 days, by start', () => {
    expect(calendarWindows(windows, now).map((w) => w.name)).toEqual(['verifying', 'running', 'later', 'cancelled 6 days ago']);
  });

  it('narrows to the windows of one component', () => {
    expect(calendarWindows(windows, now, { componentId: 'db' }).map((w) => w.name)).toEqual(['later', 'cancelled 6 days ago']);
    expect(calendarWindows(windows, now, { componentId: 'nothing' })).toEqual([]);
  });

  it('caps each feed on its own: the soonest `limit` of the page, and of the component', () => {
    expect(calendarWindows(windows, now, { limit: 2 }).map((w) => w.name)).toEqual(['verifying', 'running']);
    // The db windows are past the page's cut: its feed still has them.
    expect(calendarWindows(windows, now, { componentId: 'db', limit: 1 }).map((w) => w.name)).toEqual(['later']);
    const many = Array.from({ length: MAX_CALENDAR_WINDOWS + 1 }, (_, i) => ({ ...windows[0], scheduledStart: new Date(now.getTime() + i * 60_000) }));
    expect(calendarWindows(many, now)).toHaveLength(MAX_CALENDAR_WINDOWS);
  });
});
