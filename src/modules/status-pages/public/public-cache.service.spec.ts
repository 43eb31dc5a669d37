import { AppConfig } from '../../../config/app-config';
import type { RedisService } from '../../../redis/redis.service';
import { PageChangesService } from '../page-changes.service';
import type { PagesService } from '../pages.service';
import type { StatusHistoryService } from '../status-history/status-history.service';
import { PublicCacheService } from './public-cache.service';
import type { PublicPageData } from './public-page-data';
import type { PublicSnapshotBuilder } from './public-snapshot.builder';

// A table of one document that writes the read's sequence number.
jest.mock('./public-documents', () => ({
  isPublicDocumentKind: (kind: string) => kind === 'status',
  releaseRenderState: () => undefined,
  PUBLIC_DOCUMENTS: { status: { render: (d: unknown) => ({ body: JSON.stringify(d), contentType: 'application/json' }) } },
}));

/**
 * The cache with its collaborators replaced: a builder whose reads we count and
 * release by hand (its document renders the read's sequence number), a pages
 * service whose directory reads we count, and the real PageChangesService on
 * a Redis that records what is published and lets the test deliver messages.
 */
function setup({ cacheMb = 64, padBytes = 0 } = {}) {
  let reads = 0;
  const pending: Array<() => void> = [];
  const db = { down: false };
  const builder = {
    load: jest.fn(async (pageId: string) => {
      reads += 1;
      const n = reads;
      await new Promise<void>((resolve) => pending.push(resolve));
      if (db.down) throw new Error("Can't reach database server");
      return { pageId, n, ...(padBytes ? { pad: 'x'.repeat(padBytes) } : {}) } as unknown as PublicPageData;
    }),
  };
  const handlers = new Map<string, (message: string) => void>();
  const redis = {
    subscribe: jest.fn(async (name: string, handler: (message: string) => void) => void handlers.set(name, handler)),
    publish: jest.fn(async () => undefined),
    onSubscriberReady: jest.fn(),
  };
  const pages = {
    publicAddresses: jest.fn(async () => {
      if (db.down) throw new Error("Can't reach database server");
      return [{ id: 'p1', slug: 'acme', domain: 'status.acme.test' }];
    }),
  };
  const history = { recordSoon: jest.fn(async () => undefined) };
  const changes = new PageChangesService(redis as unknown as RedisService, history as unknown as StatusHistoryService);
  const cache = new PublicCacheService(
    builder as unknown as PublicSnapshotBuilder,
    changes,
    pages as unknown as PagesService,
    new AppConfig({ PUBLIC_CACHE_MB: String(cacheMb) }),
  );
  cache.onModuleInit();
  const releaseAll = async () => {
    while (pending.length) pending.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { cache, changes, builder, redis, pages, handlers, releaseAll, db };
}

const bodyOf = async (p: Promise<{ body: Buffer } | null>) => JSON.parse(((await p) as { body: Buffer }).body.toString());

describe('PublicCacheService', () => {
  it('reads a page once for any number of concurrent requests (no stampede)', async () => {
    const { cache, builder, releaseAll } = setup();
    const requests = Array.from({ length: 200 }, () => cache.document('p1', 'status'));
    await releaseAll();
    const bodies = await Promise.all(requests.map(bodyOf));
    expect(builder.load).toHaveBeenCalledTimes(1);
    expect(new Set(bodies.map((b) => b.n))).toEqual(new Set([1]));
  });

  it('after a change, reads once more and never serves the old snapshot again', async () => {
    const { cache, changes, builder, redis, releaseAll } = setup();
    const first = cache.document('p1', 'status');
    await releaseAll();
    expect((await bodyOf(first)).n).toBe(1);

    await changes.pageChanged('p1');
    expect(redis.publish).toHaveBeenCalledWith('public-invalidate', 'p1');
    const after = Array.from({ length: 100 }, () => cache.document('p1', 'status'));
    await releaseAll();
    expect((await Promise.all(after.map(bodyOf))).every((b) => b.n === 2)).toBe(true);
    expect(builder.load).toHaveBeenCalledTimes(2);
  });

  it("drops a page when another process announces a change (Redis pub/sub)", async () => {
    const { cache, changes, builder, handlers, releaseAll } = setup();
    await changes.onModuleInit();
    const first = cache.document('p1', 'status');
    await releaseAll();
    await first;
    handlers.get('public-invalidate')!('p1');
    const next = cache.document('p1', 'status');
    await releaseAll();
    expect((await bodyOf(next)).n).toBe(2);
    expect(builder.load).toHaveBeenCalledTimes(2);
  });

  it('peek answers synchronously only once the directory and the snapshot are current', async () => {
    const { cache, changes, pages, releaseAll } = setup();
    expect(cache.peek('slug', 'acme', 'status')).toBeUndefined(); // nothing read yet
    expect(await cache.pageIdForSlug('acme')).toBe('p1');
    expect(cache.peek('slug', 'acme', 'status')).toBeUndefined(); // no snapshot yet
    const doc = cache.document('p1', 'status');
    await releaseAll();
    await doc;
    expect(cache.peek('slug', 'acme', 'status')).toBe(await doc);
    expect(cache.peek('domain', 'status.acme.test', 'status')).toBe(await doc);
    expect(cache.peek('slug', 'other', 'status')).toBeUndefined();

    await changes.pageChanged('p1');
    expect(cache.peek('slug', 'acme', 'status')).toBeUndefined(); // stale: the next request rebuilds
    await changes.directoryChanged();
    expect(cache.peek('slug', 'acme', 'status')).toBeUndefined();
    expect(pages.publicAddresses).toHaveBeenCalledTimes(1);
  });

  it('while PostgreSQL is down, serves the last good snapshot and directory, retrying at most once a second', async () => {
    const { cache, changes, builder, pages, releaseAll, db } = setup();
    expect(await cache.pageIdForSlug('acme')).toBe('p1');
    const first = cache.document('p1', 'status');
    await releaseAll();
    expect((await bodyOf(first)).n).toBe(1);

    db.down = true;
    await changes.pageChanged('p1'); // a change this process cannot read now
    await changes.directoryChanged();
    const during = Array.from({ length: 50 }, () => cache.document('p1', 'status'));
    await releaseAll();
    expect((await Promise.all(during.map(bodyOf))).every((b) => b.n === 1)).toBe(true);
    expect(await cache.pageIdForSlug('acme')).toBe('p1');
    expect(builder.load).toHaveBeenCalledTimes(2); // one failed attempt for the whole burst
    // Right after a failure: the old state at once, no new attempt.
    expect((await bodyOf(cache.document('p1', 'status'))).n).toBe(1);
    expect(await cache.pageIdForSlug('acme')).toBe('p1');
    expect(builder.load).toHaveBeenCalledTimes(2);
    expect(pages.publicAddresses).toHaveBeenCalledTimes(2);

    db.down = false;
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    try {
      jest.setSystemTime(Date.now() + 1_500);
      const recovered = cache.document('p1', 'status');
      await releaseAll();
      expect((await bodyOf(recovered)).n).toBe(3);
      expect(cache.peek('slug', 'acme', 'status')).toBeUndefined(); // directory re-read on next lookup
      expect(await cache.pageIdForSlug('acme')).toBe('p1');
      expect(pages.publicAddresses).toHaveBeenCalledTimes(3);
    } finally {
      jest.useRealTimers();
    }
  });

  it('with nothing read before, an outage is an error (the caller answers 503)', async () => {
    const { cache, releaseAll, db } = setup();
    db.down = true;
    const refused = expect(cache.document('p1', 'status')).rejects.toThrow(/reach database/);
    await releaseAll();
    await refused;
    await expect(cache.pageIdForSlug('acme')).rejects.toThrow(/reach database/);
  });

  it('past its maximum age, keeps answering from memory while one background read refreshes it', async () => {
    const { cache, builder, releaseAll } = setup();
    expect(await cache.pageIdForSlug('acme')).toBe('p1');
    const first = cache.document('p1', 'status');
    await releaseAll();
    const old = await first;
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    try {
      jest.setSystemTime(Date.now() + 31_000);
      for (let i = 0; i < 100; i++) expect(cache.peek('slug', 'acme', 'status')).toBe(old); // never a miss
      expect(builder.load).toHaveBeenCalledTimes(2); // one refresh for all of them
      await releaseAll();
      const fresh = cache.peek('slug', 'acme', 'status'); // already rendered when swapped in
      expect(fresh).toBeDefined();
      expect(JSON.parse(fresh!.body.toString()).n).toBe(2);
      expect(builder.load).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('holds at most PUBLIC_CACHE_MB of snapshots, data and documents, least recently used let go first', async () => {
    // 1 MiB budget; a snapshot of ~60 kB of data and a ~60 kB document (gzip of 'x'.repeat is tiny), each
    // counted 3 times (what they cost the process), is ~360 kB: two fit, the third pushes out the oldest.
    const { cache, builder, releaseAll, db } = setup({ cacheMb: 1, padBytes: 60_000 });
    for (const id of ['p1', 'p2']) {
      const doc = cache.document(id, 'status');
      await releaseAll();
      await doc;
    }
    expect(cache.memoryBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(cache.memoryBytes).toBeGreaterThan(700_000);
    await cache.document('p1', 'status'); // p1 becomes the most recently used: p2 is now the oldest
    const third = cache.document('p3', 'status');
    await releaseAll();
    await third;
    expect(cache.memoryBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(cache.memoryBytes).toBeGreaterThan(700_000);
    expect(builder.load).toHaveBeenCalledTimes(3);
    // While PostgreSQL is down, the pages still held are served without a read...
    db.down = true;
    expect((await bodyOf(cache.document('p1', 'status'))).n).toBe(1);
    expect((await bodyOf(cache.document('p3', 'status'))).n).toBe(3);
    expect(builder.load).toHaveBeenCalledTimes(3);
    // ...and the one let go must be read again: with PostgreSQL down that is an error (the caller's 503).
    const again = cache.document('p2', 'status');
    await releaseAll();
    await expect(again).rejects.toThrow("Can't reach database server");
    expect(builder.load).toHaveBeenCalledTimes(4);
    db.down = false;
    const back = cache.document('p2', 'status');
    await releaseAll();
    expect((await bodyOf(back)).n).toBe(5);
    expect(cache.memoryBytes).toBeLessThanOrEqual(1024 * 1024);
  });
});
