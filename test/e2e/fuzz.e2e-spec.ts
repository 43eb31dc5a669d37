/*
 * Contract fuzzing, the way an external fuzzer (Schemathesis and the like) reads
 * the committed openapi.json: every operation gets valid requests built from its
 * schemas and a deterministic set of invalid ones (wrong types, null, missing and
 * unknown fields, huge and odd strings, bad numbers, enums, dates, ids, query
 * parameters, bodies and content types, with and without auth). Every response
 * must be below 500, carry a status code the operation documents, the documented
 * content type, and a body that conforms to the documented schema (4xx: the
 * service's `{statusCode, error, message}`).
 *
 * Beyond those, two checks that keep the spec honest: a request that is valid by
 * the schema (plus the few facts a schema cannot state, such as which component
 * ids exist) must not be refused as invalid, and a body that the schema rejects
 * must not be accepted. The contract's limits that a schema cannot state are
 * part of "valid" here: date-times name instants from 1970 to 9999 UTC, and the
 * values of CONTRACT_REFUSALS are refused (../shared/API.md, "Limits and hardening").
 *
 * Deterministic: one seeded PRNG per operation, requests sent one at a time.
 * All failures are collected and reported in one assertion.
 */
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createComponent, createGroup, createIncident, createMaintenance, createMaintenanceSeries, createPage, createWebhook } from '../factories';
import { eventually, ROOT_KEY, startApp, TestApp } from './harness';
import { SmtpSink } from './smtp-sink';
import { linksOf, sendNotice } from './subscriber-links';

type Schema = Record<string, any>;
type Json = unknown;

interface Operation {
  method: string;
  path: string;
  operationId: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema }>;
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
  security?: unknown[];
}

/**
 * What the request is expected to be:
 * - `valid`: valid by the schema; must not be refused as invalid (400, 401, 403, 413, 415);
 * - `invalid`: invalid by the schema; must not succeed (2xx);
 * - `unauthenticated`: no or a wrong key; must be 401;
 * - `any`: only the generic checks.
 */
type Intent = 'valid' | 'invalid' | 'unauthenticated' | 'any';

interface Probe {
  label: string;
  intent: Intent;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** The query string as it goes on the wire (already encoded). */
  query?: string;
  /** Path parameters replacing the operation's usual ones (values as they go on the wire). */
  params?: (current: Record<string, string>) => Record<string, string>;
  /** The one status this request must get. */
  expectStatus?: number;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const ROOT = join(__dirname, '..', '..');
const spec = JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
  components: { schemas: Record<string, Schema> };
};
const SCHEMAS = spec.components.schemas;
const OPERATIONS: Operation[] = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })),
);

/** Operations only the root key may call (a scoped key gets 403). */
const ROOT_ONLY = new Set(['createPage', 'createApiKey', 'listApiKeys', 'deleteApiKey']);
/** Operations whose JSON body may carry fields the spec does not list (the rest refuse an unknown field). */
const OPEN_BODIES = new Set(['receiveAlertmanagerNotification']);
/** Field names that are members of `Object.prototype`: unknown fields like any other. */
const PROTOTYPE_NAMES = ['toString', 'valueOf', 'hasOwnProperty'];
/** Values of a body property that the contract refuses where the schema cannot say so, by property name. */
const CONTRACT_REFUSALS: Record<string, Array<[string, Json]>> = {
  domain: [
    ['localhost', 'localhost'],
    ['an IPv4 address', '127.0.0.1'],
    ['an IPv6 address', '[::1]'],
  ],
  // Timeline messages hold at most 20,000 characters (maintenance ones fewer: their schema says 10,000).
  message: [['20,001 characters', 'm'.repeat(20_001)]],
};
const HUGE = 'x'.repeat(100_000);
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

// ---- deterministic randomness -------------------------------------------

class Rng {
  private state: number;
  constructor(seed: string) {
    let h = 2166136261;
    for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
    this.state = h >>> 0;
  }
  /** mulberry32 */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  word(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
  uuid(): string {
    const h = this.word(32, '0123456789abcdef');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

// ---- schemas ------------------------------------------------------------

const refName = (ref: string) => ref.replace('#/components/schemas/', '');

/** The schema with `$ref` and single-entry `allOf` resolved (outer keywords kept). */
function resolve(schema: Schema | undefined): Schema {
  let s: Schema = schema ?? {};
  for (;;) {
    if (s.$ref) s = SCHEMAS[refName(s.$ref)];
    else if (Array.isArray(s.allOf) && s.allOf.length === 1) {
      const { allOf, ...outer } = s;
      s = { ...resolve(allOf[0]), ...outer };
    } else return s;
  }
}

/**
 * OpenAPI 3.0 schema → JSON Schema for Ajv: `nullable` becomes `anyOf [.., null]`,
 * refs point into the document registered as `doc`. `closed` (success bodies)
 * also forbids properties the spec does not list, so an undocumented field (a
 * leaked secret, a renamed one) is caught.
 */
function toJsonSchema(s: Json, doc: string, closed: boolean): Json {
  if (Array.isArray(s)) return s.map((x) => toJsonSchema(x, doc, closed));
  if (!s || typeof s !== 'object') return s;
  const { nullable, example, ...rest } = s as Schema;
  void example;
  if (rest.$ref) {
    const ref = { $ref: `${doc}#/$defs/${refName(rest.$ref)}` };
    return nullable ? { anyOf: [ref, { type: 'null' }] } : ref;
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Schema).map(([k, v]) => [k, toJsonSchema(v, doc, closed)]),
      );
    } else if (['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf'].includes(key)) {
      out[key] = toJsonSchema(value, doc, closed);
    } else out[key] = value;
  }
  if (closed && out.type === 'object' && out.properties && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return nullable ? { anyOf: [out, { type: 'null' }] } : out;
}

/** The contract's instants: from 1970-01-01 to 9999-12-31 UTC once the offset is applied. */
const FIRST_INSTANT = Date.UTC(1970, 0, 1);
const LAST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const RFC3339 = /^(\d{4})-(\d\d)-(\d\d)t(\d\d):(\d\d):(\d\d)(\.\d+)?(z|([+-])(\d\d)(?::?(\d\d))?)$/i;

/** The instant an RFC 3339 date-time names, in ms (NaN if it is not one); years below 100 are read as written. */
function instantOf(value: string): number {
  const m = RFC3339.exec(value);
  if (!m) return NaN;
  const [, year, month, day, hour, minute, second, fraction, zone, sign, offsetHours, offsetMinutes] = m;
  const at = new Date(0);
  at.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  at.setUTCHours(Number(hour), Number(minute), Number(second), Math.floor(Number(fraction ?? 0) * 1000));
  const offset = zone.toLowerCase() === 'z' ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes ?? 0));
  return at.getTime() - offset * 60_000;
}

/**
 * ajv-formats' `date-time` (RFC 3339: a real date and time), narrowed to the
 * contract's instants: `9999-12-31T22:00:00-23:59` (year 10000) and
 * `1970-01-01T00:30:00+01:00` (1969) are not valid date-times here.
 */
function addInstantRange(ajv: Ajv): void {
  const rfc3339 = new Ajv();
  addFormats(rfc3339);
  const isDateTime = rfc3339.compile({ type: 'string', format: 'date-time' });
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (value: string) => {
      const at = instantOf(value);
      return isDateTime(value) && at >= FIRST_INSTANT && at <= LAST_INSTANT;
    },
  });
}

function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  addInstantRange(ajv);
  const defs = (closed: boolean, doc: string) =>
    Object.fromEntries(Object.entries(SCHEMAS).map(([name, s]) => [name, toJsonSchema(s, doc, closed)]));
  ajv.addSchema({ $id: 'closed', $defs: defs(true, 'closed') });
  ajv.addSchema({ $id: 'open', $defs: defs(false, 'open') });
  return ajv;
}

const ajv = createAjv();
const compiled = new Map<string, ValidateFunction>();
/** `closed` for success bodies; `open` (the spec as it is) for requests and error bodies. */
function validator(schema: Schema, doc: 'open' | 'closed'): ValidateFunction {
  const key = `${doc}:${JSON.stringify(schema)}`;
  let fn = compiled.get(key);
  if (!fn) {
    fn = ajv.compile(toJsonSchema(schema, doc, doc === 'closed') as Schema);
    compiled.set(key, fn);
  }
  return fn;
}
const errorsOf = (fn: ValidateFunction) =>
  (fn.errors ?? [])
    .slice(0, 4)
    .map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${e.params.additionalProperty})` : ''}`)
    .join('; ');

// ---- the facts a schema cannot state ----------------------------------------

interface Fixtures {
  page: { id: string; slug: string };
  otherPage: { id: string; slug: string };
  privatePage: { id: string; slug: string };
  patchPage: { id: string; slug: string };
  group: { id: string };
  components: string[];
  otherComponent: string;
  incident: { id: string };
  maintenance: { id: string };
  webhook: { id: string };
  series: { id: string };
  apiKey: { id: string };
  scopedKey: string;
  integration: { id: string; token: string };
  /** A pending subscriber (resend-confirmation needs one). */
  subscriber: { id: string };
  /** Tokens of the links in real emails, each of its own subscriber, by purpose. */
  tokens: Record<TokenPurpose, string>;
}

type TokenPurpose = 'confirm' | 'manage' | 'unsubscribe';

/** What valid values need beyond the schema: existing ids, sensible times and zones. */
interface Hints {
  /** Valid values by property name. */
  byName: Record<string, (rng: Rng) => Json>;
  /** Ids of components of the page (arrays of them must be distinct). */
  componentIds: string[];
}

function hints(fx: Fixtures): Hints {
  const hour = 3_600_000;
  const byName: Hints['byName'] = {
    componentId: (rng) => rng.pick(fx.components),
    groupId: () => fx.group.id,
    pageIds: () => [fx.page.id],
    timeZone: (rng) => rng.pick(['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata']),
    startedAt: (rng) => new Date(Date.now() - rng.int(1, 48) * hour).toISOString(),
    // Coherent with each other and with the fixture windows (in 1 h, for 1 h), whichever one a request moves.
    scheduledStart: () => new Date(Date.now() + hour / 2).toISOString(),
    scheduledEnd: () => new Date(Date.now() + 26 * hour).toISOString(),
    // A recurring series: a rule, a local start and a duration that fit together (no overlap).
    firstStart: (rng) => rng.pick(['2030-01-06T02:00', '2029-03-25T02:30', '2026-01-04T23:15']),
    rrule: (rng) => rng.pick(['FREQ=WEEKLY;BYDAY=SU', 'FREQ=DAILY;COUNT=30', 'FREQ=MONTHLY;BYMONTHDAY=1']),
    durationMinutes: (rng) => rng.int(1, 120),
  };
  return { byName, componentIds: fx.components };
}

/** A value valid by the schema (and by the hints), `full`: every optional property too. */
function generate(schema: Schema, rng: Rng, hint: Hints, name = '', full = false): Json {
  const s = resolve(schema);
  const byName = name ? hint.byName[name] : undefined;
  if (byName) return byName(rng);
  if (s.enum) return rng.pick(s.enum);
  switch (s.type) {
    case 'object': {
      const out: Record<string, Json> = {};
      const required = new Set<string>(s.required ?? []);
      for (const [key, prop] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
        if (required.has(key) || full || rng.next() < 0.5) out[key] = generate(prop, rng, hint, key, full);
      }
      return out;
    }
    case 'array': {
      const min = s.minItems ?? 0;
      const count = Math.min(s.maxItems ?? 3, Math.max(min, rng.int(full ? 1 : 0, 2)));
      const item = resolve(s.items);
      if (item.properties?.componentId || (item.format === 'uuid' && /^component/.test(name))) {
        // Ids of existing components, each once.
        const ids = hint.componentIds.slice(0, Math.max(count, min));
        return item.properties ? ids.map((id) => ({ ...(generate(item, rng, hint, '', true) as object), componentId: id })) : ids;
      }
      return Array.from({ length: count }, () => generate(item, rng, hint, '', full));
    }
    case 'integer':
    case 'number': {
      const min = s.minimum ?? 0;
      const max = Math.min(s.maximum ?? 1000, min + 1000);
      return rng.int(min, max);
    }
    case 'boolean':
      return rng.next() < 0.5;
    case 'string':
      return generateString(s, rng);
    default:
      return null;
  }
}

function generateString(s: Schema, rng: Rng): string {
  if (s.format === 'uuid') return rng.uuid();
  if (s.format === 'date-time') return new Date(Date.now() + rng.int(1, 100) * 60_000).toISOString();
  if (s.format === 'date') return '2030-01-01';
  if (s.format === 'uri') return `https://example.com/${rng.word(8)}`;
  if (s.format === 'email') return `${rng.word(10)}@example.com`;
  const min = Math.max(s.minLength ?? 1, 1);
  const max = Math.min(s.maxLength ?? 40, 40);
  const length = rng.int(Math.max(min, Math.min(8, max)), max);
  const candidates = [
    rng.word(length),
    `${rng.word(6)}.${rng.word(6)}.example`,
    rng.word(length, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789'),
    ...(typeof s.example === 'string' ? [s.example] : []),
  ];
  if (!s.pattern) return (rng.next() < 0.3 ? candidates[2] : candidates[0]).trim() || 'x';
  const pattern = new RegExp(s.pattern, 'u');
  const found = candidates.find((c) => pattern.test(c) && c.length >= min && c.length <= (s.maxLength ?? Infinity));
  if (found === undefined) throw new Error(`cannot generate a string for pattern ${s.pattern}: add an example`);
  return found;
}

// ---- invalid values -------------------------------------------------------------

/** Values of the wrong kind, and odd values of the right kind, for one property. */
function mutations(schema: Schema, valid: Json): Array<[string, Json]> {
  const s = resolve(schema);
  const out: Array<[string, Json]> = [['null', null]];
  const type = s.enum ? 'string' : s.type;
  if (type !== 'string') out.push(['a string', 'text'], ['an empty string', '']);
  if (type !== 'number' && type !== 'integer') out.push(['a number', 12345]);
  if (type !== 'boolean') out.push(['a boolean', true]);
  if (type !== 'object') out.push(['an object', { a: 1 }]);
  if (type !== 'array') out.push(['an array', [valid]]);
  if (type === 'string') {
    out.push(
      ['a 100k-char string', HUGE],
      ['an empty string', ''],
      ['whitespace', '   '],
      ['emoji and RTL text', '🔥💥 مرحبا \u202e עברית 𝕏'],
      ['a NUL character', `a\u0000b`],
      ['control characters', '\u0001\u0007\b\f\u001b[31m\r\n\t'],
      ['a lone surrogate', '\ud800x'],
      ['SQL-ish text', "'; DROP TABLE pages; --"],
      ['a number-like string', '1e308'],
    );
    if (s.enum) out.push(['an unknown enum value', 'not-a-value'], ['an upper-case enum value', String(s.enum[0]).toUpperCase()]);
    if (s.format === 'uuid') {
      out.push(['an invalid uuid', 'not-a-uuid'], ['the nil uuid', NIL_UUID], ['an unknown uuid', '6f1c1c3e-0a4b-4c5d-8e9f-0123456789ab']);
      out.push(['a uuid in braces', `{${String(valid)}}`], ['a truncated uuid', String(valid).slice(0, 35)]);
    }
    if (s.format === 'date-time') {
      out.push(
        ['a date without time', '2030-01-01'],
        ['an impossible date', '2030-02-30T10:00:00Z'],
        ['an impossible time', '2030-01-01T25:61:00Z'],
        ['a date-time without zone', '2030-01-01T10:00:00'],
        ['a week date', '2030-W01'],
        ['an ordinal date', '2030-001'],
        ['a six-digit year', '+275760-09-13T00:00:00Z'],
        ['a negative year', '-000001-01-01T00:00:00Z'],
        ['year 0', '0000-01-01T00:00:00Z'],
        ['before 1970', '1969-12-31T23:59:59Z'],
        ['year 10000 after its offset', '9999-12-31T22:00:00-23:59'],
        ['1969 after its offset', '1970-01-01T00:30:00+01:00'],
        ['year 9999', '9999-12-31T23:59:59.999Z'],
        ['English', 'next tuesday'],
        ['a unix time', '1700000000'],
      );
    }
    if (s.format === 'uri') {
      out.push(['a javascript: url', 'javascript:alert(1)'], ['a relative url', '/hook'], ['a file: url', 'file:///etc/passwd']);
    }
  }
  if (type === 'number' || type === 'integer') {
    out.push(
      ['1e308', 1e308],
      ['-1', -1],
      ['1.5', 1.5],
      ['-0', -0],
      ['2^31', 2 ** 31],
      ['2^53 + 2', 2 ** 53 + 2],
      ['a numeric string', '1'],
    );
  }
  if (type === 'boolean') out.push(['"true"', 'true'], ['1', 1]);
  if (type === 'array') {
    const item = valid instanceof Array && valid.length ? valid[0] : 'x';
    out.push(
      ['[null]', [null]],
      ['[[item]]', [[item]]],
      ['[1]', [1]],
      ['[{}]', [{}]],
      ['1000 items', Array.from({ length: 1000 }, () => item)],
      ['a single item, not an array', item],
      ['duplicates', [item, item]],
      ['an empty array', []],
    );
    const itemSchema = resolve(s.items);
    if (itemSchema.properties) {
      const base = typeof item === 'object' && item ? item : {};
      out.push(['an item with an unknown field', [{ ...base, unknown: 1 }]]);
      for (const key of Object.keys(itemSchema.properties)) {
        const { [key]: _dropped, ...rest } = base as Record<string, Json>;
        void _dropped;
        out.push([`an item without ${key}`, [rest]]);
        out.push([`an item with ${key} = 123`, [{ ...base, [key]: 123 }]]);
        out.push([`an item with ${key} = "nope"`, [{ ...base, [key]: 'nope' }]]);
      }
    }
  }
  return out;
}

function deep(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}
function deepArray(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

// ---- HTTP ---------------------------------------------------------------------

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function send(base: URL, method: string, path: string, probe: Probe): Promise<Reply> {
  return new Promise((resolvePromise, reject) => {
    const headers: Record<string, string | number> = { ...probe.headers };
    if (probe.body !== undefined) headers['content-length'] = Buffer.byteLength(probe.body);
    const req = httpRequest(
      { host: base.hostname, port: base.port, method, path, headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(20_000, () => req.destroy(new Error('timed out')));
    req.end(probe.body);
  });
}

// ---- checks -------------------------------------------------------------------

const mediaType = (value: string | string[] | undefined) =>
  String(Array.isArray(value) ? value[0] : (value ?? '')).split(';')[0].trim().toLowerCase();

/** Every problem with one response, as readable lines (empty: conforms). */
function check(op: Operation, probe: Probe, res: Reply): string[] {
  const problems: string[] = [];
  const documented = op.responses[String(res.status)] ?? op.responses[`${String(res.status)[0]}XX`] ?? op.responses.default;
  if (res.status >= 500) problems.push('server error');
  if (!documented) problems.push(`status ${res.status} is not documented (documented: ${Object.keys(op.responses).join(', ')})`);
  if (probe.intent === 'valid' && [400, 401, 403, 413, 415, 422].includes(res.status)) {
    problems.push('a request that is valid by the spec was refused');
  }
  if (probe.intent === 'invalid' && res.status < 300) problems.push('a request that is invalid by the spec was accepted');
  if (probe.intent === 'unauthenticated' && res.status !== 401) problems.push(`expected 401 without a valid key`);
  if (probe.expectStatus !== undefined && res.status !== probe.expectStatus) {
    problems.push(`expected ${probe.expectStatus} for a key scoped to another page`);
  }
  const type = mediaType(res.headers['content-type']);
  let body = res.body;
  if (res.headers['content-encoding'] === 'gzip' && body.length) body = gunzipSync(body);
  if (res.status === 204 || res.status === 304) {
    if (body.length) problems.push(`${res.status} with a body`);
    return problems;
  }
  const content = documented?.content;
  if (content && Object.keys(content).length) {
    const media = Object.keys(content);
    if (!media.includes(type)) problems.push(`content-type "${type}" is not documented (${media.join(', ')})`);
  }
  if (res.status >= 400) {
    let parsed: any;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      problems.push('error body is not JSON');
      return problems;
    }
    const shapeOk =
      parsed &&
      parsed.statusCode === res.status &&
      typeof parsed.error === 'string' &&
      (typeof parsed.message === 'string' || (Array.isArray(parsed.message) && parsed.message.every((m: unknown) => typeof m === 'string')));
    if (!shapeOk) problems.push('error body is not {statusCode, error, message}');
  }
  const schema = content?.[type]?.schema;
  if (schema && type.endsWith('json')) {
    let parsed: Json;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      problems.push('body is not JSON');
      return problems;
    }
    const fn = validator(schema, res.status < 300 ? 'closed' : 'open');
    if (!fn(parsed)) problems.push(`body does not match the schema: ${errorsOf(fn)}`);
  } else if (schema && res.status < 300 && body.length === 0) {
    problems.push('empty body');
  }
  return problems;
}

// ---- the test -----------------------------------------------------------------

describe('OpenAPI contract fuzzing', () => {
  let app: TestApp;
  let fx: Fixtures;
  let base: URL;
  let sink: SmtpSink;

  beforeAll(async () => {
    // Email configured, so that the subscriber operations (confirmation emails) can succeed.
    sink = await SmtpSink.start();
    app = await startApp({ env: { SMTP_URL: sink.url } });
    base = new URL(app.baseUrl);
    const page = await createPage(app, { name: 'Fuzz main', description: 'Main fixture page' });
    const otherPage = await createPage(app, { name: 'Fuzz other' });
    const privatePage = await createPage(app, { name: 'Fuzz private', isPublic: false });
    const patchPage = await createPage(app, { name: 'Fuzz patch target' });
    // Subscribed first, so that the changes below are delivered (to a closed port: failed attempts).
    const webhook = await createWebhook(app, page.id);
    const group = await createGroup(app, page.id, { name: 'Core' });
    const a = await createComponent(app, page.id, { groupId: group.id, description: 'In a group' });
    const b = await createComponent(app, page.id, { status: 'degraded_performance' });
    const c = await createComponent(app, page.id, { onlyShowIfDegraded: true });
    const other = await createComponent(app, otherPage.id);
    const incident = await createIncident(app, page.id, {
      impact: 'major',
      components: [{ componentId: a.id, status: 'partial_outage' }],
    });
    await app
      .admin()
      .post(`/api/v1/pages/${page.id}/incidents/${incident.id}/updates`)
      .send({ status: 'identified', message: 'Found it.', components: [{ componentId: b.id, status: 'major_outage' }] })
      .expect(201);
    await createIncident(app, page.id, { status: 'resolved', startedAt: '2024-03-01T10:00:00.000Z' });
    const maintenance = await createMaintenance(app, page.id, { componentIds: [c.id], description: 'Upgrade' });
    const series = await createMaintenanceSeries(app, page.id, { componentIds: [a.id], firstStart: '2030-01-06T02:00' });
    const running = await createMaintenance(app, page.id, { componentIds: [b.id] });
    await app.admin().post(`/api/v1/pages/${page.id}/maintenances/${running.id}/start`).send({}).expect(200);
    await createIncident(app, otherPage.id);
    await createMaintenance(app, otherPage.id);
    const integration = (
      await app.admin().post(`/api/v1/pages/${page.id}/integrations`).send({ name: 'Fuzz alerts', incidents: 'open' }).expect(201)
    ).body;
    const subscriber = (
      await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email: 'fuzz-pending@example.com', componentIds: [a.id] }).expect(201)
    ).body;
    // The links of real emails, one subscriber per purpose (so that unsubscribing does not stop the others):
    // a confirmation email has confirm and unsubscribe links; an ordinary one, to an active subscriber, a manage link.
    const tokenOf = (link: string) => link.slice(link.indexOf('token=') + 'token='.length);
    for (const email of ['fuzz-confirm@example.com', 'fuzz-unsubscribe@example.com']) {
      await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email }).expect(201);
    }
    await app.admin().post(`/api/v1/pages/${page.id}/subscribers`).send({ email: 'fuzz-manage@example.com', skipConfirmation: true }).expect(201);
    await sendNotice(app, page.id);
    const tokens: Record<TokenPurpose, string> = {
      confirm: tokenOf((await linksOf(sink, 'fuzz-confirm@example.com')).confirm),
      unsubscribe: tokenOf((await linksOf(sink, 'fuzz-unsubscribe@example.com')).unsubscribe),
      manage: tokenOf((await linksOf(sink, 'fuzz-manage@example.com')).manage),
    };
    const scoped = await app
      .admin()
      .post('/api/v1/api-keys')
      .send({ name: 'scoped to the other page', pageIds: [otherPage.id] })
      .expect(201);
    // A recorded delivery attempt, so that the deliveries list has a row to check.
    await eventually(
      async () => {
        const res = await app.admin().get(`/api/v1/pages/${page.id}/webhooks/${webhook.id}/deliveries`).expect(200);
        return res.body.meta.total > 0;
      },
      { what: 'a webhook delivery attempt' },
    );
    fx = {
      page,
      otherPage,
      privatePage,
      patchPage,
      group,
      components: [a.id, b.id, c.id],
      otherComponent: other.id,
      incident,
      maintenance,
      webhook,
      series,
      apiKey: scoped.body,
      scopedKey: scoped.body.key,
      integration,
      subscriber,
      tokens,
    };
  }, 60_000);

  afterAll(async () => {
    agent.destroy();
    await app?.stop();
    await sink?.stop();
  });

  it('reads the whole spec, and its response checks are real', () => {
    expect(OPERATIONS.length).toBeGreaterThanOrEqual(53);
    const page = validator({ $ref: '#/components/schemas/PageResponseDto' }, 'closed');
    const good = {
      id: '3f1c1c3e-0a4b-4c5d-8e9f-0123456789ab',
      slug: 'acme',
      name: 'Acme',
      description: null,
      url: 'https://status.acme.com',
      domain: null,
      timeZone: 'UTC',
      isPublic: true,
      allowSubscribers: true,
      createdAt: '2030-01-01T00:00:00.000Z',
      updatedAt: '2030-01-01T00:00:00.000Z',
    };
    expect(page(good)).toBe(true);
    for (const bad of [
      { ...good, id: 'nope' },
      { ...good, createdAt: 'yesterday' },
      { ...good, description: 5 },
      { ...good, isPublic: 'true' },
      { ...good, secret: 'leaked' },
      (({ slug, ...rest }) => (void slug, rest))(good),
    ]) {
      expect([bad, page(bad)]).toEqual([bad, false]);
    }
    // Date-times are the contract's instants (1970 to 9999 UTC after the offset), not only RFC 3339.
    const dateTime = validator({ type: 'string', format: 'date-time' }, 'open');
    for (const [value, valid] of [
      ['1970-01-01T00:00:00Z', true],
      ['1970-01-01T01:00:00+01:00', true],
      ['9999-12-31T23:59:59.999Z', true],
      ['9999-12-31T23:30:00+05:00', true],
      ['1970-01-01T00:30:00+01:00', false],
      ['1969-12-31T23:59:59.999Z', false],
      ['9999-12-31T22:00:00-23:59', false],
      ['2030-02-30T10:00:00Z', false],
    ] as const) {
      expect([value, dateTime(value)]).toEqual([value, valid]);
    }
    const error = validator({ $ref: '#/components/schemas/ErrorResponseDto' }, 'open');
    expect(error({ statusCode: 400, error: 'Bad Request', message: ['x must be a string'] })).toBe(true);
    expect(error({ statusCode: 400, error: 'Bad Request', message: [1] })).toBe(false);
  });

  it('every operation answers every request within its documented contract', async () => {
    const started = Date.now();
    /** Failures grouped by what went wrong: one example each, and the operations it happened to. */
    const failures = new Map<string, { example: string; operations: Set<string> }>();
    let sent = 0;
    const hint = hints(fx);

    for (const op of OPERATIONS) {
      let succeeded = false;
      const target = new Target(op);
      await target.renew();
      for (const probe of buildProbes(op, new Rng(op.operationId), hint)) {
        const path = await target.path(probe);
        let res: Reply;
        let problems: string[];
        try {
          res = await send(base, op.method, path, probe);
          sent++;
          problems = check(op, probe, res);
        } catch (err) {
          res = { status: 0, headers: {}, body: Buffer.alloc(0) };
          problems = [`no response (${(err as Error).message})`];
        }
        if (problems.length) {
          const key = `[${probe.label}] → ${res.status}: ${problems.join('; ').replace(/\(documented: [^)]*\)/, '')}`;
          const entry = failures.get(key) ?? {
            example:
              `${op.method} ${path.slice(0, 200)} ${summarize(probe)}\n` +
              `      → ${res.status} ${(res.headers['content-encoding'] === 'gzip' ? '(gzip)' : res.body.toString('utf8')).slice(0, 300)}`,
            operations: new Set<string>(),
          };
          entry.operations.add(op.operationId);
          failures.set(key, entry);
        }
        if (res.status >= 200 && res.status < 300) succeeded = true;
        if (res.status > 0 && res.status < 300) await target.consumed();
      }
      // Every operation must have answered some request with success, so its success schema was checked.
      if (!succeeded) failures.set(`${op.operationId}: no request succeeded`, { example: '', operations: new Set([op.operationId]) });
    }

    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`fuzz: ${sent} requests over ${OPERATIONS.length} operations in ${seconds.toFixed(1)} s\n`);
    const report = [...failures].map(
      ([key, { example, operations }]) => `${key}\n    in ${[...operations].join(', ')}\n    e.g. ${example}`,
    );
    expect(sent).toBeGreaterThan(OPERATIONS.length * 20);
    expect(report).toEqual([]);
    // A generous deadline: some 5,000 requests take 50 s here and more on a busy CI machine.
  }, 300_000);

  // ---- path parameters ------------------------------------------------------------

  /**
   * The path parameters an operation's requests go to: the shared fixtures, or,
   * for operations that use their resource up (delete, start, complete, cancel),
   * a resource of their own, replaced after each success. `valid` requests to
   * such operations always get a fresh one.
   */
  it('answers 405, naming the methods the spec documents, for every method a path does not have', async () => {
    const wrong: string[] = [];
    const byPath = new Map<string, Operation[]>();
    for (const op of OPERATIONS) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
    for (const [specPath, ops] of byPath) {
      const documented = ops.map((o) => o.method);
      const path = await new Target(ops[0]).path({ label: 'method', intent: 'any', headers: {} });
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !documented.includes(m))) {
        const res = await send(base, method, path, { label: method, intent: 'any', headers: { authorization: `Bearer ${ROOT_KEY}` } });
        const allow = String(res.headers['allow'] ?? '').split(', ');
        if (res.status !== 405 || documented.some((m) => !allow.includes(m))) {
          wrong.push(`${method} ${specPath}: ${res.status}, Allow: ${res.headers['allow'] ?? '(none)'}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  class Target {
    private params: Record<string, string> = {};
    private readonly consumes: boolean;

    constructor(private readonly op: Operation) {
      this.consumes = op.method === 'DELETE' || /\/(start|complete|cancel)$/.test(op.path);
    }

    async renew(): Promise<void> {
      this.params = await freshParams(this.op);
    }

    async consumed(): Promise<void> {
      if (this.consumes) await this.renew();
    }

    async path(probe: Probe): Promise<string> {
      if (probe.intent === 'valid' && this.consumes && this.used) await this.renew();
      this.used = true;
      const params = { ...this.params, ...probe.params?.(this.params) };
      const path = this.op.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name]);
      // The links of emails: the fixture's token, unless the probe sends its own.
      const purpose = /\/subscriptions\/(confirm|manage|unsubscribe)$/.exec(this.op.path)?.[1] as TokenPurpose | undefined;
      const token = purpose && !/(^|&)token/.test(probe.query ?? '') ? `token=${fx.tokens[purpose]}` : undefined;
      const query = [probe.query, token].filter((q) => q !== undefined).join('&');
      return query === '' && probe.query === undefined ? path : `${path}?${query}`;
    }

    private used = false;
  }

  /** Path-parameter values: the fixtures, or a fresh resource for operations that consume theirs. */
  async function freshParams(op: Operation): Promise<Record<string, string>> {
    const params: Record<string, string> = {
      pageId: fx.page.id,
      slug: fx.page.slug,
      componentId: fx.components[0],
      groupId: fx.group.id,
      incidentId: fx.incident.id,
      maintenanceId: fx.maintenance.id,
      webhookId: fx.webhook.id,
      seriesId: fx.series.id,
      apiKeyId: fx.apiKey.id,
      integrationId: fx.integration.id,
      subscriberId: fx.subscriber.id,
    };
    const page = fx.page.id;
    switch (op.operationId) {
      case 'updatePage':
        params.pageId = fx.patchPage.id;
        break;
      case 'deletePage':
        params.pageId = (await createPage(app, { name: 'victim' })).id;
        break;
      case 'deleteComponent':
        params.componentId = (await createComponent(app, page)).id;
        break;
      case 'deleteComponentGroup':
        params.groupId = (await createGroup(app, page)).id;
        break;
      case 'deleteIncident':
        params.incidentId = (await createIncident(app, page)).id;
        break;
      case 'deleteMaintenanceSeries':
        params.seriesId = (await createMaintenanceSeries(app, page)).id;
        break;
      case 'deleteSubscriber':
        params.subscriberId = (
          await app.admin().post(`/api/v1/pages/${page}/subscribers`).send({ email: `victim-${Math.random().toString(36).slice(2)}@example.com`, skipConfirmation: true }).expect(201)
        ).body.id;
        break;
      case 'deleteWebhook':
        params.webhookId = (await createWebhook(app, page)).id;
        break;
      case 'deleteIntegration':
        params.integrationId = (await app.admin().post(`/api/v1/pages/${page}/integrations`).send({ name: 'victim' }).expect(201)).body.id;
        break;
      case 'deleteApiKey':
        params.apiKeyId = (await app.admin().post('/api/v1/api-keys').send({ name: 'victim', pageIds: [page] }).expect(201)).body.id;
        break;
      case 'deleteMaintenance':
      case 'startMaintenance':
      case 'cancelMaintenance':
        params.maintenanceId = (await createMaintenance(app, page)).id;
        break;
      case 'completeMaintenance': {
        const m = await createMaintenance(app, page);
        await app.admin().post(`/api/v1/pages/${page}/maintenances/${m.id}/start`).send({}).expect(200);
        params.maintenanceId = m.id;
        break;
      }
    }
    return params;
  }

  // ---- probes per operation -----------------------------------------------------

  function summarize(probe: Probe): string {
    const parts: string[] = [];
    if (probe.headers['content-type']) parts.push(`content-type: ${probe.headers['content-type']}`);
    if (probe.headers.authorization !== `Bearer ${ROOT_KEY}`) parts.push(`auth: ${(probe.headers.authorization ?? 'none').slice(0, 40)}`);
    if (probe.body !== undefined) {
      const text = probe.body.toString();
      parts.push(`body (${text.length} chars): ${text.slice(0, 200)}`);
    }
    return parts.join(', ');
  }

  function buildProbes(op: Operation, rng: Rng, hint: Hints): Probe[] {
    const admin = op.path.startsWith('/api/v1');
    // The alert receiver takes its integration's token, not an API key.
    const key = op.operationId === 'receiveAlertmanagerNotification' ? fx.integration.token : ROOT_KEY;
    const auth: Record<string, string> = admin ? { authorization: `Bearer ${key}` } : {};
    const jsonBody = op.requestBody?.content['application/json']?.schema;
    const bodySchema = jsonBody ? resolve(jsonBody) : undefined;
    const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
    const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
    const probes: Probe[] = [];
    const json = (value: Json) => JSON.stringify(value);
    const bodyValid = (value: Json) => (jsonBody ? validator(jsonBody, 'open')(value) : true);
    const jsonHeaders = { 'content-type': 'application/json' };
    const add = (label: string, intent: Intent, extra: Partial<Probe> = {}) =>
      probes.push({ label, intent, ...extra, headers: { ...auth, ...extra.headers } });

    // Valid requests: minimal, full and random mixes.
    const validBodies: Json[] = bodySchema
      ? [generate(bodySchema, rng, hint, '', true), generate(bodySchema, rng, hint), generate(bodySchema, rng, hint)]
      : [undefined];
    if (bodySchema) {
      const full = validBodies[0] as Record<string, Json>;
      validBodies.unshift(Object.fromEntries((bodySchema.required ?? []).map((k: string) => [k, full[k]])));
    }
    for (const [i, body] of validBodies.entries()) {
      const intent = body === undefined || bodyValid(body) ? 'valid' : 'any';
      add(`valid #${i + 1}`, intent, body === undefined ? {} : { headers: jsonHeaders, body: json(body) });
    }
    if (bodySchema) add('no body at all', op.requestBody?.required ? 'any' : 'valid');
    for (const q of queryParams) {
      const s = resolve(q.schema);
      const numeric = s.type === 'integer' || s.type === 'number';
      const values: string[] = s.enum ?? (numeric ? [String(s.minimum ?? 1), String(Math.min(s.maximum ?? 2, 2))] : []);
      for (const v of values) add(`valid ${q.name}=${v}`, 'valid', { query: `${q.name}=${encodeURIComponent(v)}` });
    }

    // Invalid bodies: per property, missing required, unknown fields, whole-body oddities, content types.
    if (bodySchema) {
      const full = validBodies[1] as Record<string, Json>;
      for (const [key, propSchema] of Object.entries((bodySchema.properties ?? {}) as Record<string, Schema>)) {
        for (const [what, value] of mutations(propSchema, full[key])) {
          const body = { ...full, [key]: value };
          add(`${key}: ${what}`, bodyValid(body) ? 'any' : 'invalid', { headers: jsonHeaders, body: json(body) });
        }
        for (const [what, value] of CONTRACT_REFUSALS[key] ?? []) {
          add(`${key}: ${what}`, 'invalid', { headers: jsonHeaders, body: json({ ...full, [key]: value }) });
        }
        if (key === 'message') {
          // The longest message the contract allows: valid wherever the schema allows it too.
          const longest = { ...full, message: 'm'.repeat(20_000) };
          add('message: 20,000 characters', bodyValid(longest) ? 'valid' : 'invalid', { headers: jsonHeaders, body: json(longest) });
        }
        add(`${key}: nested 5000 deep`, 'invalid', {
          headers: jsonHeaders,
          body: json({ ...full, [key]: 0 }).replace(`"${key}":0`, `"${key}":${deep(5000)}`),
        });
      }
      for (const key of bodySchema.required ?? []) {
        const { [key]: _dropped, ...rest } = full;
        void _dropped;
        add(`without required ${key}`, 'invalid', { headers: jsonHeaders, body: json(rest) });
      }
      const raw = json(full).slice(1, -1);
      const comma = raw ? ',' : '';
      const unknownField: Intent = OPEN_BODIES.has(op.operationId) ? 'any' : 'invalid';
      const bodies: Array<[string, Intent, string | Buffer]> = [
        ['an unknown field', unknownField, `{${raw}${comma}"unknownField":1}`],
        ...PROTOTYPE_NAMES.map((name): [string, Intent, string] => [`a ${name} field`, unknownField, `{${raw}${comma}"${name}":1}`]),
        ['a __proto__ field', 'any', `{${raw}${comma}"__proto__":{"isAdmin":true}}`],
        ['a constructor.prototype field', 'any', `{${raw}${comma}"constructor":{"prototype":{"isAdmin":true}}}`],
        ['an unknown field nested 10000 deep', 'any', `{${raw}${comma}"x":${deep(10_000)}}`],
        ['arrays nested 10000 deep', 'any', `{${raw}${comma}"x":${deepArray(10_000)}}`],
        ['duplicate keys', 'any', `{${raw}${comma}${raw}}`],
        ['an empty JSON body', 'any', ''],
        ['JSON null', bodyValid(null) ? 'any' : 'invalid', 'null'],
        ['an empty object', bodyValid({}) ? 'any' : 'invalid', '{}'],
        ['an empty array', 'invalid', '[]'],
        ['an array of the valid body', 'invalid', `[${json(full)}]`],
        ['a JSON string', 'invalid', '"text"'],
        ['a JSON number', 'invalid', '1e308'],
        ['JSON true', 'invalid', 'true'],
        ['truncated JSON', 'any', json(full).slice(0, -1)],
        ['a trailing comma', 'any', `{${raw}${comma}}`],
        ['single quotes', 'any', "{'name':'x'}"],
        ['NaN', 'any', '{"position":NaN}'],
        ['a byte-order mark', 'any', `\ufeff${json(full)}`],
        ['invalid UTF-8', 'any', Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')])],
        ['a 2 MB body', 'any', json({ ...full, padding: 'x'.repeat(2 * 1024 * 1024) })],
      ];
      for (const [label, intent, body] of bodies) add(label, intent, { headers: jsonHeaders, body });
      const contentTypes: Array<[string, string | undefined, string]> = [
        ['text/plain', 'text/plain', json(full)],
        ['form-urlencoded', 'application/x-www-form-urlencoded', 'name=x&slug=abc'],
        ['multipart', 'multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--xyz--\r\n'],
        ['XML', 'application/xml', '<page><name>x</name></page>'],
        ['none', undefined, json(full)],
        ['json with charset utf-16', 'application/json; charset=utf-16le', json(full)],
        ['json with an odd charset', 'application/json; charset=banana', json(full)],
        ['a +json type', 'application/merge-patch+json', json(full)],
        ['an invalid one', ';;;', json(full)],
        ['a json prefix', 'application/jsonx', json(full)],
      ];
      for (const [label, type, body] of contentTypes) {
        add(`content-type: ${label}`, 'any', { headers: type ? { 'content-type': type } : {}, body });
      }
    } else if (op.method !== 'GET') {
      add('an unexpected JSON body', 'any', { headers: jsonHeaders, body: '{"unexpected":true}' });
      add('an unexpected text body', 'any', { headers: { 'content-type': 'text/plain' }, body: 'hello' });
    }

    // Query parameters: wrong types, bounds, repeats, oddities; unknown ones.
    for (const q of queryParams) {
      const s = resolve(q.schema);
      const values = ['abc', '', '0', '-1', '1.5', '1e308', '99999999999999999999999', '%00', '%ZZ', 'NOT_A_VALUE', '%F0%9F%94%A5', 'q'.repeat(5000)];
      for (const v of values) {
        add(`query ${q.name}=${v.slice(0, 20)}`, queryValid(q.name, s, safeDecode(v)) ? 'any' : 'invalid', { query: `${q.name}=${v}` });
      }
      add(`query ${q.name} twice`, 'any', { query: `${q.name}=1&${q.name}=2` });
      add(`query ${q.name}[]`, 'any', { query: `${q.name}[]=1` });
    }
    // An admin operation that takes query parameters refuses an unknown one, prototype-named ones too (public ones ignore them).
    const unknownQuery: Intent = admin && queryParams.length ? 'invalid' : 'any';
    add('an unknown query parameter', unknownQuery, { query: 'unknownParam=1' });
    for (const name of PROTOTYPE_NAMES) add(`query ${name}=1`, unknownQuery, { query: `${name}=1` });
    add('__proto__ query parameters', 'any', { query: '__proto__=1&constructor[prototype][x]=1' });
    add('a malformed query string', 'any', { query: '%%%&&==&a=%ZZ' });

    // Path parameters, one at a time: invalid, unknown, encoded, oversized, foreign.
    for (const name of pathParams) {
      const values: Array<[string, (current: Record<string, string>) => string]> = [
        ['not a uuid', () => 'not-a-uuid'],
        ['the nil uuid', () => NIL_UUID],
        ['an unknown uuid', () => '6f1c1c3e-0a4b-4c5d-8e9f-0123456789ab'],
        ['an encoded NUL', () => '%00'],
        ['a malformed escape', () => '%ZZ'],
        ['an encoded slash', () => 'a%2Fb'],
        ['an encoded emoji', () => '%F0%9F%94%A5'],
        ['dot-dot', () => '..'],
        ['an encoded space', () => '%20'],
        ['1e308', () => '1e308'],
        ['-1', () => '-1'],
        ['null', () => 'null'],
        ['5000 chars', () => 'a'.repeat(5000)],
        ['SQL-ish', () => "1'%20OR%20'1'='1"],
        ['upper case', (c) => c[name].toUpperCase()],
        ['percent-encoded', (c) => [...c[name]].map((ch) => `%${ch.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')],
        ['an id of another kind', () => (name === 'slug' ? fx.page.id : name === 'incidentId' ? fx.maintenance.id : fx.incident.id)],
      ];
      if (name === 'componentId') values.push(['a component of another page', () => fx.otherComponent]);
      if (name === 'pageId' && pathParams.length > 1) values.push(['another page', () => fx.otherPage.id]);
      if (name === 'slug') values.push(['a private page', () => fx.privatePage.slug]);
      for (const [label, value] of values) add(`${name}: ${label}`, 'any', { params: (c) => ({ [name]: value(c) }) });
    }

    if (admin) {
      // Authentication: none, wrong, malformed, oversized; then a key scoped to another page.
      const body = validBodies[validBodies.length - 1];
      const withBody = body === undefined ? {} : { body: json(body) };
      const bodyHeaders: Record<string, string> = body === undefined ? {} : jsonHeaders;
      for (const [label, value] of [
        ['no Authorization header', undefined],
        ['a wrong key', 'Bearer wrong-key'],
        ['an empty bearer', 'Bearer '],
        ['basic auth', `Basic ${Buffer.from(`admin:${ROOT_KEY}`).toString('base64')}`],
        ['the key without its scheme', ROOT_KEY],
        ['a 10k-char key', `Bearer ${'k'.repeat(10_000)}`],
        ['a key with odd bytes', 'Bearer \u00ff\u00fe%00'],
      ] as Array<[string, string | undefined]>) {
        probes.push({
          label: `auth: ${label}`,
          intent: 'unauthenticated',
          headers: value === undefined ? bodyHeaders : { ...bodyHeaders, authorization: value },
          ...withBody,
        });
      }
      probes.push({
        label: 'auth: a key scoped to another page',
        intent: 'any',
        expectStatus: ROOT_ONLY.has(op.operationId) ? 403 : op.path.includes('{pageId}') ? 404 : undefined,
        headers: { ...bodyHeaders, authorization: `Bearer ${fx.scopedKey}` },
        ...withBody,
      });
    } else {
      add('an Authorization header', 'any', { headers: { authorization: 'Bearer nonsense' } });
      add('accepting gzip', 'any', { headers: { 'accept-encoding': 'gzip' } });
      add('If-None-Match: *', 'any', { headers: { 'if-none-match': '*' } });
      add('a junk If-None-Match', 'any', { headers: { 'if-none-match': '"nope", W/"x"' } });
    }
    return probes;
  }
});

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const queryAjv = new Ajv({ coerceTypes: true, strict: false });
addFormats(queryAjv);
addInstantRange(queryAjv);
/** Whether a query parameter value is valid by its schema (query strings coerce to numbers). */
function queryValid(name: string, schema: Schema, value: string): boolean {
  const { description, ...plain } = schema;
  void description;
  const wrapped = { type: 'object', properties: { [name]: toJsonSchema(plain, 'open', false) } };
  return queryAjv.validate(wrapped, { [name]: value }) as boolean;
}
