/*
 * Boots the real application for e2e tests: its own database (cloned from the
 * run's migrated template), its own QUEUE_PREFIX, a real HTTP port, real
 * PostgreSQL and Redis. Use `startApp()` in beforeAll and `stop()` in afterAll.
 */
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { createHttpApp } from '../../src/http/create-http-app';
import { AppConfig } from '../../src/config/app-config';

export const ROOT_KEY = 'test-root-key-0123456789abcdef';
let counter = 0;

export interface TestDatabase {
  name: string;
  url: string;
}

function runId(): string {
  const id = process.env.SP_TEST_RUN_ID;
  if (!id) throw new Error('e2e tests need test/global-setup.js (run them through jest --selectProjects e2e)');
  return id;
}

/** A fresh database cloned from the migrated template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.SP_TEST_BASE_URL as string;
  const name = `sp_test_${runId()}_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 6)}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${process.env.SP_TEST_TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

/**
 * Unique across the whole run: jest gives each test file its own copy of this
 * module (the counter starts again) in the same process, so the counter alone
 * would hand two files the same prefix (and one file another's jobs and rate limits).
 */
export function uniqueQueuePrefix(): string {
  return `sptest-${runId()}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export interface TestApp {
  app?: NestFastifyApplication;
  context?: INestApplicationContext;
  config: AppConfig;
  db: TestDatabase;
  baseUrl: string;
  /** supertest agent bound to the running server */
  http: () => ReturnType<typeof request>;
  /** supertest with the root key already set: `admin().post('/api/v1/pages')...` */
  admin: () => AdminClient;
  stop: () => Promise<void>;
}

type AdminClient = {
  get: (url: string) => request.Test;
  post: (url: string) => request.Test;
  patch: (url: string) => request.Test;
  delete: (url: string) => request.Test;
};

export interface StartOptions {
  /** Reuse a database (e.g. a second process on the same data). */
  db?: TestDatabase;
  /** Reuse a queue prefix (a second process sharing the queues). */
  queuePrefix?: string;
  role?: 'all' | 'api' | 'worker';
  env?: Record<string, string>;
}

/** Starts the application with its own database and queue prefix unless told to share. */
export async function startApp(options: StartOptions = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const queuePrefix = options.queuePrefix ?? uniqueQueuePrefix();
  const config = new AppConfig({
    DATABASE_URL: db.url,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    ADMIN_API_KEY: ROOT_KEY,
    QUEUE_PREFIX: queuePrefix,
    APP_ROLE: options.role ?? 'all',
    SEED_DEMO: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    // Test receivers listen on localhost; the SSRF guard has its own tests.
    WEBHOOK_ALLOW_PRIVATE: 'true',
    ...options.env,
  });
  if (config.role === 'worker') {
    const context = await NestFactory.createApplicationContext(AppModule.forRole(config), { logger: false });
    await context.init();
    return {
      context,
      config,
      db,
      baseUrl: '',
      http: () => {
        throw new Error('a worker has no HTTP server');
      },
      admin: () => {
        throw new Error('a worker has no HTTP server');
      },
      stop: () => context.close(),
    };
  }
  const app = await createHttpApp(config, { logs: config.logLevel !== 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const http = () => request(baseUrl);
  const auth = (t: request.Test) => t.set('Authorization', `Bearer ${ROOT_KEY}`);
  return {
    app,
    config,
    db,
    baseUrl,
    http,
    admin: () => ({
      get: (url) => auth(http().get(url)),
      post: (url) => auth(http().post(url)),
      patch: (url) => auth(http().patch(url)),
      delete: (url) => auth(http().delete(url)),
    }),
    stop: () => app.close(),
  };
}

/** Polls `check` until it returns a truthy value or the deadline passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  { timeoutMs = 15_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
