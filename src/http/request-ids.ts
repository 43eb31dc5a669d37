import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export type RequestIds = (req: { headers: IncomingMessage['headers'] }) => string;

/**
 * Request ids: the caller's `x-request-id` when it is sane, else a per-process
 * random prefix and a counter (unique across processes and restarts, and far
 * cheaper than a UUID per request on the public read path).
 */
export function requestIds(): RequestIds {
  const prefix = randomUUID().slice(0, 8);
  let next = 0;
  return (req) => {
    const given = req.headers['x-request-id'];
    if (typeof given === 'string' && REQUEST_ID.test(given)) return given;
    next = next === Number.MAX_SAFE_INTEGER ? 0 : next + 1;
    return `${prefix}-${next.toString(36)}`;
  };
}
