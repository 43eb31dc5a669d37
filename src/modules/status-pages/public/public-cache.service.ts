import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip, gzipSync } from 'node:zlib';
import { AppConfig } from '../../../config/app-config';
import { PageChangeListener, PageChangesService } from '../page-changes.service';
import { PagesService } from '../pages.service';
import { documentKey, isPublicDocumentKind, PUBLIC_DOCUMENTS, PublicDocumentKind, releaseRenderState, variantOf } from './public-documents';
import { PublicPageData } from './public-page-data';
import { PublicSnapshotBuilder } from './public-snapshot.builder';

/** A prepared, already-serialized response. */
export interface PublicDocument {
  body: Buffer;
  gzip: Buffer | null;
  etag: string;
  contentType: string;
}

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

interface Directory {
  bySlug: Map<string, string>;
  byDomain: Map<string, string>;
}

/** A directory read, and its result once it arrived (for the synchronous hot path). */
interface DirectoryLoad {
  gen: number;
  value: Promise<Directory>;
  resolved?: Directory;
}

/** What `document` answers for a variant value the page does not have (`?component=` of another page). */
export const NO_SUCH_VARIANT = Symbol('no such variant');

/**
 * What a rendered document costs the process per byte of it: many small
 * buffers, allocated and freed as pages come and go, fragment the allocator.
 * Measured: holding 64 MB of such buffers under LRU churn grows resident
 * memory by about 2.7 times that (and bench/public-cache.js stays within its
 * limit only when documents are counted so).
 */
const DOCUMENT_COST = 3;
/**
 * Bodies above this are gzipped on libuv's thread pool: a document at the
 * contract's limits is megabytes, and gzip takes about 10 ms a megabyte.
 * Smaller ones are gzipped at once (well under a millisecond).
 */
const GZIP_OFF_LOOP_BYTES = 64 * 1024;
const gzipOffLoop = promisify(gzip);
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
  private directoryGen = 0;
  private directory?: DirectoryLoad;
  /** The last directory read, served while a newer one cannot be read. */
  private lastDirectory?: Directory;
  private directoryFailedAt = 0;
  private lastFailureLog = 0;
  /** Snapshots held, least recently used first, and their bytes in all. */
  private readonly held = new Map<Snapshot, true>();
  private heldBytes = 0;
  private readonly budgetBytes: number;

  constructor(
    private readonly builder: PublicSnapshotBuilder,
    private readonly changes: PageChangesService,
    private readonly pages: PagesService,
    config: AppConfig,
  ) {
    this.budgetBytes = config.publicCacheMb * 1024 * 1024;
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
    this.directoryGen += 1;
  }

  resync(): void {
    for (const id of this.entries.keys()) this.pageChanged(id);
    this.directoryChanged();
  }

  async pageIdForSlug(slug: string): Promise<string | undefined> {
    return (await this.getDirectory()).bySlug.get(slug);
  }

  async pageIdForDomain(host: string): Promise<string | undefined> {
    return (await this.getDirectory()).byDomain.get(host);
  }

  /**
   * The prepared document if it is already in memory and current, without
   * waiting (the hot path of a status page under load); undefined otherwise.
   * A snapshot past its maximum age is still served while a fresh one is read
   * in the background (its documents are rendered before it replaces the old).
   */
  peek(by: 'slug' | 'domain', key: string, kind: string): PublicDocument | undefined {
    const dir = this.directory;
    if (!dir || dir.gen !== this.directoryGen || !dir.resolved) return undefined;
    const pageId = by === 'slug' ? dir.resolved.bySlug.get(key) : dir.resolved.byDomain.get(key);
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
    const body = exact(Buffer.isBuffer(rendered.body) ? rendered.body : Buffer.from(rendered.body));
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    let zipped: Buffer | null = null;
    if (body.length > GZIP_OFF_LOOP_BYTES) zipped = exact(await gzipOffLoop(body));
    else if (body.length > 1024) zipped = exact(gzipSync(body));
    const doc: PublicDocument = { body, gzip: zipped, etag, contentType: rendered.contentType };
    // A snapshot let go meanwhile (evicted, or replaced) keeps nothing: the document answers this request only.
    if (this.held.has(snapshot)) {
      snapshot.docs.set(key, doc);
      this.count(snapshot, DOCUMENT_COST * (body.length + (zipped?.length ?? 0)));
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
        const dataBytes = estimateBytes(data);
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

  /** The slug/domain directory, read once per generation; the last one read while it cannot be. */
  private getDirectory(): Promise<Directory> {
    if (this.directory && this.directory.gen === this.directoryGen) return this.directory.value;
    const last = this.lastDirectory;
    if (last && Date.now() - this.directoryFailedAt < RETRY_AFTER_FAILURE_MS) return Promise.resolve(last);
    const gen = this.directoryGen;
    const read = this.pages
      .publicAddresses()
      .then((pages) => ({
        bySlug: new Map(pages.map((p) => [p.slug, p.id])),
        byDomain: new Map(pages.filter((p) => p.domain).map((p) => [p.domain as string, p.id])),
      }));
    const value = last ? read.catch(() => last) : read;
    const holder: DirectoryLoad = { gen, value };
    this.directory = holder;
    read.then(
      (d) => {
        holder.resolved = d;
        if (this.directoryGen === gen) this.lastDirectory = d;
      },
      (err: Error) => {
        if (this.directory === holder) this.directory = undefined;
        this.directoryFailedAt = Date.now();
        this.logFailure('could not read the page directory', err);
      },
    );
    return value;
  }
}

/**
 * A copy that owns exactly its bytes. Small buffers are slices of Node's shared
 * 8 KiB pool and gzip output may sit in a larger chunk; held for long, either
 * keeps far more memory alive than its length (seen: 2.3 times the documents' size).
 */
function exact(buf: Buffer): Buffer {
  if (buf.byteOffset === 0 && buf.buffer.byteLength === buf.length) return buf;
  const out = Buffer.allocUnsafeSlow(buf.length);
  buf.copy(out);
  return out;
}

/**
 * What a page's data costs in memory, roughly: its JSON size, times the V8
 * heap's overhead for small objects and strings (measured: about 3).
 */
function estimateBytes(data: PublicPageData | null): number {
  if (!data) return 256;
  return 3 * jsonSize(data);
}

/**
 * About the length of `JSON.stringify(value)`, without writing it: a page at
 * the contract's limits holds megabytes of timeline text, which JSON.stringify
 * would copy (and the garbage collector then free) on the event loop.
 */
function jsonSize(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return 8;
  if (value === null || typeof value !== 'object') return 4;
  if (value instanceof Date) return 26;
  let n = 2;
  if (Array.isArray(value)) for (const item of value) n += jsonSize(item) + 1;
  else if (value instanceof Map) for (const [k, v] of value) n += String(k).length + 4 + jsonSize(v);
  else for (const [k, v] of Object.entries(value)) n += k.length + 4 + jsonSize(v);
  return n;
}
