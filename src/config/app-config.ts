/**
 * The one place that reads process.env. Every variable of the contract is
 * parsed and checked here; a bad one stops start-up with one line naming it.
 */
export type AppRole = 'all' | 'api' | 'worker';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

export class AppConfig {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly port: number;
  readonly adminApiKey: string | undefined;
  readonly publicBaseUrl: string;
  readonly queuePrefix: string;
  readonly role: AppRole;
  readonly adminCorsOrigins: string[];
  readonly webhookRetryBaseMs: number;
  readonly webhookMaxAttempts: number;
  readonly webhookTimeoutMs: number;
  /** Whether webhooks may target loopback, private and link-local addresses (off: SSRF guard). */
  readonly webhookAllowPrivate: boolean;
  /** Failed attempts in a row after which a webhook is disabled. */
  readonly webhookDisableAfter: number;
  /** Deliveries of one page that run at the same time, at most (the rest wait their turn). */
  readonly webhookPageConcurrency: number;
  readonly logLevel: string;
  readonly seedDemo: boolean;
  /** How often the maintenance reconciler runs (ms). */
  readonly reconcileIntervalMs: number;
  /** A request whose headers or body have not arrived after this long is answered 408 (ms). */
  readonly httpRequestTimeoutMs: number;
  /** Open connections one process accepts at most. */
  readonly httpMaxConnections: number;
  /** With a token, GET /metrics needs `Authorization: Bearer <token>`; without, it is open. */
  readonly metricsToken: string | undefined;
  /** Memory budget of the public cache's rendered documents (MiB). */
  readonly publicCacheMb: number;
  /** SMTP server for subscriber email; without it email subscriptions are off. */
  readonly smtpUrl: string | undefined;
  /** Sender of subscriber email (an RFC 5322 address, with or without a display name). */
  readonly mailFrom: string;
  /** First retry delay of a subscriber email the SMTP server did not accept; doubles each attempt (ms). */
  readonly mailRetryBaseMs: number;
  /** Attempts per subscriber email before it is given up. */
  readonly mailMaxAttempts: number;
  /** Read the client address from X-Forwarded-For (behind a reverse proxy), for rate limits. */
  readonly trustProxy: boolean;

  constructor(env: Record<string, string | undefined> = process.env) {
    this.databaseUrl = url(env, 'DATABASE_URL', 'postgresql://postgres:postgres@localhost:5432/statuspages', [
      'postgres:',
      'postgresql:',
    ]);
    this.redisUrl = url(env, 'REDIS_URL', 'redis://localhost:6379', ['redis:', 'rediss:']);
    this.port = int(env, 'PORT', 3000, 0, 65535);
    this.adminApiKey = optional(env, 'ADMIN_API_KEY');
    if (this.adminApiKey !== undefined && this.adminApiKey.length < 16) {
      throw new ConfigError('ADMIN_API_KEY', 'must be at least 16 characters long');
    }
    this.publicBaseUrl = url(env, 'PUBLIC_BASE_URL', `http://localhost:${this.port}`, ['http:', 'https:']).replace(
      /\/+$/,
      '',
    );
    this.queuePrefix = optional(env, 'QUEUE_PREFIX') ?? 'statuspages';
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(this.queuePrefix)) {
      throw new ConfigError('QUEUE_PREFIX', 'must be 1-64 characters of letters, digits, "_", "." or "-"');
    }
    const role = optional(env, 'APP_ROLE') ?? 'all';
    if (role !== 'all' && role !== 'api' && role !== 'worker') {
      throw new ConfigError('APP_ROLE', `must be one of all, api, worker (got "${role}")`);
    }
    this.role = role;
    this.adminCorsOrigins = (optional(env, 'ADMIN_CORS_ORIGINS') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const origin of this.adminCorsOrigins) {
      if (origin === '*') throw new ConfigError('ADMIN_CORS_ORIGINS', 'must list origins, not "*"');
      try {
        new URL(origin);
      } catch {
        throw new ConfigError('ADMIN_CORS_ORIGINS', `has an invalid origin "${origin}"`);
      }
    }
    this.webhookRetryBaseMs = int(env, 'WEBHOOK_RETRY_BASE_MS', 5000, 1, 86_400_000);
    this.webhookMaxAttempts = int(env, 'WEBHOOK_MAX_ATTEMPTS', 8, 1, 100);
    this.webhookTimeoutMs = int(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000);
    this.webhookAllowPrivate = bool(env, 'WEBHOOK_ALLOW_PRIVATE', false);
    this.webhookDisableAfter = int(env, 'WEBHOOK_DISABLE_AFTER', 50, 1, 100_000);
    this.webhookPageConcurrency = int(env, 'WEBHOOK_PAGE_CONCURRENCY', 2, 1, 100);
    this.reconcileIntervalMs = int(env, 'RECONCILE_INTERVAL_MS', 30_000, 500, 86_400_000);
    this.logLevel = optional(env, 'LOG_LEVEL') ?? 'info';
    if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(this.logLevel)) {
      throw new ConfigError('LOG_LEVEL', 'must be one of fatal, error, warn, info, debug, trace, silent');
    }
    this.seedDemo = bool(env, 'SEED_DEMO', true);
    this.httpRequestTimeoutMs = int(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000);
    this.httpMaxConnections = int(env, 'HTTP_MAX_CONNECTIONS', 10_000, 1, 1_000_000);
    this.metricsToken = optional(env, 'METRICS_TOKEN');
    if (this.metricsToken !== undefined && this.metricsToken.length < 16) {
      throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters long');
    }
    this.publicCacheMb = int(env, 'PUBLIC_CACHE_MB', 64, 1, 65_536);
    this.smtpUrl = optional(env, 'SMTP_URL') === undefined ? undefined : url(env, 'SMTP_URL', '', ['smtp:', 'smtps:']);
    this.mailFrom = optional(env, 'MAIL_FROM') ?? 'Status <status@localhost>';
    if (!/^(?:[^<>\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/.test(this.mailFrom)) {
      throw new ConfigError('MAIL_FROM', `must be an email address, optionally as "Name <address>" (got "${this.mailFrom}")`);
    }
    this.trustProxy = bool(env, 'TRUST_PROXY', false);
    this.mailRetryBaseMs = int(env, 'MAIL_RETRY_BASE_MS', 30_000, 1, 86_400_000);
    this.mailMaxAttempts = int(env, 'MAIL_MAX_ATTEMPTS', 8, 1, 100);
  }

  get runsHttp(): boolean {
    return this.role !== 'worker';
  }

  get runsWorkers(): boolean {
    return this.role !== 'api';
  }
}

function optional(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function int(env: Record<string, string | undefined>, name: string, def: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return def;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number (got "${raw}")`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max} (got ${value})`);
  return value;
}

function bool(env: Record<string, string | undefined>, name: string, def: boolean): boolean {
  const raw = optional(env, name);
  if (raw === undefined) return def;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false (got "${raw}")`);
}

function url(env: Record<string, string | undefined>, name: string, def: string, protocols: string[]): string {
  const raw = optional(env, name) ?? def;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}
