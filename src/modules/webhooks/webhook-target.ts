import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * `::/96`: IPv4-compatible addresses (deprecated; `::127.0.0.1`), with `::`
 * and `::1`. ipaddr.js gets them wrong: it reads `::127.0.0.1` as the mapped
 * `::ffff:127.0.0.1` and calls `::7f00:1` unicast.
 */
const IPV4_COMPATIBLE = new BlockList();
IPV4_COMPATIBLE.addSubnet('::', 96, 'ipv6');

/**
 * Whether an address is on the public internet: what ipaddr.js's list of
 * special-purpose ranges (IANA's registries) calls `unicast`, nothing else.
 * Loopback, private, link-local (cloud metadata), shared, reserved,
 * documentation, benchmarking, multicast, NAT64 (`64:ff9b::/96`,
 * `64:ff9b:1::/48`), 6to4 (`2002::/16`), Teredo (`2001::/32`), site-local
 * (`fec0::/10`), 6to4 relays (`192.88.99.0/24`) and IPv4-compatible IPv6 are
 * not. IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is judged as its IPv4 address.
 */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  let canonical = address;
  if (family === 6) {
    try {
      canonical = new URL(`http://[${address}]`).hostname.slice(1, -1); // Node's reading, in hex
    } catch {
      return false; // a zone id, say: never a public address
    }
    if (IPV4_COMPATIBLE.check(canonical, 'ipv6')) return false;
  }
  if (!ipaddr.isValid(canonical)) return false;
  let parsed = ipaddr.parse(canonical);
  if (parsed instanceof ipaddr.IPv6 && parsed.isIPv4MappedAddress()) parsed = parsed.toIPv4Address();
  return parsed.range() === 'unicast';
}

export class BlockedTargetError extends Error {
  readonly code = 'EBLOCKED';
}

/** Names the host the caller gave, never the address it resolved to (that would let a key map internal DNS). */
const blocked = (host: string) => new BlockedTargetError(`${host} is not a public address (WEBHOOK_ALLOW_PRIVATE is off)`);

const NOT_ALLOWED = 'url must not point to a private or local address';

/**
 * A DNS lookup for the HTTP client that refuses non-public addresses. It runs
 * when the connection is made, so the address checked is the address used
 * (a name that resolves differently a moment later cannot slip through).
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    const list = addresses as LookupAddress[];
    const bad = list.find((a) => !isPublicAddress(a.address));
    if (bad) return callback(blocked(hostname), '', 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    callback(null, list[0].address, list[0].family);
  });
};

const CREATE_LOOKUP_TIMEOUT_MS = 2_000;

/** Why a webhook URL may not be used, or null. Checked when a webhook is created. */
export async function targetProblem(url: string, allowPrivate: boolean): Promise<string | null> {
  if (allowPrivate) return null;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return isPublicAddress(host) ? null : NOT_ALLOWED;
  const addresses = await new Promise<LookupAddress[]>((resolve) => {
    const timer = setTimeout(() => resolve([]), CREATE_LOOKUP_TIMEOUT_MS); // a slow resolver must not hold the API
    dnsLookup(host, { all: true }, (err, list) => {
      clearTimeout(timer);
      resolve(err ? [] : list);
    });
  });
  const bad = addresses.find((a) => !isPublicAddress(a.address));
  // A name that does not resolve yet is allowed here; each delivery checks again.
  return bad ? NOT_ALLOWED : null;
}

export interface PostResult {
  status: number;
}

/**
 * POSTs `body` to `url` and resolves with the status once the headers arrive
 * (the answer's body is discarded); redirects are not followed. Without
 * `allowPrivate`, connections to non-public addresses fail with a
 * BlockedTargetError. Rejects on network errors and after `timeoutMs`.
 */
export function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  { timeoutMs, allowPrivate }: { timeoutMs: number; allowPrivate: boolean },
): Promise<PostResult> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(host) && !isPublicAddress(host)) return Promise.reject(blocked(host));
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        signal: AbortSignal.timeout(timeoutMs),
        ...(allowPrivate ? {} : { lookup: publicOnlyLookup }),
      },
      (res) => {
        res.resume(); // discard what the receiver says
        resolve({ status: res.statusCode ?? 0 });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
