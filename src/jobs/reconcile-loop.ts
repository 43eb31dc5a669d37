import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RedisService } from '../redis/redis.service';

/**
 * A repair that runs at worker start and then every RECONCILE_INTERVAL_MS
 * (PostgreSQL is the truth, Redis may lose every key). The timer lives in the
 * process, not in Redis, so it survives Redis losing its keys; a short Redis
 * lock keeps the periodic runs to one per interval across workers (and if
 * Redis is down every worker runs it: a repair must be safe to run twice).
 */
export abstract class ReconcileLoop<R> implements OnApplicationBootstrap, OnModuleDestroy {
  protected abstract readonly logger: Logger;
  /** Names the lock (one per kind of repair) and the log line of a failed run. */
  protected abstract readonly what: string;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    protected readonly config: AppConfig,
    private readonly redis: RedisService,
  ) {}

  /** One run; may be called directly (tests, a second worker). */
  abstract reconcile(): Promise<R>;

  /** What a run did, for the log (nothing: no line). */
  protected abstract describe(result: R): string | undefined;

  onApplicationBootstrap(): void {
    this.kick(false);
    this.timer = setInterval(() => this.kick(true), this.config.reconcileIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Starts a run in the background unless one is already running in this process. */
  private kick(periodic: boolean): void {
    if (this.running) return;
    this.running = (async () => {
      if (periodic && !(await this.takeTurn())) return;
      const line = this.describe(await this.reconcile());
      if (line) this.logger.log(line);
    })()
      .catch((err: Error) => this.logger.warn(`${this.what} reconciliation failed: ${err.message}`))
      .finally(() => (this.running = undefined));
  }

  /** One periodic run per interval across every worker. */
  private async takeTurn(): Promise<boolean> {
    const key = `${this.config.queuePrefix}:locks:${this.what}-reconcile`;
    const ttl = Math.max(100, Math.floor(this.config.reconcileIntervalMs * 0.8));
    try {
      return (await this.redis.client.set(key, String(process.pid), 'PX', ttl, 'NX')) === 'OK';
    } catch {
      return true;
    }
  }
}
