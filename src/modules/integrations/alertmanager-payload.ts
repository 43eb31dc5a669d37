/**
 * Reading the body of an Alertmanager webhook notification (payload version
 * 4), or of Grafana alerting's webhook contact point (`version: "1"`, the same
 * shape with more fields). Only what the receiver uses is checked; every other
 * field is ignored, so both senders' extra fields pass. Pure: no I/O.
 *
 * What is read (the same as the receiver's OpenAPI schema says):
 * - `version`: "4" (Alertmanager) or "1" (Grafana);
 * - `alerts[]`: `status` (`firing` or `resolved`), `labels` and `annotations`
 *   (string to string), `fingerprint` (1 to 128 characters), `startsAt` and
 *   `endsAt` (RFC 3339 date-times, optional).
 */

export const PAYLOAD_VERSIONS = ['4', '1'] as const;
export const ALERT_STATUSES = ['firing', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATUSES)[number];
export const MAX_FINGERPRINT_LENGTH = 128;
const MAX_MESSAGES = 20;

/** Labels or annotations: own properties only (a label named `constructor` is just a label). */
export type StringMap = Readonly<Record<string, string>>;

/** One alert of a notification, as the receiver uses it. */
export interface ReceivedAlert {
  fingerprint: string;
  status: AlertState;
  labels: StringMap;
  annotations: StringMap;
  /** Null when absent, or outside 1970-9999 (Go's zero time `0001-01-01T00:00:00Z` means "not set"). */
  startsAt: Date | null;
  endsAt: Date | null;
}

export interface AlertNotification {
  version: (typeof PAYLOAD_VERSIONS)[number];
  alerts: ReceivedAlert[];
}

export type PayloadResult = { ok: true; notification: AlertNotification } | { ok: false; errors: string[] };

/** The value of a label or annotation, if the map has it as its own property. */
export function valueOf(map: StringMap, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with lone surrogates replaced by U+FFFD (PostgreSQL's jsonb refuses them). */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

/**
 * An RFC 3339 date-time with its zone; `undefined` if it is not one, null if it
 * is one outside 1970-9999 (it then counts as not given).
 */
export function readDateTime(value: string): Date | null | undefined {
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (!days || day < 1 || day > days || hour > 23 || minute > 59 || second > 60) return undefined;
  const offsetHours = m[10] === undefined ? 0 : Number(m[10]);
  const offsetMinutes = m[11] === undefined ? 0 : Number(m[11]);
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  if (year < 1970 || year > 9999) return null;
  const sign = m[9] === '-' ? -1 : 1;
  const millis = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  const utc = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), millis);
  return new Date(utc - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
}

function readStringMap(value: unknown, path: string, errors: string[]): StringMap {
  if (!isObject(value)) {
    errors.push(`${path} must be an object of strings`);
    return {};
  }
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, v] of Object.entries(value)) {
    if (key.includes('\u0000')) {
      errors.push(`${path} must not have a name with NUL characters`);
      continue;
    }
    if (typeof v !== 'string') {
      errors.push(`${path}.${key} must be a string`);
      continue;
    }
    out[wellFormed(key)] = wellFormed(v);
  }
  return out;
}

function readAlert(value: unknown, path: string, errors: string[]): ReceivedAlert | null {
  if (!isObject(value)) {
    errors.push(`${path} must be an object`);
    return null;
  }
  const before = errors.length;
  const { fingerprint, status } = value;
  if (typeof fingerprint !== 'string' || fingerprint.length < 1 || fingerprint.length > MAX_FINGERPRINT_LENGTH) {
    errors.push(`${path}.fingerprint must be a string of 1 to ${MAX_FINGERPRINT_LENGTH} characters`);
  }
  if (typeof status !== 'string' || !(ALERT_STATUSES as readonly string[]).includes(status)) {
    errors.push(`${path}.status must be one of: ${ALERT_STATUSES.join(', ')}`);
  }
  const labels = value.labels === undefined ? (errors.push(`${path}.labels is required`), {}) : readStringMap(value.labels, `${path}.labels`, errors);
  const annotations = value.annotations === undefined ? {} : readStringMap(value.annotations, `${path}.annotations`, errors);
  const time = (field: 'startsAt' | 'endsAt'): Date | null => {
    const v = value[field];
    if (v === undefined) return null;
    const date = typeof v === 'string' ? readDateTime(v) : undefined;
    if (date === undefined) {
      errors.push(`${path}.${field} must be an RFC 3339 date-time with a time zone, e.g. 2030-01-01T10:00:00Z`);
      return null;
    }
    return date;
  };
  const startsAt = time('startsAt');
  const endsAt = time('endsAt');
  if (errors.length > before) return null;
  return { fingerprint: wellFormed(fingerprint as string), status: status as AlertState, labels, annotations, startsAt, endsAt };
}

/** Reads a notification body; the errors name each bad field (at most 20). */
export function readAlertNotification(body: unknown): PayloadResult {
  if (!isObject(body)) return { ok: false, errors: ['body must be a JSON object'] };
  const errors: string[] = [];
  const { version, alerts } = body;
  if (typeof version !== 'string' || !(PAYLOAD_VERSIONS as readonly string[]).includes(version)) {
    errors.push(`version must be one of: ${PAYLOAD_VERSIONS.join(', ')} (Alertmanager's payload version 4, Grafana's 1)`);
  }
  const read: ReceivedAlert[] = [];
  if (!Array.isArray(alerts)) errors.push('alerts must be an array');
  else {
    for (let i = 0; i < alerts.length && errors.length < MAX_MESSAGES; i++) {
      const alert = readAlert(alerts[i], `alerts.${i}`, errors);
      if (alert) read.push(alert);
    }
  }
  if (errors.length) return { ok: false, errors: errors.slice(0, MAX_MESSAGES) };
  return { ok: true, notification: { version: version as AlertNotification['version'], alerts: read } };
}
