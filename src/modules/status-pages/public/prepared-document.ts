import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip, gzipSync } from 'node:zlib';
import { PublicPageData } from './public-page-data';

/** A prepared, already-serialized response. */
export interface PublicDocument {
  body: Buffer;
  gzip: Buffer | null;
  etag: string;
  contentType: string;
}

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

/** A rendered document serialized once: its exact bytes, its ETag and (above 1 KiB) its gzip variant. */
export async function prepareDocument(rendered: { body: string | Buffer; contentType: string }): Promise<PublicDocument> {
  const body = exact(Buffer.isBuffer(rendered.body) ? rendered.body : Buffer.from(rendered.body));
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  let zipped: Buffer | null = null;
  if (body.length > GZIP_OFF_LOOP_BYTES) zipped = exact(await gzipOffLoop(body));
  else if (body.length > 1024) zipped = exact(gzipSync(body));
  return { body, gzip: zipped, etag, contentType: rendered.contentType };
}

/** What a prepared document costs in memory (its body and gzip variant). */
export function documentCost(doc: PublicDocument): number {
  return DOCUMENT_COST * (doc.body.length + (doc.gzip?.length ?? 0));
}

/**
 * What a page's data costs in memory, roughly: its JSON size, times the V8
 * heap's overhead for small objects and strings (measured: about 3).
 */
export function dataCost(data: PublicPageData | null): number {
  if (!data) return 256;
  return 3 * jsonSize(data);
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
