import { AppConfig } from './config/app-config';
import { startedLine } from './started';

const env = { PUBLIC_BASE_URL: 'https://status.example.com', QUEUE_PREFIX: 'sp' };

describe('startedLine', () => {
  it('says what an `all` process started: role, port, queues, public URL', () => {
    const { fields, msg } = startedLine(new AppConfig({ ...env, APP_ROLE: 'all' }), 3000);
    expect(fields).toEqual({
      role: 'all',
      port: 3000,
      queues: ['status-history', 'maintenance', 'webhooks', 'notifications'],
      queuePrefix: 'sp',
      processesQueues: true,
      publicBaseUrl: 'https://status.example.com',
    });
    expect(msg).toBe(
      'status pages started: role all, HTTP on port 3000, queues status-history, maintenance, webhooks, notifications ' +
        '(prefix sp, processed here), public URL https://status.example.com',
    );
  });

  it('an api process leaves its queues to workers', () => {
    const { fields, msg } = startedLine(new AppConfig({ ...env, APP_ROLE: 'api' }), 8080);
    expect(fields).toMatchObject({ role: 'api', port: 8080, processesQueues: false });
    expect(msg).toContain('role api, HTTP on port 8080,');
    expect(msg).toContain('(prefix sp, processed by workers)');
  });

  it('a worker has no HTTP port', () => {
    const { fields, msg } = startedLine(new AppConfig({ ...env, APP_ROLE: 'worker' }));
    expect(fields).not.toHaveProperty('port');
    expect(fields).toMatchObject({ role: 'worker', processesQueues: true });
    expect(msg).toContain('role worker, no HTTP,');
  });
});
