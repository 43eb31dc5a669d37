import type { IncomingMessage } from 'node:http';
import { clientAddress } from './client-address';

const req = (forwarded: string | string[] | undefined, peer = '10.0.0.5') =>
  ({ headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded }, socket: { remoteAddress: peer } }) as unknown as IncomingMessage;

describe('clientAddress', () => {
  it('is the socket peer unless TRUST_PROXY, whatever X-Forwarded-For claims', () => {
    expect(clientAddress(req('203.0.113.7'), false)).toBe('10.0.0.5');
    expect(clientAddress(req(undefined), true)).toBe('10.0.0.5');
  });

  it('behind a proxy, is the last X-Forwarded-For entry (the one the proxy appended)', () => {
    expect(clientAddress(req('203.0.113.7'), true)).toBe('203.0.113.7');
    expect(clientAddress(req('1.1.1.1, 203.0.113.7'), true)).toBe('203.0.113.7');
    expect(clientAddress(req(['1.1.1.1', '2.2.2.2, 203.0.113.8 ']), true)).toBe('203.0.113.8');
  });

  it('falls back to the peer for an empty or oversized header', () => {
    expect(clientAddress(req(' , '), true)).toBe('10.0.0.5');
    expect(clientAddress(req('x'.repeat(65)), true)).toBe('10.0.0.5');
  });
});
