/*
 * A worker as it runs in production, for the crash tests: `node dist/main.js`
 * with APP_ROLE=worker in its own process, so that it can be killed with
 * SIGKILL mid-work (no shutdown hook runs, its job locks stay behind in Redis).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT_KEY, TestApp } from './harness';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Fails early when the built service is missing (`npm test` builds it first). */
export function assertBuilt(): void {
  if (!existsSync(MAIN)) throw new Error('dist/main.js is missing: `npm test` builds it first (or run `npm run build`)');
}

/** A worker on the test app's database and queue prefix; `env` adds settings. Its stderr is kept (20 kB at most). */
export function startWorker(api: TestApp, env: Record<string, string> = {}): { child: ChildProcess; stderr: () => string } {
  let stderr = '';
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      APP_ROLE: 'worker',
      DATABASE_URL: api.db.url,
      REDIS_URL,
      QUEUE_PREFIX: api.config.queuePrefix,
      ADMIN_API_KEY: ROOT_KEY,
      RECONCILE_INTERVAL_MS: '1000',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (d) => {
    if (stderr.length < 20_000) stderr += d;
  });
  return { child, stderr: () => stderr };
}

/** SIGKILLs a worker, resolving once it has exited. */
export function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
