import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { BlockedTargetError, isPublicAddress, postJson, targetProblem } from './webhook-target';

describe('webhook targets (SSRF guard)', () => {
  it.each([
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.20.0.1', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false], // cloud metadata
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['::1', false],
    ['::', false],
    ['fd00::1', false],
    ['fe80::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    // The gaps of the hand-kept list (issue 12).
    ['::127.0.0.1', false], // IPv4-compatible, ::/96
    ['::7f00:1', false],
    ['::8.8.8.8', false],
    ['::a00:1', false],
    ['2002:7f00:1::1', false], // 6to4, 2002::/16
    ['2002:808:808::1', false],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', false], // Teredo, 2001::/32
    ['fec0::1', false], // site-local, fec0::/10
    ['192.88.99.1', false], // 6to4 relay anycast
    ['64:ff9b:1::7f00:1', false], // local-use NAT64, 64:ff9b:1::/48
    ['64:ff9b::7f00:1', false], // NAT64, 64:ff9b::/96
    ['64:ff9b::808:808', false],
    // The rest of the special-purpose ranges.
    ['192.0.0.8', false],
    ['192.0.2.1', false],
    ['198.18.0.1', false],
    ['198.51.100.1', false],
    ['203.0.113.1', false],
    ['224.0.0.1', false],
    ['240.0.0.1', false],
    ['255.255.255.255', false],
    ['100::1', false],
    ['2001:db8::1', false],
    ['3fff::1', false],
    ['ff02::1', false],
    ['fe80::1%eth0', false],
    ['::ffff:169.254.169.254', false],
    ['::ffff:7f00:1', false],
    ['', false],
    ['1.2.3', false],
    ['not-an-ip', false],
    ['93.184.215.14', true],
    ['8.8.8.8', true],
    ['2606:4700:4700::1111', true],
    ['::ffff:8.8.8.8', true],
    ['2001:4860:4860::8888', true],
    ['1.1.1.1', true],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it('refuses private targets when created, unless allowed', async () => {
    const notAllowed = 'url must not point to a private or local address';
    expect(await targetProblem('http://127.0.0.1:8080/hook', false)).toBe(notAllowed);
    expect(await targetProblem('http://[::1]/hook', false)).toBe(notAllowed);
    expect(await targetProblem('http://[::127.0.0.1]/hook', false)).toBe(notAllowed);
    expect(await targetProblem('http://[2002:7f00:1::1]/hook', false)).toBe(notAllowed);
    expect(await targetProblem('http://[64:ff9b:1::a00:1]/hook', false)).toBe(notAllowed);
    expect(await targetProblem('http://192.88.99.1/hook', false)).toBe(notAllowed);
    expect(await targetProblem('http://169.254.169.254/latest/meta-data', false)).toBe(notAllowed);
    // A name is refused without saying what it resolved to (that would let a key map internal DNS).
    expect(await targetProblem('http://localhost:3000/hook', false)).toBe(notAllowed);
    expect(await targetProblem('https://8.8.8.8/hook', false)).toBeNull();
    expect(await targetProblem('http://127.0.0.1:8080/hook', true)).toBeNull();
  });

  it('refuses to connect to a private address, also when a name resolves to one at delivery', async () => {
    const opts = { timeoutMs: 2_000, allowPrivate: false };
    await expect(postJson('http://127.0.0.1:9/x', {}, '{}', opts)).rejects.toBeInstanceOf(BlockedTargetError);
    await expect(postJson('http://localhost:9/x', {}, '{}', opts)).rejects.toBeInstanceOf(BlockedTargetError);
    await expect(postJson('http://[::127.0.0.1]:9/x', {}, '{}', opts)).rejects.toBeInstanceOf(BlockedTargetError);
    // The delivery error names the host given, never the address it resolved to.
    const err = await postJson('http://localhost:9/x', {}, '{}', opts).catch((e: Error) => e);
    expect((err as Error).message).toBe('localhost is not a public address (WEBHOOK_ALLOW_PRIVATE is off)');
    expect((err as Error).message).not.toMatch(/127\.0\.0\.1|::1/);
  });

  it('POSTs the body with its headers and reports the status when allowed', async () => {
    let received = { body: '', signature: '' };
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received = { body, signature: String(req.headers['webhook-signature']) };
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const res = await postJson(url, { 'content-type': 'application/json', 'webhook-signature': 'v1,abc' }, '{"a":1}', {
        timeoutMs: 2_000,
        allowPrivate: true,
      });
      expect(res.status).toBe(204);
      expect(received).toEqual({ body: '{"a":1}', signature: 'v1,abc' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
