import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { RedisService } from '../../redis/redis.service';

/**
 * How many deliveries of one page run at the same time, across every worker:
 * one page's slow or hanging receivers hold at most WEBHOOK_PAGE_CONCURRENCY
 * of the workers' slots, so other pages' deliveries never wait behind them.
 * A counter per page in Redis; it expires a little after the longest attempt,
 * so a worker killed while holding a slot gives it back by itself.
 */
@Injectable()
export class WebhookPageSlots {
  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
  ) {}

  /** Takes a slot of the page; false when all are in use (try again a little later). */
  async acquire(pageId: string): Promise<boolean> {
    const key = this.key(pageId);
    const [[, taken]] = (await this.redis.client
      .multi()
      .incr(key)
      .pexpire(key, this.config.webhookTimeoutMs + 5_000)
      .exec()) as [[Error | null, number], [Error | null, number]];
    if (taken <= this.config.webhookPageConcurrency) return true;
    await this.redis.client.decr(key);
    return false;
  }

  async release(pageId: string): Promise<void> {
    const key = this.key(pageId);
    // Never below zero (the counter may have expired while the attempt ran).
    await this.redis.client.eval(
      "if tonumber(redis.call('get', KEYS[1]) or '0') > 0 then return redis.call('decr', KEYS[1]) end return 0",
      1,
      key,
    );
  }

  private key(pageId: string): string {
    return `${this.config.queuePrefix}:webhook-slots:${pageId}`;
  }
}
