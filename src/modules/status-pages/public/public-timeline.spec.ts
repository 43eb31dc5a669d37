import { entriesLeftOut, leftOutText } from './public-timeline';

describe('the public timeline bound', () => {
  const timeline = (shown: number, updateCount: number) => ({ updates: Array.from({ length: shown }, () => ({})), updateCount });

  it('says how many earlier entries were left out, and nothing when none was', () => {
    expect(leftOutText(timeline(3, 3))).toBe('');
    expect(leftOutText(timeline(50, 51))).toBe('1 earlier update is not shown.');
    expect(leftOutText(timeline(50, 500))).toBe('450 earlier updates are not shown.');
    expect(leftOutText(timeline(0, 500))).toBe('500 updates are not shown.');
  });

  it('counts nothing left out when the total is unknown or smaller', () => {
    expect(entriesLeftOut({ updates: [{}], updateCount: undefined as unknown as number })).toBe(0);
    expect(entriesLeftOut(timeline(2, 1))).toBe(0);
  });
});
