import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { createIncident, createPage } from '../factories';
import { eventually, startApp, TestApp } from './harness';

/** A local HTTP receiver; `answer` decides what each request gets (never answering is allowed). */
async function receiver(answer: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => answer(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('webhooks on a hostile tenant’s bad day (HTTP)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp({
      env: { WEBHOOK_TIMEOUT_MS: '8000', WEBHOOK_DISABLE_AFTER: '3', WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_MAX_ATTEMPTS: '5' },
    });
  });
  afterAll(() => app.stop());

  it('a page with 20 hanging receivers does not delay another page’s delivery, and may not have a 21st', async () => {
    const blackHole = await receiver(() => undefined); // accepts, never answers
    const received: string[] = [];
    const good = await receiver((_req, res, body) => {
      received.push(JSON.parse(body).type);
      res.writeHead(204).end();
    });
    try {
      const hostile = await createPage(app);
      for (let i = 0; i < 20; i++) {
        await app.admin().post(`/api/v1/pages/${hostile.id}/webhooks`).send({ url: `${blackHole.url}?n=${i}` }).expect(201);
      }
      const capped = await app.admin().post(`/api/v1/pages/${hostile.id}/webhooks`).send({ url: blackHole.url }).expect(409);
      expect(capped.body.message).toMatch(/at most 20 webhooks/);
      // 40 deliveries that each hold a connection for 8 s: more than all the workers' slots.
      await createIncident(app, hostile.id);
      await createIncident(app, hostile.id);

      const other = await createPage(app);
      await app.admin().post(`/api/v1/pages/${other.id}/webhooks`).send({ url: good.url }).expect(201);
      await createIncident(app, other.id);
      // Without fairness this waits for the hanging attempts' 8 s timeouts.
      await eventually(async () => received.includes('incident.created'), {
        timeoutMs: 4_000,
        what: "the other page's delivery, within a few seconds",
      });
    } finally {
      await blackHole.close();
      await good.close();
    }
  }, 60_000);

  it('disables a webhook whose receiver keeps failing, says why, and sends it nothing more until enabled', async () => {
    let calls = 0;
    const failing = await receiver((_req, res) => {
      calls += 1;
      res.writeHead(500).end();
    });
    try {
      const page = await createPage(app);
      const hook = (await app.admin().post(`/api/v1/pages/${page.id}/webhooks`).send({ url: failing.url }).expect(201)).body;
      expect(hook).toMatchObject({ disabledAt: null, disabledReason: null });
      await createIncident(app, page.id);
      const disabled = await eventually(
        async () => {
          const res = await app.admin().get(`/api/v1/pages/${page.id}/webhooks/${hook.id}`).expect(200);
          return res.body.disabledAt ? res.body : null;
        },
        { what: 'the webhook to be disabled' },
      );
      expect(disabled.disabledReason).toMatch(/3 failed delivery attempts in a row.*HTTP 500/);
      const deliveries = await app.admin().get(`/api/v1/pages/${page.id}/webhooks/${hook.id}/deliveries`).expect(200);
      expect(deliveries.body.meta.total).toBe(3); // not WEBHOOK_MAX_ATTEMPTS (5): the rest were dropped
      expect(calls).toBe(3);

      await createIncident(app, page.id); // a disabled webhook is sent nothing
      const enabled = await app.admin().post(`/api/v1/pages/${page.id}/webhooks/${hook.id}/enable`).expect(200);
      expect(enabled.body).toMatchObject({ disabledAt: null, disabledReason: null });
      expect(calls).toBe(3);
      await createIncident(app, page.id);
      await eventually(async () => calls > 3, { what: 'deliveries to resume once enabled' });
    } finally {
      await failing.close();
    }
  }, 60_000);
});
