/*
 * A series' recurrence rule in the dashboard: a few choices (frequency, interval,
 * weekdays, how it ends) that write an RFC 5545 RRULE, read back from a stored
 * rule when they can say it, else the rule is kept as typed ('custom'). The API
 * validates the rule; nothing here decides whether it is allowed.
 */

export type Freq = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY' | 'custom';
export type Ends = 'never' | 'count' | 'until';

export interface RuleChoice {
  freq: Freq;
  interval: string;
  days: string[];
  ends: Ends;
  count: string;
  /** YYYY-MM-DD */
  until: string;
  /** The rule as typed (freq 'custom'). */
  text: string;
}

export const WEEKDAYS: Array<[string, string]> = [
  ['MO', 'Monday'],
  ['TU', 'Tuesday'],
  ['WE', 'Wednesday'],
  ['TH', 'Thursday'],
  ['FR', 'Friday'],
  ['SA', 'Saturday'],
  ['SU', 'Sunday'],
];
const DAY_NAME = new Map(WEEKDAYS);

export const UNIT: Record<Exclude<Freq, 'custom'>, [string, string]> = {
  DAILY: ['day', 'days'],
  WEEKLY: ['week', 'weeks'],
  MONTHLY: ['month', 'months'],
  YEARLY: ['year', 'years'],
};

export function buildRule(c: RuleChoice): string {
  if (c.freq === 'custom') return c.text.trim().replace(/^RRULE:/i, '');
  const parts = [`FREQ=${c.freq}`];
  const interval = c.interval.trim();
  if (interval && interval !== '1') parts.push(`INTERVAL=${interval}`);
  if (c.freq === 'WEEKLY' && c.days.length) parts.push(`BYDAY=${WEEKDAYS.map(([d]) => d).filter((d) => c.days.includes(d)).join(',')}`);
  if (c.ends === 'count') parts.push(`COUNT=${c.count.trim()}`);
  if (c.ends === 'until' && c.until) parts.push(`UNTIL=${c.until.replace(/-/g, '')}`);
  return parts.join(';');
}

/** The choices that write `rule`, or the 'custom' choice holding it when it is more than they can say. */
export function parseRule(rule: string): RuleChoice {
  const custom: RuleChoice = { freq: 'custom', interval: '1', days: [], ends: 'never', count: '10', until: '', text: rule };
  const parts = new Map<string, string>();
  for (const part of rule.replace(/^RRULE:/i, '').split(';').filter(Boolean)) {
    const [k, v, ...extra] = part.split('=');
    if (!v || extra.length || parts.has(k.toUpperCase())) return custom;
    parts.set(k.toUpperCase(), v.toUpperCase());
  }
  const freq = parts.get('FREQ');
  if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY' && freq !== 'YEARLY') return custom;
  const known = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', ...(freq === 'WEEKLY' ? ['BYDAY'] : [])]);
  if ([...parts.keys()].some((k) => !known.has(k))) return custom;
  const days = parts.get('BYDAY')?.split(',') ?? [];
  if (days.some((d) => !DAY_NAME.has(d))) return custom;
  const until = parts.get('UNTIL');
  if (until && !/^\d{8}$/.test(until)) return custom;
  const interval = parts.get('INTERVAL') ?? '1';
  if (!/^[1-9]\d*$/.test(interval)) return custom;
  return {
    freq,
    interval,
    days,
    ends: parts.has('COUNT') ? 'count' : until ? 'until' : 'never',
    count: parts.get('COUNT') ?? '10',
    until: until ? `${until.slice(0, 4)}-${until.slice(4, 6)}-${until.slice(6, 8)}` : '',
    text: rule,
  };
}

/** "Every 2 weeks on Monday, Thursday, 10 times" (the rule itself when the choices cannot say it). */
export function describeRule(rule: string): string {
  const c = parseRule(rule);
  if (c.freq === 'custom') return `Custom rule ${rule}`;
  const n = Number(c.interval);
  const [one, many] = UNIT[c.freq];
  let text = n === 1 ? `Every ${one}` : `Every ${n} ${many}`;
  if (c.days.length) text += ` on ${WEEKDAYS.filter(([d]) => c.days.includes(d)).map(([, name]) => name).join(', ')}`;
  if (c.ends === 'count') text += `, ${c.count} times`;
  if (c.ends === 'until') text += `, until ${c.until}`;
  return text;
}

export function minutesText(total: number): string {
  if (!Number.isFinite(total) || total <= 0) return '';
  const d = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = total % 60;
  return [d && `${d} d`, h && `${h} h`, m && `${m} min`].filter(Boolean).join(' ');
}
