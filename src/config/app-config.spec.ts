import { AppConfig, ConfigError } from './app-config';

describe('AppConfig', () => {
  it('applies the documented defaults', () => {
    const c = new AppConfig({});
    expect(c.databaseUrl).toBe('postgresql://postgres:postgres@localhost:5432/statuspages');
    expect(c.redisUrl).toBe('redis://localhost:6379');
    expect(c.port).toBe(3000);
    expect(c.publicBaseUrl).toBe('http://localhost:3000');
    expect(c.queuePrefix).toBe('statuspages');
    expect(c.role).toBe('all');
    expect(c.adminCorsOrigins).toEqual([]);
    expect(c.webhookRetryBaseMs).toBe(5000);
    expect(c.webhookMaxAttempts).toBe(8);
    expect(c.adminApiKey).toBeUndefined();
  });

  it('PUBLIC_BASE_URL follows PORT and loses its trailing slash', () => {
    expect(new AppConfig({ PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
    expect(new AppConfig({ PUBLIC_BASE_URL: 'https://status.example.com/' }).publicBaseUrl).toBe(
      'https://status.example.com',
    );
  });

  it('APP_ROLE decides what runs', () => {
    expect(new AppConfig({ APP_ROLE: 'api' })).toMatchObject({ runsHttp: true, runsWorkers: false });
    expect(new AppConfig({ APP_ROLE: 'worker' })).toMatchObject({ runsHttp: false, runsWorkers: true });
    expect(new AppConfig({ APP_ROLE: 'all' })).toMatchObject({ runsHttp: true, runsWorkers: true });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['APP_ROLE', 'both'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'not a url'],
    ['PUBLIC_BASE_URL', 'ftp://x'],
    ['ADMIN_API_KEY', 'short'],
    ['ADMIN_CORS_ORIGINS', '*'],
    ['WEBHOOK_MAX_ATTEMPTS', '0'],
    ['WEBHOOK_RETRY_BASE_MS', '-5'],
    ['QUEUE_PREFIX', 'has:colon'],
  ])('rejects %s=%s with one line naming the variable', (name, value) => {
    let error: unknown;
    try {
      new AppConfig({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(name);
    expect((error as ConfigError).message).not.toContain('\n');
  });
});
