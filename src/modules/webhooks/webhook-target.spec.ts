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
    ['not-an-ip', false],
    ['93.184.215.14', true],
    ['8.8.8.8', true],
    ['2606:4700:4700::1111', true],
    ['::ffff:8.8.8.8', true],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it('refuses private targets when created, unless allowed', async () => {
    expect(await targetProblem('http://127.0.0.1:8080/hook', false)).toMatch(/private or local address \(127\.0\.0\.1\)/);
    expect(await targetProblem('http://[::1]/hook', false)).toMatch(/private or local/);
    expect(await targetProblem('http://169.254.169.254/latest/meta-data', false)).toMatch(/private or local/);
    expect(await targetProblem('http://localhost:3000/hook', false)).toMatch(/localhost resolves to/);
    expect(await targetProblem('https://8.8.8.8/hook', false)).toBeNull();
    expect(await targetProblem('http://127.0.0.1:8080/hook', true)).toBeNull();
  });

  it('refuses to connect to a private address, also when a name resolves to one at delivery', async () => {
    const opts = { timeoutMs: 2_000, allowPrivate: false };
    await expect(postJson('http://127.0.0.1:9/x', {}, '{}', opts)).rejects.toBeInstanceOf(BlockedTargetError);
    await expect(postJson('http://localhost:9/x', {}, '{}', opts)).rejects.toBeInstanceOf(BlockedTargetError);
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
