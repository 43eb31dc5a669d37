import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { startApp, TestApp } from './harness';

const ROOT = join(__dirname, '..', '..');
type Operation = {
  operationId?: string;
  tags?: string[];
  summary?: string;
  security?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
};

describe('OpenAPI spec', () => {
  let app: TestApp;
  const committed = JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8'));
  const operations: Array<[string, string, Operation]> = Object.entries(
    committed.paths as Record<string, Record<string, Operation>>,
  ).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => [path, method, op] as [string, string, Operation]));

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.stop());

  it('the committed openapi.json matches the built code (run `npm run openapi` after changing the API)', () => {
    expect(existsSync(join(ROOT, 'dist', 'openapi.js'))).toBe(true);
    const out = execFileSync(process.execPath, [join(ROOT, 'dist', 'openapi.js'), '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    expect(out).toContain('matches');
  });

  it('is published at /api/docs-json and Swagger UI at /api/docs', async () => {
    const res = await app.http().get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths).sort()).toEqual(Object.keys(committed.paths).sort());
    const ui = await app.http().get('/api/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('a body field validated as an integer (@IsInt) is an integer in the spec', () => {
    // class-validator keeps its rules by class (not public API: hence the check below that it found the fields);
    // the spec names each body schema after its class.
    const rules = (getMetadataStorage() as unknown as { validationMetadatas: Map<Function, Array<{ name?: string; propertyName: string }>> }).validationMetadatas;
    const schemas = committed.components.schemas as Record<string, { properties?: Record<string, { type?: string }> }>;
    const checked: string[] = [];
    for (const [target, metadatas] of rules) {
      const schema = schemas[target.name];
      if (!schema) continue;
      for (const rule of metadatas.filter((m) => m.name === 'isInt')) {
        const where = `${target.name}.${rule.propertyName}`;
        checked.push(where);
        expect([where, schema.properties?.[rule.propertyName]?.type]).toEqual([where, 'integer']);
      }
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        'CreateMaintenanceSeriesDto.durationMinutes',
        'UpdateMaintenanceSeriesDto.durationMinutes',
        'CreateMaintenanceDto.remindBeforeMinutes',
      ]),
    );
  });

  it('every operation has a unique operationId, a tag, a summary and success + error responses', () => {
    const ids = operations.map(([, , op]) => op.operationId);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [path, method, op] of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect([where, op.tags?.length]).toEqual([where, 1]);
      expect([where, typeof op.summary]).toEqual([where, 'string']);
      const codes = Object.keys(op.responses);
      expect([where, codes.some((c) => /^2\d\d$/.test(c))]).toEqual([where, true]);
      // Alert receivers take their integration's token, not an API key, and have no resource to miss.
      const receiver = path.startsWith('/api/v1/integrations/');
      if (path.startsWith('/api/v1')) {
        expect([where, op.security]).toEqual([where, [receiver ? { integrationToken: [] } : { bearer: [] }]]);
        const errors = receiver ? ['400', '401'] : ['400', '401', '404'];
        expect([where, errors.every((c) => codes.includes(c))]).toEqual([where, true]);
        if (['post', 'patch'].includes(method) && !/\/(start|complete|cancel|enable|resend-confirmation)$/.test(path)) {
          expect([where, !!op.requestBody]).toEqual([where, true]);
        }
      }
    }
  });
});
