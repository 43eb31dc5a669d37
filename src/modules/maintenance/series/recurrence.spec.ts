import {
  assertValidSeries,
  nextOccurrences,
  occurrencesBetween,
  SeriesValidationError,
  validateSeries,
  type SeriesDefinition,
} from './recurrence';

const FAR = new Date('2100-01-01T00:00:00Z');

function series(firstStart: string, timeZone: string, rrule: string, durationMinutes = 60): SeriesDefinition {
  return assertValidSeries({ firstStart, timeZone, rrule, durationMinutes });
}

function starts(s: SeriesDefinition, from = '2000-01-01T00:00:00Z', to: Date = FAR, limit = 1000): string[] {
  return occurrencesBetween(s, new Date(from), to, limit).map((o) => o.start.toISOString());
}

function errorsOf(input: Partial<Record<keyof SeriesDefinition, unknown>>): string[] {
  const result = validateSeries({ firstStart: '2027-03-14T02:30', timeZone: 'Europe/Berlin', rrule: 'FREQ=WEEKLY', durationMinutes: 60, ...input });
  return result.ok ? [] : result.errors;
}

describe('daylight-saving changes', () => {
  it.each([
    // zone, local start in the spring-forward gap, instant (moved forward by the gap), local shown
    ['Europe/Berlin', '2027-03-28T02:30', '2027-03-28T01:30:00.000Z', '2027-03-28T03:30'],
    ['America/New_York', '2027-03-14T02:30', '2027-03-14T07:30:00.000Z', '2027-03-14T03:30'],
    ['Australia/Lord_Howe', '2027-10-03T02:15', '2027-10-02T15:45:00.000Z', '2027-10-03T02:45'],
  ])('%s: %s in the spring-forward gap moves forward by the gap', (zone, local, instant, shown) => {
    const [first] = occurrencesBetween(series(local, zone, 'FREQ=DAILY;COUNT=2', 90), new Date('2027-01-01'), FAR);
    expect(first.start.toISOString()).toBe(instant);
    expect(first.localStart).toBe(shown);
    expect(first.end.getTime() - first.start.getTime()).toBe(90 * 60_000);
  });

  it.each([
    // zone, ambiguous local start, the earlier instant, the day after (one offset later)
    ['Europe/Berlin', '2027-10-31T02:30', '2027-10-31T00:30:00.000Z', '2027-11-01T01:30:00.000Z'],
    ['America/New_York', '2027-11-07T01:30', '2027-11-07T05:30:00.000Z', '2027-11-08T06:30:00.000Z'],
    ['Australia/Lord_Howe', '2027-04-04T01:45', '2027-04-03T14:45:00.000Z', '2027-04-04T15:15:00.000Z'],
  ])('%s: the ambiguous %s at fall-back is the earlier instant', (zone, local, earlier, nextDay) => {
    expect(starts(series(local, zone, 'FREQ=DAILY;COUNT=2'))).toEqual([earlier, nextDay]);
  });

  it('keeps the wall-clock time of a weekly window across both changes (New York, Monday 09:00)', () => {
    const s = series('2027-03-01T09:00', 'America/New_York', 'FREQ=WEEKLY;BYDAY=MO', 120);
    expect(starts(s, '2027-03-01T00:00Z', new Date('2027-03-23T00:00Z'))).toEqual([
      '2027-03-01T14:00:00.000Z',
      '2027-03-08T14:00:00.000Z',
      '2027-03-15T13:00:00.000Z',
      '2027-03-22T13:00:00.000Z',
    ]);
    const autumn = occurrencesBetween(s, new Date('2027-10-25T00:00Z'), new Date('2027-11-09T00:00Z'));
    expect(autumn.map((o) => [o.start.toISOString(), o.localStart])).toEqual([
      ['2027-10-25T13:00:00.000Z', '2027-10-25T09:00'],
      ['2027-11-01T13:00:00.000Z', '2027-11-01T09:00'],
      ['2027-11-08T14:00:00.000Z', '2027-11-08T09:00'],
    ]);
  });

  it('a weekly 02:30 in Berlin is 03:30 only on the day of the gap, and 02:30 again after', () => {
    const s = series('2027-03-21T02:30', 'Europe/Berlin', 'FREQ=WEEKLY;BYDAY=SU');
    const list = occurrencesBetween(s, new Date('2027-03-01'), new Date('2027-04-05'));
    expect(list.map((o) => [o.start.toISOString(), o.localStart])).toEqual([
      ['2027-03-21T01:30:00.000Z', '2027-03-21T02:30'],
      ['2027-03-28T01:30:00.000Z', '2027-03-28T03:30'],
      ['2027-04-04T00:30:00.000Z', '2027-04-04T02:30'],
    ]);
  });

  it('measures durations in absolute minutes: a 24-hour daily window overlaps where a day has 23 hours', () => {
    expect(errorsOf({ firstStart: '2027-03-01T02:00', rrule: 'FREQ=DAILY', durationMinutes: 1440 })).toEqual([
      'durationMinutes: 1440 minutes would make occurrences overlap: 2027-03-28T03:00 and 2027-03-29T02:00 (Europe/Berlin) are 1380 minutes apart',
    ]);
    expect(validateSeries({ firstStart: '2027-03-01T02:00', timeZone: 'UTC', rrule: 'FREQ=DAILY', durationMinutes: 1440 }).ok).toBe(true);
  });
});

describe('monthly rules, UNTIL and COUNT', () => {
  it('skips the months without a 31st (RFC 5545)', () => {
    const s = series('2027-01-31T22:00', 'Europe/Berlin', 'FREQ=MONTHLY;BYMONTHDAY=31;COUNT=7');
    expect(starts(s)).toEqual([
      '2027-01-31T21:00:00.000Z',
      '2027-03-31T20:00:00.000Z',
      '2027-05-31T20:00:00.000Z',
      '2027-07-31T20:00:00.000Z',
      '2027-08-31T20:00:00.000Z',
      '2027-10-31T21:00:00.000Z',
      '2027-12-31T21:00:00.000Z',
    ]);
  });

  it('picks the last weekday of the month with BYSETPOS=-1, and the last day with BYMONTHDAY=-1', () => {
    const weekday = series('2027-01-01T20:00', 'UTC', 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=4');
    expect(occurrencesBetween(weekday, new Date('2027-01-01'), FAR).map((o) => o.localStart)).toEqual([
      '2027-01-29T20:00',
      '2027-02-26T20:00',
      '2027-03-31T20:00',
      '2027-04-30T20:00',
    ]);
    const lastDay = series('2028-01-01T20:00', 'UTC', 'FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3');
    expect(occurrencesBetween(lastDay, new Date('2028-01-01'), FAR).map((o) => o.localStart)).toEqual([
      '2028-01-31T20:00',
      '2028-02-29T20:00',
      '2028-03-31T20:00',
    ]);
  });

  it('compares a UTC UNTIL with the instants, not with the local times', () => {
    // Local 00:30 in Berlin is 23:30Z the day before: the start on local 5 January is 23:30Z on the 4th.
    const s = series('2027-01-01T00:30', 'Europe/Berlin', 'FREQ=DAILY;UNTIL=20270105T000000Z');
    expect(starts(s)).toHaveLength(5);
    expect(starts(s).at(-1)).toBe('2027-01-04T23:30:00.000Z');
  });

  it('reads a date UNTIL as the whole local day and a floating one as local time, both inclusive', () => {
    expect(starts(series('2027-01-01T23:30', 'Europe/Berlin', 'FREQ=DAILY;UNTIL=20270103'))).toHaveLength(3);
    expect(starts(series('2027-01-01T00:30', 'Europe/Berlin', 'FREQ=DAILY;UNTIL=20270103T003000'))).toHaveLength(3);
  });

  it('stops after COUNT, however far the range goes', () => {
    const s = series('2027-01-01T10:00', 'Europe/Berlin', 'FREQ=WEEKLY;COUNT=3');
    expect(starts(s)).toEqual(['2027-01-01T09:00:00.000Z', '2027-01-08T09:00:00.000Z', '2027-01-15T09:00:00.000Z']);
    expect(nextOccurrences(s, new Date('2027-01-16T00:00Z'))).toEqual([]);
  });
});

describe('occurrencesBetween and nextOccurrences', () => {
  const weekly = series('2027-01-04T03:00', 'Europe/Berlin', 'FREQ=WEEKLY;BYDAY=MO');

  it('returns the starts in [from, to), at most limit', () => {
    expect(starts(weekly, '2027-01-11T02:00:00Z', new Date('2027-01-25T02:00:00Z'))).toEqual([
      '2027-01-11T02:00:00.000Z',
      '2027-01-18T02:00:00.000Z',
    ]);
    expect(starts(weekly, '2027-01-01T00:00:00Z', FAR, 2)).toEqual(['2027-01-04T02:00:00.000Z', '2027-01-11T02:00:00.000Z']);
    expect(starts(weekly, '2027-01-01T00:00:00Z', FAR, 0)).toEqual([]);
  });

  it('gives the occurrences within the horizon, and at least the next ones beyond it', () => {
    const ninetyDays = nextOccurrences(weekly, new Date('2027-01-05T00:00Z'));
    expect(ninetyDays).toHaveLength(12);
    expect([ninetyDays[0].localStart, ninetyDays[11].localStart]).toEqual(['2027-01-11T03:00', '2027-03-29T03:00']);
    expect(nextOccurrences(weekly, new Date('2027-01-05T00:00Z'), 7)).toHaveLength(1);
    const yearly = series('2027-06-01T09:00', 'Europe/Berlin', 'FREQ=YEARLY');
    expect(nextOccurrences(yearly, new Date('2027-07-01T00:00Z')).map((o) => o.start.toISOString())).toEqual([
      '2028-06-01T07:00:00.000Z',
    ]);
    expect(nextOccurrences(yearly, new Date('2027-07-01T00:00Z'), 90, 3)).toHaveLength(3);
  });

  it.each([
    ['FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,TH;WKST=SU', '2027-01-07T05:00'],
    ['FREQ=DAILY;INTERVAL=5', '2027-01-31T23:30'],
    ['FREQ=MONTHLY;INTERVAL=7;BYDAY=-1FR', '2027-01-29T12:00'],
    ['FREQ=MONTHLY', '2027-01-31T02:30'],
    ['FREQ=YEARLY;INTERVAL=2', '2028-02-29T02:30'],
    ['FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO', '2027-05-17T08:00'],
    ['FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1,15;BYHOUR=1,13', '2027-01-01T01:00'],
    ['FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU', '2027-03-28T02:30'],
  ])('%s gives the same starts years later as when walked from its first one', (rrule, firstStart) => {
    const s = series(firstStart, 'Europe/Berlin', rrule, 30);
    const late = new Date('2045-01-01T00:00Z');
    const end = new Date('2053-01-01T00:00Z');
    const whole = starts(s, '2027-01-01T00:00Z', end, 10000).filter((iso) => iso >= late.toISOString());
    expect(whole.length).toBeGreaterThan(1);
    expect(starts(s, late.toISOString(), end)).toEqual(whole);
  });

  it('refuses to compute a definition that does not validate', () => {
    const bad = { firstStart: '2027-01-01T10:00', timeZone: 'Mars/Olympus', rrule: 'FREQ=WEEKLY', durationMinutes: 60 };
    expect(() => occurrencesBetween(bad, new Date('2027-01-01'), FAR)).toThrow(SeriesValidationError);
    expect(() => occurrencesBetween(weekly, new Date('x'), FAR)).toThrow(RangeError);
  });
});

describe('validation', () => {
  it('normalizes what it accepts', () => {
    const result = validateSeries({
      firstStart: '2027-03-14T02:30:00',
      timeZone: 'europe/berlin',
      rrule: 'rrule:freq=weekly;byday=su',
      durationMinutes: 60,
    });
    expect(result).toEqual({
      ok: true,
      series: { firstStart: '2027-03-14T02:30', timeZone: 'Europe/Berlin', rrule: 'FREQ=WEEKLY;BYDAY=SU', durationMinutes: 60 },
    });
  });

  it.each(['SECONDLY', 'MINUTELY', 'HOURLY'])('refuses FREQ=%s', (freq) => {
    expect(errorsOf({ rrule: `FREQ=${freq}` })).toEqual([`rrule: FREQ=${freq} is refused: a series repeats at most daily`]);
  });

  it('refuses occurrences that would overlap, or start less than an hour apart', () => {
    expect(errorsOf({ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU', durationMinutes: 1441 })[0]).toMatch(/^durationMinutes: 1441 minutes would make occurrences overlap/);
    expect(errorsOf({ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU', durationMinutes: 1440 })).toEqual([]);
    expect(errorsOf({ rrule: 'FREQ=WEEKLY', durationMinutes: 10080, timeZone: 'UTC' })).toEqual([]);
    // A week is an hour shorter across the spring-forward change.
    expect(errorsOf({ rrule: 'FREQ=WEEKLY', durationMinutes: 10080 })[0]).toMatch(/are 10020 minutes apart$/);
    expect(errorsOf({ rrule: 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0,30', durationMinutes: 10 })[0]).toMatch(
      /^rrule: occurrences must start at least 60 minutes apart, but .* are 30 minutes apart$/,
    );
  });

  it.each([
    ['an UNTIL before firstStart', 'FREQ=DAILY;UNTIL=20270101T000000Z'],
    ['no 30 February', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30'],
    ['no 31 April, day by day', 'FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31'],
    ['a Monday never reached in steps of 7 days from a Sunday', 'FREQ=DAILY;INTERVAL=7;BYDAY=MO'],
  ])('refuses a rule that yields nothing: %s', (_, rrule) => {
    expect(errorsOf({ rrule })).toEqual(['rrule: yields no occurrence from firstStart on (looked 30 years ahead)']);
  });

  it.each([
    ['FREQ=WEEKLY;BYDAY=XX', 'rrule: BYDAY value "XX" must be a weekday'],
    ['FREQ=WEEKLY;FOO=1', 'rrule: unknown rule part FOO'],
    ['FREQ=WEEKLY;INTERVAL=0', 'rrule: INTERVAL must be a whole number'],
    ['FREQ=WEEKLY;INTERVAL=abc', 'rrule: INTERVAL must be a whole number'],
    ['FREQ=WEEKLY;INTERVAL=1.5', 'rrule: "INTERVAL=1.5" is not a NAME=VALUE rule part'],
    ['BYDAY=MO', 'rrule: FREQ is required'],
    ['FREQ=FORTNIGHTLY', 'rrule: FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY'],
    ['FREQ=WEEKLY;COUNT=2;UNTIL=20300101T000000Z', 'rrule: COUNT and UNTIL cannot both be set'],
    ['DTSTART:20270101T000000Z\nRRULE:FREQ=DAILY', 'rrule: must not contain DTSTART'],
    ['FREQ=DAILY;DTSTART=20270101T000000Z', 'rrule: must not contain DTSTART'],
    ['FREQ=WEEKLY;TZID=Europe/Berlin', 'rrule: must not contain TZID'],
    ['FREQ=WEEKLY;BYDAY=1MO', 'rrule: BYDAY "1MO" has an ordinal, which only MONTHLY and YEARLY rules allow'],
    ['FREQ=MONTHLY;BYDAY=6MO', 'rrule: BYDAY "6MO" needs an ordinal from 1 to 5'],
    ['FREQ=MONTHLY;BYMONTHDAY=32', 'rrule: BYMONTHDAY value "32" must be a whole number'],
    ['FREQ=MONTHLY;BYMONTHDAY=0', 'rrule: BYMONTHDAY value "0" must be a whole number'],
    ['FREQ=MONTHLY;BYYEARDAY=1', 'rrule: BYYEARDAY cannot be used with FREQ=MONTHLY'],
    ['FREQ=MONTHLY;BYSETPOS=1', 'rrule: BYSETPOS needs another BYxxx part'],
    ['FREQ=WEEKLY;;BYDAY=MO', 'rrule: "" is not a NAME=VALUE rule part'],
    ['FREQ=WEEKLY;BYDAY=MO;BYDAY=TU', 'rrule: BYDAY appears more than once'],
    ['FREQ=WEEKLY;UNTIL=20270230T000000Z', 'rrule: UNTIL "20270230T000000Z" must be a date'],
    ['', 'rrule: must not be empty'],
    [42, 'rrule: must be a string'],
  ])('refuses the rule %j', (rrule, message) => {
    const errors = errorsOf({ rrule });
    expect(errors).toHaveLength(1);
    expect(errors[0].startsWith(message)).toBe(true);
  });

  it('refuses a rule longer than 1000 characters', () => {
    expect(errorsOf({ rrule: `FREQ=WEEKLY;BYMONTH=${'1,'.repeat(600)}1` })).toEqual(['rrule: must be at most 1000 characters']);
  });

  it.each(['Mars/Olympus', '+01:00', 'Europe/Berlin; DROP', '', 'europe', 7, null])('refuses the time zone %j', (timeZone) => {
    expect(errorsOf({ timeZone })).toEqual(['timeZone: must be an IANA time zone name such as Europe/Berlin']);
  });

  it.each(['2027-03-14 02:30', '2027-03-14T02:30Z', '2027-03-14T02:30+01:00', '2027-02-30T10:00', '2027-03-14T24:00', '2027-03-14', '2027-03-14T02:30:00.000', 20270314])(
    'refuses the first start %j',
    (firstStart) => {
      expect(errorsOf({ firstStart })[0]).toMatch(/^firstStart: must be a local date-time without offset/);
    },
  );

  it('refuses a first start outside 1970..9999 once the zone is applied', () => {
    expect(errorsOf({ firstStart: '1970-01-01T00:30' })).toEqual([
      'firstStart: must fall between 1970-01-01 and 9999-12-31 UTC once Europe/Berlin is applied',
    ]);
    expect(errorsOf({ firstStart: '1970-01-01T00:30', timeZone: 'UTC' })).toEqual([]);
  });

  it.each([0, 10081, 1.5, '60', -5, Number.NaN, null])('refuses the duration %j', (durationMinutes) => {
    expect(errorsOf({ durationMinutes })).toEqual(['durationMinutes: must be a whole number from 1 to 10080']);
  });

  it('names every bad field at once, and assertValidSeries throws them', () => {
    const input = { firstStart: 'soon', timeZone: 'Nowhere/Else', rrule: 'FREQ=HOURLY', durationMinutes: 0 };
    const fields = (validateSeries(input) as { errors: string[] }).errors.map((e) => e.split(':')[0]);
    expect(fields).toEqual(['firstStart', 'timeZone', 'rrule', 'durationMinutes']);
    expect(() => assertValidSeries(input)).toThrow(SeriesValidationError);
  });
});
