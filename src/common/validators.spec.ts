import { BadRequestException } from '@nestjs/common';
import { AppValidationPipe } from './validation';
import { IsDateTime, isInstantInRange } from './validators';

class WindowDto {
  @IsDateTime()
  scheduledStart: string;

  @IsDateTime({ optional: true })
  scheduledEnd?: string;
}

const pipe = new AppValidationPipe();
const body = { type: 'body' as const, metatype: WindowDto };

async function problems(value: object): Promise<string[]> {
  try {
    await pipe.transform(value, body);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestException);
    return ((err as BadRequestException).getResponse() as { message: string[] }).message;
  }
}

describe('IsDateTime: instants from 1970 to 9999 UTC, after the offset (issue 12)', () => {
  it.each([
    ['the first instant', '1970-01-01T00:00:00Z'],
    ['the first instant, written with an offset', '1970-01-01T01:00:00+01:00'],
    ['the last day of 1969, behind UTC', '1969-12-31T23:00:00-02:00'],
    ['the last instant', '9999-12-31T23:59:59.999Z'],
    ['the last hour of 9999, ahead of UTC', '9999-12-31T23:30:00+05:00'],
    ['the last instant with a zero offset', '9999-12-31T23:59:59.999-00:00'],
    ['an ordinary time with nanoseconds', '2030-06-01T10:00:00.123456789+02:00'],
    ['minutes only', '2030-06-01T10:00Z'],
  ])('accepts %s (%s)', async (_label, value) => {
    expect(isInstantInRange(value)).toBe(true);
    expect(await problems({ scheduledStart: value, scheduledEnd: value })).toEqual([]);
  });

  it.each([
    ['year 10000 once the offset is applied', '9999-12-31T22:00:00-23:59'],
    ['one minute past the last instant, written in 9999', '9999-12-31T23:59:59.999-00:01'],
    ['1969 once the offset is applied', '1970-01-01T00:30:00+01:00'],
    ['one millisecond before 1970', '1969-12-31T23:59:59.999Z'],
  ])('refuses %s (%s) with a 400 naming the field', async (_label, value) => {
    expect(isInstantInRange(value)).toBe(false);
    const start = await problems({ scheduledStart: value });
    expect(start).toEqual(['scheduledStart must be an instant from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z (after its offset)']);
    const end = await problems({ scheduledStart: '2030-01-01T00:00:00Z', scheduledEnd: value });
    expect(end).toEqual(['scheduledEnd must be an instant from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z (after its offset)']);
  });

  it('still refuses what is not an ISO date-time, naming the field', async () => {
    for (const value of ['2030-02-30T10:00:00Z', '2030-01-01T10:00:00', '+275760-09-13T00:00:00Z', '0000-01-01T00:00:00Z', 'next tuesday']) {
      const msgs = await problems({ scheduledStart: value });
      expect(msgs.length).toBeGreaterThan(0);
      for (const m of msgs) expect(m).toMatch(/^scheduledStart /);
    }
  });
});
