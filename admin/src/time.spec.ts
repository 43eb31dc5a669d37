import { formatInZone, formatUtc, localToUtc, offsetMs, utcToLocal } from './time';

describe('times in a page zone', () => {
  it('turns a wall-clock time in the zone into UTC, in summer and winter time', () => {
    expect(localToUtc('2031-07-01T10:00', 'Europe/Berlin')).toBe('2031-07-01T08:00:00.000Z');
    expect(localToUtc('2031-12-01T10:00', 'Europe/Berlin')).toBe('2031-12-01T09:00:00.000Z');
    expect(localToUtc('2031-07-01T10:00', 'America/New_York')).toBe('2031-07-01T14:00:00.000Z');
    expect(localToUtc('2031-07-01T10:00', 'Asia/Kolkata')).toBe('2031-07-01T04:30:00.000Z');
    expect(localToUtc('2031-07-01T10:00', 'UTC')).toBe('2031-07-01T10:00:00.000Z');
  });

  it('moves a time in the spring-forward gap forward by the gap, and takes one instant for a repeated hour', () => {
    // Europe/Berlin, 2027-03-28: 02:00 CET jumps to 03:00 CEST.
    expect(localToUtc('2027-03-28T02:30', 'Europe/Berlin')).toBe('2027-03-28T01:30:00.000Z'); // 03:30 CEST
    // 2027-10-31: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice.
    expect(['2027-10-31T00:30:00.000Z', '2027-10-31T01:30:00.000Z']).toContain(localToUtc('2027-10-31T02:30', 'Europe/Berlin'));
  });

  it('refuses what is not a date and time', () => {
    expect(localToUtc('', 'UTC')).toBeNull();
    expect(localToUtc('2031-07-01', 'UTC')).toBeNull();
    expect(localToUtc('tomorrow', 'UTC')).toBeNull();
  });

  it('gives the wall-clock time back for the datetime-local input, round trip', () => {
    expect(utcToLocal('2031-07-01T08:00:00.000Z', 'Europe/Berlin')).toBe('2031-07-01T10:00');
    for (const zone of ['Europe/Berlin', 'America/Los_Angeles', 'Australia/Lord_Howe', 'Pacific/Chatham']) {
      const local = '2031-02-14T23:45';
      expect(utcToLocal(localToUtc(local, zone)!, zone)).toBe(local);
    }
    expect(offsetMs(Date.parse('2031-07-01T08:00:00Z'), 'Europe/Berlin')).toBe(7_200_000);
  });

  it('shows the zone and UTC, with the UTC date only when it differs', () => {
    expect(formatInZone('2031-07-01T08:00:00.000Z', 'Europe/Berlin')).toMatch(/1 Jul 2031, 10:00 CEST/);
    expect(formatUtc('2031-07-01T08:00:00.000Z', 'Europe/Berlin')).toBe('08:00 UTC');
    expect(formatUtc('2031-12-02T23:30:00.000Z', 'Europe/Berlin')).toMatch(/2 Dec 2031, 23:30 UTC/);
  });
});
