import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PublicCacheService } from './public-cache.service';
import type { PublicDocument } from './prepared-document';
import { PublicResponder } from './public-responder.service';

const DOC: PublicDocument = {
  body: Buffer.from('{"ok":true}'),
  gzip: null,
  etag: '"v1"',
  contentType: 'application/json; charset=utf-8',
};

/** The front door with a cache holding one prepared page, `acme` / `status.acme.test`. */
function setup() {
  const peek = jest.fn((by: string, key: string) => (key === 'acme' || key === 'status.acme.test' ? DOC : undefined));
  const responder = new PublicResponder({ peek } as unknown as PublicCacheService);
  const ask = (method: string, url: string, headers: Record<string, string> = {}) => {
    const res = { writeHead: jest.fn(), end: jest.fn() };
    const served = responder.fromMemory(
      { method, url, headers } as unknown as IncomingMessage,
      res as unknown as ServerResponse,
      () => 'req-1',
    );
    return { served, res };
  };
  return { peek, ask };
}

describe('PublicResponder.fromMemory (the front door)', () => {
  it('answers a prepared document by slug, ignoring the query string', () => {
    const { peek, ask } = setup();
    const { served, res } = ask('GET', '/status/acme/api/v2/summary.json?t=1');
    expect(served).toEqual({ route: '/status/:slug/api/v2/summary.json', status: 200 });
    expect(peek).toHaveBeenCalledWith('slug', 'acme', 'summary');
    expect(res.writeHead).toHaveBeenCalledWith(
      200,
      expect.objectContaining({ etag: '"v1"', 'access-control-allow-origin': '*', 'content-length': DOC.body.length, 'x-request-id': 'req-1' }),
    );
    expect(res.end).toHaveBeenCalledWith(DOC.body);
  });

  it('maps the page itself and nested documents to their kinds', () => {
    const { peek, ask } = setup();
    expect(ask('GET', '/status/acme').served?.route).toBe('/status/:slug');
    expect(peek).toHaveBeenLastCalledWith('slug', 'acme', 'html');
    expect(ask('GET', '/status/acme/api/v2/scheduled-maintenances/active.json').served?.status).toBe(200);
    expect(peek).toHaveBeenLastCalledWith('slug', 'acme', 'activeMaintenances');
  });

  it("answers at the root of a page's domain, whatever the case and port of Host", () => {
    const { peek, ask } = setup();
    const { served } = ask('GET', '/api/v2/status.json', { host: 'Status.Acme.TEST:8443' });
    expect(served).toEqual({ route: '/api/v2/status.json', status: 200 });
    expect(peek).toHaveBeenCalledWith('domain', 'status.acme.test', 'status');
  });

  it('answers 304 without a body when the ETag matches', () => {
    const { ask } = setup();
    const { served, res } = ask('GET', '/status/acme/api/v2/status.json', { 'if-none-match': 'W/"v1"' });
    expect(served?.status).toBe(304);
    expect(res.writeHead.mock.calls[0][1]).not.toHaveProperty('content-length');
    expect(res.end).toHaveBeenCalledWith(undefined);
  });

  it('answers the calendar narrowed to a component from its own prepared variant, never the whole feed', () => {
    const { peek, ask } = setup();
    const id = '6f1c1c3e-0a4b-4c5d-8e9f-0123456789ab';
    expect(ask('GET', '/status/acme/maintenances.ics').served?.route).toBe('/status/:slug/maintenances.ics');
    expect(peek).toHaveBeenLastCalledWith('slug', 'acme', 'calendar');
    expect(ask('GET', `/status/acme/maintenances.ics?component=${id.toUpperCase()}&x=1`).served?.status).toBe(200);
    expect(peek).toHaveBeenLastCalledWith('slug', 'acme', `calendar:${id}`);
    expect(ask('GET', `/maintenances.ics?component=${id}`, { host: 'status.acme.test' }).served?.status).toBe(200);
    expect(peek).toHaveBeenLastCalledWith('domain', 'status.acme.test', `calendar:${id}`);
    // Other documents ignore the parameter.
    ask('GET', `/status/acme/history.atom?component=${id}`);
    expect(peek).toHaveBeenLastCalledWith('slug', 'acme', 'atom');
    // Malformed or repeated: the framework answers (a 400), the front door does not look.
    peek.mockClear();
    for (const query of ['component=abc', `component=${id}&component=${id}`, 'component=']) {
      expect(ask('GET', `/status/acme/maintenances.ics?${query}`).served).toBeUndefined();
    }
    expect(peek).not.toHaveBeenCalled();
  });

  it.each([
    ['HEAD', '/status/acme/api/v2/summary.json', {}],
    ['POST', '/status/acme/api/v2/summary.json', {}],
    ['GET', '/status/acme/api/v2/unknown.json', {}],
    ['GET', '/api/v1/pages', { host: 'status.acme.test' }],
    ['GET', '/status/other/api/v2/summary.json', {}],
    ['GET', '/status/ac%6De/api/v2/summary.json', {}],
    ['GET', '/api/v2/summary.json', { host: 'unknown.test' }],
  ])('hands %s %s on to the framework, untouched', (method, url, headers) => {
    const { ask } = setup();
    const { served, res } = ask(method, url, headers as Record<string, string>);
    expect(served).toBeUndefined();
    expect(res.writeHead).not.toHaveBeenCalled();
    expect(res.end).not.toHaveBeenCalled();
  });
});
