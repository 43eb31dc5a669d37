import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { withTimeout } from '../../common/with-timeout';
import { RedisService } from '../../redis/redis.service';

/** One limit: at most `limit` hits per `windowMs` for each key. */
export interface RateLimit {
  /** Names the limit in the Redis key (`<prefix>:rate:<name>:<key>`). */
  name: string;
  limit: number;
  windowMs: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The part of a Redis client the limiter uses (a MULTI of INCR, PEXPIRE NX and PTTL). */
export interface RateCounterStore {
  status: string;
  multi(): {
    incr(key: string): unknown;
    pexpire(key: string, ms: number, mode: 'NX'): unknown;
    pttl(key: string): unknown;
    exec(): Promise<Array<[Error | null, unknown]> | null>;
  };
}

/** How long a hit waits for Redis before it is let through. */
const REDIS_WAIT_MS = 500;
const LOG_EVERY_MS = 30_000;
const LOST = new Set(['reconnecting', 'close', 'end']);

/**
 * Fixed-window counters in Redis, shared by every process: the first hit of a
 * key starts its window (INCR, then PEXPIRE NX), the hits after `limit` are
 * refused until the window ends (Retry-After: the key's remaining TTL).
 *
 * Redis unreachable or slow (over 500 ms): the hit is allowed (fail open) and
 * a warning is logged at most every 30 s. A limit is abuse protection, not a
 * correctness rule, and refusing every subscriber while Redis is down would
 * be worse than letting a few extra requests through; the per-address
 * confirmation limit is enforced again once Redis is back.
 */
@Injectable()
export class RateLimiterService {
  private readonly logger = new Logger(RateLimiterService.name);
  private lastWarning = 0;
  private readonly store: RateCounterStore;

  constructor(redis: RedisService, private readonly config: AppConfig) {
    this.store = redis.client as unknown as RateCounterStore;
  }

  /** Counts a hit of `key` against `limit`, and says whether it is allowed. */
  async hit(limit: RateLimit, key: string): Promise<RateDecision> {
    return hitCounter(this.store, `${this.config.queuePrefix}:rate:${limit.name}:${key}`, limit, (err) => this.warn(err));
  }

  private warn(err: Error): void {
    const now = Date.now();
    if (now - this.lastWarning < LOG_EVERY_MS) return;
    this.lastWarning = now;
    this.logger.warn(`rate limits are not enforced (Redis: ${err.message}); requests are let through`);
  }
}

/** The counting itself, on any store (unit-tested with a fake one). */
export async function hitCounter(
  store: RateCounterStore,
  redisKey: string,
  limit: RateLimit,
  onError: (err: Error) => void,
  waitMs = REDIS_WAIT_MS,
): Promise<RateDecision> {
  if (LOST.has(store.status)) {
    onError(new Error(`not connected (${store.status})`));
    return { allowed: true };
  }
  try {
    const tx = store.multi();
    tx.incr(redisKey);
    tx.pexpire(redisKey, limit.windowMs, 'NX');
    tx.pttl(redisKey);
    const replies = await withTimeout(tx.exec(), waitMs);
    if (!replies) throw new Error('the transaction was aborted');
    const failed = replies.find(([e]) => e);
    if (failed) throw failed[0] as Error;
    const count = Number(replies[0][1]);
    if (count <= limit.limit) return { allowed: true };
    const ttl = Number(replies[2][1]);
    const ms = ttl > 0 ? ttl : limit.windowMs;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) };
  } catch (err) {
    onError(err as Error);
    return { allowed: true };
  }
}
