import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { RedisService } from '../../redis/redis.service';
import { StatusHistoryService } from './status-history/status-history.service';

const PAGE_CHANGED = 'public-invalidate';
const DIRECTORY_CHANGED = 'page-directory';

export interface PageChangeListener {
  /** A page's public content changed (here or in another process). */
  pageChanged(pageId: string): void;
  /** The slug/domain directory changed (page created, renamed, deleted, made private). */
  directoryChanged(): void;
  /** Messages may have been missed (the subscription reconnected): forget everything. */
  resync(): void;
}

/**
 * The one door other modules use after a change that the public can see.
 * `pageChanged` tells every process (here at once, others through Redis
 * pub/sub) before it returns, so a public read after the admin call sees the
 * change, and queues the status-history recording.
 */
@Injectable()
export class PageChangesService implements OnModuleInit {
  private readonly logger = new Logger(PageChangesService.name);
  private readonly refreshes = new Map<string, { running?: Promise<void>; queued?: Promise<void> }>();
  private readonly listeners: PageChangeListener[] = [];

  constructor(
    private readonly redis: RedisService,
    private readonly history: StatusHistoryService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.redis.subscribe(PAGE_CHANGED, (pageId) => this.listeners.forEach((l) => l.pageChanged(pageId)));
    await this.redis.subscribe(DIRECTORY_CHANGED, () => this.listeners.forEach((l) => l.directoryChanged()));
    this.redis.onSubscriberReady(() => this.listeners.forEach((l) => l.resync()));
  }

  listen(listener: PageChangeListener): void {
    this.listeners.push(listener);
  }

  /**
   * Call after any change to what the public sees on this page; it resolves
   * once a refresh that started after the call has run. Calls made while a
   * refresh of the same page runs share the next one, so a burst of changes
   * (many maintenance windows of one page starting at the same second) costs
   * two refreshes, not one each.
   */
  pageChanged(pageId: string): Promise<void> {
    const state = this.refreshes.get(pageId) ?? {};
    this.refreshes.set(pageId, state);
    if (state.queued) return state.queued;
    const start = (): Promise<void> => {
      state.queued = undefined;
      const run: Promise<void> = this.refresh(pageId).finally(() => {
        if (state.running === run) state.running = undefined;
        if (!state.running && !state.queued) this.refreshes.delete(pageId);
      });
      state.running = run;
      return run;
    };
    if (!state.running) return start();
    state.queued = state.running.then(start, start);
    return state.queued;
  }

  /** A page was created, deleted, or its slug, domain or visibility changed. */
  async directoryChanged(): Promise<void> {
    this.listeners.forEach((l) => l.directoryChanged());
    await this.redis.publish(DIRECTORY_CHANGED, '*').catch((err: Error) => {
      this.logger.warn(`could not publish directory invalidation: ${err.message}`);
    });
  }

  private async refresh(pageId: string): Promise<void> {
    this.listeners.forEach((l) => l.pageChanged(pageId));
    await this.redis.publish(PAGE_CHANGED, pageId).catch((err: Error) => {
      this.logger.warn(`could not publish invalidation of page ${pageId}: ${err.message}`);
    });
    // The periodic reconciliation records it if this cannot be queued; the public side is already fresh.
    await this.history.recordSoon(pageId);
  }
}
