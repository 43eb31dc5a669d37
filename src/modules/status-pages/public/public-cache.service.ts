import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { PageChangeListener, PageChangesService } from '../page-changes.service';
import { PagesService } from '../pages.service';
import { documentKey, isPublicDocumentKind, PUBLIC_DOCUMENTS, PublicDocumentKind, releaseRenderState, variantOf } from './public-documents';
import { PublicPageData } from './public-page-data';
import { PublicSnapshotBuilder } from './public-snapshot.builder';
import { PageDirectory } from './page-directory';
import { dataCost, documentCost, prepareDocument, PublicDocument } from './prepared-document';

interface Snapshot {
  pageId: string;
  builtAt: number;
  data: PublicPageData | null;
  docs: Map<string, PublicDocument>;
  /** Documents being prepared (their gzip runs off the event loop): concurrent requests share one. */
  preparing: Map<string, Promise<PublicDocument | typeof NO_SUCH_VARIANT>>;
  /** What it costs in memory: an estimate for its data, and its rendered documents (bodies and gzip variants). */
  bytes: number;
}

interface Entry {
  gen: number;
  snapshot?: Snapshot;
  building?: Promise<Snapshot>;
  /** The last snapshot of an older generation: served while this one cannot be read. */
  fallback?: Snapshot;
  /** When reading this generation last failed (no new attempt for RETRY_AFTER_FAILURE_MS). */
  failedAt?: number;
}

/** What `document` answers for a variant value the page does not have (`?component=` of another page). */
export const NO_SUCH_VARIANT = Symbol('no such variant');

/** Time-driven content (uptime bars, "last 14 days") is refreshed at least this often. */
const MAX_AGE_MS = 30_000;
/** While PostgreSQL cannot be read, one new attempt per page (and for the directory) at most this often. */
const RETRY_AFTER_FAILURE_MS = 1_000;
/** Read failures are logged at most this often. */
const LOG_FAILURES_EVERY_MS = 30_000;

/**
 * The public read path's cache. Each page has one snapshot: its data read from
 * PostgreSQL once, and each document rendered and serialized once (with ETag
 * and gzip) on first request. A change bumps the page's generation here and,
 * through Redis pub/sub, in every other process; the next request rebuilds,
 * and concurrent requests share that one rebuild (no stampede).
 */
@Injectable()
export class PublicCacheService implements OnModuleInit {
  private readonly logger = new Logger(PublicCacheService.name);
  private readonly gens = new Map<string, number>();
  private readonly entries = new Map<string, Entry>();
  private readonly directory: PageDirectory;
  private lastFailureLog = 0;
  /** Snapshots held, least recently used first, and their bytes in all. */
  private readonly held = new Map<Snapshot, true>();
  private heldBytes = 0;
  private readonly budgetBytes: number;

  constructor(
    private readonly builder: PublicSnapshotBuilder,
    private readonly changes: PageChangesService,
    pages: PagesService,
    config: AppConfig,
  ) {
    this.budgetBytes = config.publicCacheMb * 1024 * 1024;
    this.directory = new PageDirectory(() => pages.publicAddresses(), RETRY_AFTER_FAILURE_MS, (err) =>
      this.logFailure('could not read the page directory', err),
    );
  }

  /** Bytes of snapshots held now: data and documents (at most PUBLIC_CACHE_MB, but for the one being served). */
  get memoryBytes(): number {
    return this.heldBytes;
  }

  onModuleInit(): void {
    this.changes.listen(this);
  }

  pageChanged(pageId: string): void {
    this.gens.set(pageId, this.gen(pageId) + 1);
  }

  directoryChanged(): void {
    this.directory.changed();
  }

  resync(): void {
    for (const id of this.entries.keys()) this.pageChanged(id);
    this.directoryChanged();
  }

  async pageIdForSlug(slug: string): Promise<string | undefined> {
    return (await this.directory.get()).bySlug.get(slug);
  }

  async pageIdForDomain(host: string): Promise<string | undefined> {
    return (await this.directory.get()).byDomain.get(host);
  }

  /**
   * The prepared document if it is already in memory and current, without
   * waiting (the hot path of a status page under load); undefined otherwise.
   * A snapshot past its maximum age is still served while a fresh one is read
   * in the background (its documents are rendered before it replaces the old).
   */
  peek(by: 'slug' | 'domain', key: string, kind: string): PublicDocument | undefined {
    const dir = this.directory.now();
    if (!dir) return undefined;
    const pageId = by === 'slug' ? dir.bySlug.get(key) : dir.byDomain.get(key);
    if (!pageId) return undefined;
    const entry = this.entries.get(pageId);
    const snapshot = entry?.snapshot;
    if (!entry || entry.gen !== this.gen(pageId) || !snapshot) return undefined;
    this.refreshIfOld(pageId, entry, snapshot);
    const doc = snapshot.docs.get(kind);
    if (doc) this.touch(snapshot);
    return doc;
  }

  /** The prepared document, or null when the page is not public (or gone). */
  async document(pageId: string, kind: string): Promise<PublicDocument | null> {
    const doc = await this.render(await this.snapshot(pageId), kind);
    return doc === NO_SUCH_VARIANT ? null : doc;
  }

  /** A document's prepared variant (`?component=`): null when the page is not public, NO_SUCH_VARIANT when it has no such value. */
  async variant(pageId: string, kind: PublicDocumentKind, value: string): Promise<PublicDocument | null | typeof NO_SUCH_VARIANT> {
    return this.render(await this.snapshot(pageId), documentKey(kind, value));
  }

  /** A snapshot's document of one kind (`kind` or `kind:variant`), rendered and serialized on first use. */
  private async render(snapshot: Snapshot, key: string): Promise<PublicDocument | null | typeof NO_SUCH_VARIANT> {
    if (!snapshot.data) return null;
    const doc = snapshot.docs.get(key);
    if (doc) {
      this.touch(snapshot);
      return doc;
    }
    const split = key.indexOf(':');
    const kind = split === -1 ? key : key.slice(0, split);
    if (!isPublicDocumentKind(kind)) return null;
    let preparing = snapshot.preparing.get(key);
    if (!preparing) {
      preparing = this.prepare(snapshot, snapshot.data, key, kind, split === -1 ? undefined : key.slice(split + 1));
      snapshot.preparing.set(key, preparing);
      const done = () => snapshot.preparing.delete(key);
      preparing.then(done, done);
    }
    return preparing;
  }

  /** Renders a document (synchronously: its size is bounded, public-timeline.ts), then gzips it, off the event loop if large. */
  private async prepare(
    snapshot: Snapshot,
    data: PublicPageData,
    key: string,
    kind: PublicDocumentKind,
    value: string | undefined,
  ): Promise<PublicDocument | typeof NO_SUCH_VARIANT> {
    const rendered = value === undefined ? PUBLIC_DOCUMENTS[kind].render(data) : variantOf(kind)?.render(data, value);
    // An unknown variant value is not kept: the snapshot holds at most one variant per value the page has.
    if (!rendered) return NO_SUCH_VARIANT;
    const doc = await prepareDocument(rendered);
    // A snapshot let go meanwhile (evicted, or replaced) keeps nothing: the document answers this request only.
    if (this.held.has(snapshot)) {
      snapshot.docs.set(key, doc);
      this.count(snapshot, documentCost(doc));
      this.evict(snapshot);
    }
    return doc;
  }

  /**
   * The cache is bounded by PUBLIC_CACHE_MB: past it, the least recently used
   * snapshots are let go, data and documents (read again on their next
   * request). So a page can be served while PostgreSQL is unreachable if it
   * was read recently enough to still be held: the most recently read pages
   * that fit in the budget.
   */
  private evict(keep: Snapshot): void {
    for (const snapshot of this.held.keys()) {
      if (this.heldBytes <= this.budgetBytes) return;
      if (snapshot !== keep) this.release(snapshot);
    }
  }

  private count(snapshot: Snapshot, bytes: number): void {
    snapshot.bytes += bytes;
    this.heldBytes += bytes;
    this.touch(snapshot);
  }

  private touch(snapshot: Snapshot): void {
    this.held.delete(snapshot);
    this.held.set(snapshot, true);
  }

  /** Lets a snapshot go: no longer counted, and no longer reachable from its page's entry. */
  private release(snapshot: Snapshot | undefined): void {
    if (!snapshot || !this.held.delete(snapshot)) return;
    this.heldBytes -= snapshot.bytes;
    snapshot.bytes = 0;
    snapshot.docs.clear();
    if (snapshot.data) releaseRenderState(snapshot.data);
    const entry = this.entries.get(snapshot.pageId);
    if (!entry) return;
    if (entry.snapshot === snapshot) entry.snapshot = undefined;
    if (entry.fallback === snapshot) entry.fallback = undefined;
    if (!entry.snapshot && !entry.fallback && !entry.building) this.entries.delete(snapshot.pageId);
  }

  private gen(pageId: string): number {
    return this.gens.get(pageId) ?? 0;
  }

  /**
   * The page's current snapshot, read once per generation. While it cannot be
   * read (PostgreSQL down), the last good snapshot of an older generation is
   * served instead: on a status page, stale beats down.
   */
  private snapshot(pageId: string): Promise<Snapshot> | Snapshot {
    const gen = this.gen(pageId);
    let entry = this.entries.get(pageId);
    if (!entry || entry.gen !== gen) {
      entry = { gen, fallback: entry?.snapshot ?? entry?.fallback };
      this.entries.set(pageId, entry);
    }
    const current = entry.snapshot;
    if (current) {
      this.refreshIfOld(pageId, entry, current);
      return current;
    }
    const { fallback } = entry;
    if (!fallback) return entry.building ?? this.build(pageId, entry);
    if (!entry.building && entry.failedAt !== undefined && Date.now() - entry.failedAt < RETRY_AFTER_FAILURE_MS) {
      return fallback;
    }
    return (entry.building ?? this.build(pageId, entry)).catch(() => fallback);
  }

  /** Past its maximum age (time-driven content), a snapshot is re-read in the background, once. */
  private refreshIfOld(pageId: string, entry: Entry, snapshot: Snapshot): void {
    const now = Date.now();
    if (now - snapshot.builtAt <= MAX_AGE_MS || entry.building) return;
    if (entry.failedAt !== undefined && now - entry.failedAt < RETRY_AFTER_FAILURE_MS) return;
    void this.build(pageId, entry).catch(() => undefined);
  }

  private build(pageId: string, entry: Entry): Promise<Snapshot> {
    const building = this.builder
      .load(pageId)
      .then(async (data) => {
        const snapshot: Snapshot = { pageId, builtAt: Date.now(), data, docs: new Map(), preparing: new Map(), bytes: 0 };
        const dataBytes = dataCost(data);
        this.count(snapshot, dataBytes);
        // The documents asked for before are rendered now, before the snapshot is
        // swapped in, so the hot path never waits on a render after a refresh; one
        // at a time, each after the last in its own turn of the event loop, so that
        // other requests are answered in between.
        const previous = entry.snapshot ?? entry.fallback;
        let first = true;
        for (const kind of [...(previous?.docs.keys() ?? [])]) {
          if (!first) await new Promise<void>((resolve) => setImmediate(resolve));
          first = false;
          try {
            await this.render(snapshot, kind);
          } catch {
            // Rendered again on demand, where the error reaches the one request.
          }
        }
        // Let go of meanwhile (other pages filled the budget): counted again, it is the page being read.
        if (!this.held.has(snapshot)) this.count(snapshot, dataBytes);
        const replaced = [entry.snapshot, entry.fallback];
        entry.snapshot = snapshot;
        entry.fallback = undefined;
        // The replaced snapshots go, data and documents.
        for (const old of replaced) if (old !== snapshot) this.release(old);
        this.evict(snapshot);
        return snapshot;
      })
      .catch((err: Error) => {
        entry.failedAt = Date.now();
        this.logFailure(`could not read page ${pageId}`, err);
        throw err;
      })
      .finally(() => {
        if (entry.building === building) entry.building = undefined;
      });
    entry.building = building;
    return building;
  }

  private logFailure(what: string, err: Error): void {
    const now = Date.now();
    if (now - this.lastFailureLog < LOG_FAILURES_EVERY_MS) return;
    this.lastFailureLog = now;
    this.logger.warn(`${what}: ${err.message.trim().split('\n').pop()} (serving the last known state where there is one)`);
  }
}
