import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Redis, RedisOptions } from 'ioredis';
import { withTimeout } from '../common/with-timeout';
import { AppConfig } from '../config/app-config';

type Handler = (message: string) => void;

/**
 * Redis connections shared by the process: one for commands, one for
 * subscriptions (cross-process cache invalidation). Channel names carry the
 * queue prefix so test runs sharing one Redis never hear each other.
 * Connection errors are logged at most once per 30 s, so a Redis outage never
 * floods the log.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisService.name);
  readonly client: Redis;
  private subscriber?: Redis;
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly readyHandlers: Array<() => void> = [];
  private subscriberReadyOnce = false;
  private lastErrorLog = 0;

  constructor(private readonly config: AppConfig) {
    this.client = this.connect('commands');
  }

  private readonly bullConnections: Redis[] = [];

  /** A connection for BullMQ (it needs maxRetriesPerRequest: null); closed at shutdown. */
  createBullConnection(): Redis {
    const redis = this.connect('queues', { maxRetriesPerRequest: null });
    this.bullConnections.push(redis);
    return redis;
  }

  static parse(url: string): RedisOptions {
    const u = new URL(url);
    const db = u.pathname.replace(/^\//, '');
    return {
      host: u.hostname || 'localhost',
      port: u.port ? Number(u.port) : 6379,
      username: u.username ? decodeURIComponent(u.username) : undefined,
      password: u.password ? decodeURIComponent(u.password) : undefined,
      db: db ? Number(db) : 0,
      tls: u.protocol === 'rediss:' ? {} : undefined,
    };
  }

  /**
   * A queue command made for an API call: fails at once while the queues'
   * Redis connection is down (BullMQ would wait for it for ever), and after
   * QUEUE_TIMEOUT_MS otherwise.
   */
  queueCommand<T>(command: () => Promise<T>, timeoutMs = QUEUE_TIMEOUT_MS): Promise<T> {
    const down = this.bullConnections.find((c) => LOST.has(c.status));
    if (down) return Promise.reject(new Error(`Redis is not connected (${down.status})`));
    return withTimeout(command(), timeoutMs);
  }

  channel(name: string): string {
    return `${this.config.queuePrefix}:events:${name}`;
  }

  async publish(name: string, message: string): Promise<void> {
    // While the connection is lost, fail at once rather than after the client's retries.
    if (LOST.has(this.client.status)) throw new Error(`Redis is not connected (${this.client.status})`);
    await this.client.publish(this.channel(name), message);
  }

  /**
   * Listens to a channel. Returns at once, whether or not Redis is reachable:
   * the channel is (re)subscribed whenever the subscriber connection becomes
   * ready, so a process started while Redis is down hears messages once it is back.
   */
  async subscribe(name: string, handler: Handler): Promise<void> {
    const channel = this.channel(name);
    const subscriber = this.subscriberConnection();
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      if (subscriber.status === 'ready') void subscriber.subscribe(channel).catch(() => undefined); // again on the next 'ready'
    }
    set.add(handler);
  }

  private subscriberConnection(): Redis {
    if (this.subscriber) return this.subscriber;
    // Channels are resubscribed by us on every 'ready' (also the first, which may come late).
    const subscriber = this.connect('subscriber', { autoResubscribe: false });
    this.subscriber = subscriber;
    subscriber.on('ready', () => {
      const channels = [...this.handlers.keys()];
      if (channels.length) void subscriber.subscribe(...channels).catch(() => undefined);
      // The first 'ready' is the initial connection; later ones are reconnects (messages may have been missed).
      if (this.subscriberReadyOnce) for (const h of this.readyHandlers) h();
      this.subscriberReadyOnce = true;
    });
    // A connection lost (or never made) means messages may have been missed: the next 'ready' resyncs.
    subscriber.on('close', () => (this.subscriberReadyOnce = true));
    subscriber.on('message', (ch: string, msg: string) => {
      for (const h of this.handlers.get(ch) ?? []) {
        try {
          h(msg);
        } catch (err) {
          this.logger.error(`subscriber for ${ch} failed: ${(err as Error).message}`);
        }
      }
    });
    subscriber.connect().catch(() => undefined); // retried by the connection's retry strategy
    return subscriber;
  }

  /** Called after the subscriber reconnects (messages may have been missed). */
  onSubscriberReady(handler: () => void): void {
    this.readyHandlers.push(handler);
  }

  async ping(): Promise<boolean> {
    try {
      return (await withTimeout(this.client.ping(), 1_000)) === 'PONG';
    } catch {
      return false;
    }
  }

  /** After every module (queues, workers) has closed: close the connections. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(
      [this.client, this.subscriber, ...this.bullConnections].map((c) => c?.quit().catch(() => c.disconnect())),
    );
  }

  private connect(purpose: string, extra: RedisOptions = {}): Redis {
    const redis = new Redis({
      ...RedisService.parse(this.config.redisUrl),
      maxRetriesPerRequest: 2,
      lazyConnect: true,
      ...extra,
      connectTimeout: 5_000,
      retryStrategy: (times) => Math.min(times * 200, 5_000),
    });
    redis.on('error', (err: Error) => {
      const now = Date.now();
      if (now - this.lastErrorLog > 30_000) {
        this.lastErrorLog = now;
        this.logger.warn(`redis (${purpose}) connection problem: ${err.message}`);
      }
    });
    return redis;
  }
}

/**
 * How long an API call waits for a queue command (adding or removing a job)
 * while Redis is unreachable: BullMQ's connection would wait for ever. The
 * reconcilers and periodic sweeps make up for what did not reach Redis.
 */
export const QUEUE_TIMEOUT_MS = 3_000;

/** Connection states in which a command would only wait (not 'wait' or 'connecting': those connect). */
const LOST = new Set(['reconnecting', 'close', 'end']);

const LOG_QUEUE_ERRORS_EVERY_MS = 30_000;

/**
 * Logs a queue's connection errors at most once per 30 s. Without a listener
 * BullMQ prints every reconnection failure to stderr, several a second for as
 * long as Redis is down.
 */
export function logQueueErrors(queue: { name: string; on(event: 'error', listener: (err: Error) => void): unknown }, logger: Logger): void {
  let last = 0;
  queue.on('error', (err: Error) => {
    const now = Date.now();
    if (now - last < LOG_QUEUE_ERRORS_EVERY_MS) return;
    last = now;
    logger.warn(`queue ${queue.name}: ${err.message} (logged at most once per ${LOG_QUEUE_ERRORS_EVERY_MS / 1000} s)`);
  });
}
