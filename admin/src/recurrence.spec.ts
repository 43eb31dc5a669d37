import { buildRule, describeRule, minutesText, parseRule } from './recurrence';

describe('recurrence rule choices', () => {
  it('writes the rule from the choices, weekdays in week order', () => {
    expect(buildRule({ freq: 'WEEKLY', interval: '1', days: ['SU', 'MO'], ends: 'never', count: '10', until: '', text: '' })).toBe('FREQ=WEEKLY;BYDAY=MO,SU');
    expect(buildRule({ freq: 'MONTHLY', interval: '2', days: ['SU'], ends: 'count', count: '6', until: '', text: '' })).toBe('FREQ=MONTHLY;INTERVAL=2;COUNT=6');
    expect(buildRule({ freq: 'DAILY', interval: '1', days: [], ends: 'until', count: '', until: '2027-05-01', text: '' })).toBe('FREQ=DAILY;UNTIL=20270501');
    expect(buildRule({ freq: 'custom', interval: '1', days: [], ends: 'never', count: '', until: '', text: ' RRULE:FREQ=MONTHLY;BYDAY=1SU ' })).toBe('FREQ=MONTHLY;BYDAY=1SU');
  });

  it('reads back what the choices can say, and keeps anything else as a custom rule', () => {
    for (const rule of ['FREQ=WEEKLY;BYDAY=MO,SU', 'FREQ=MONTHLY;INTERVAL=2;COUNT=6', 'FREQ=DAILY;UNTIL=20270501', 'FREQ=YEARLY']) {
      const choice = parseRule(rule);
      expect(choice.freq).not.toBe('custom');
      expect(buildRule(choice)).toBe(rule);
    }
    for (const rule of ['FREQ=MONTHLY;BYDAY=1SU', 'FREQ=DAILY;BYDAY=MO', 'FREQ=WEEKLY;UNTIL=20270501T000000Z', 'FREQ=HOURLY', 'FREQ=WEEKLY;INTERVAL=0', 'nonsense']) {
      expect(parseRule(rule)).toMatchObject({ freq: 'custom', text: rule });
    }
  });

  it('says the rule in words, and a duration in days, hours and minutes', () => {
    expect(describeRule('FREQ=WEEKLY;BYDAY=SU;COUNT=8')).toBe('Every week on Sunday, 8 times');
    expect(describeRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH')).toBe('Every 2 weeks on Monday, Thursday');
    expect(describeRule('FREQ=MONTHLY;UNTIL=20270501')).toBe('Every month, until 2027-05-01');
    expect(describeRule('FREQ=MONTHLY;BYDAY=1SU')).toBe('Custom rule FREQ=MONTHLY;BYDAY=1SU');
    expect(minutesText(90)).toBe('1 h 30 min');
    expect(minutesText(2000)).toBe('1 d 9 h 20 min');
    expect(minutesText(0)).toBe('');
  });
});
