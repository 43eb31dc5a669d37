/**
 * `npm run openapi`: writes the OpenAPI spec to openapi.json with sorted keys.
 * Needs neither PostgreSQL nor Redis (nothing connects until first use).
 * `node dist/openapi.js --check` exits 1 when the committed file differs.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { createOpenApiDocument } from './http/openapi-document';
import { AppConfig } from './config/app-config';

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export async function generateSpec(): Promise<string> {
  const config = new AppConfig({ ...process.env, APP_ROLE: 'api', SEED_DEMO: 'false' });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRole(config), new FastifyAdapter(), {
    logger: false,
  });
  try {
    return `${JSON.stringify(sortKeys(createOpenApiDocument(app)), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const file = join(__dirname, '..', 'openapi.json');
  const spec = await generateSpec();
  if (process.argv.includes('--check')) {
    const committed = readFileSync(file, 'utf8');
    if (committed !== spec) {
      process.stderr.write('openapi.json is out of date: run `npm run openapi` and commit it\n');
      process.exit(1);
    }
    process.stdout.write('openapi.json matches the code\n');
    return;
  }
  writeFileSync(file, spec);
  process.stdout.write(`wrote ${file}\n`);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: Error) => {
      process.stderr.write(`${err.stack}\n`);
      process.exit(1);
    },
  );
}
