import type { IncomingMessage } from 'node:http';

/**
 * The address of the client, for rate limits. Behind a reverse proxy
 * (TRUST_PROXY), the last entry of X-Forwarded-For: the one the proxy itself
 * appended for the connection it received (earlier entries are whatever the
 * client claimed). Otherwise the socket's peer.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const value = Array.isArray(header) ? header[header.length - 1] : header;
    const last = value?.split(',').map((s) => s.trim()).filter(Boolean).pop();
    if (last && last.length <= 64) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
