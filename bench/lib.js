/* Helpers shared by the benchmarks: a fresh database, the built service as a child process, cleanup. */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { Client } = require('pg');
const Redis = require('ioredis').default;
const { migrate } = require('../scripts/migrate');

const ROOT = path.join(__dirname, '..');
const BASE_DB = process.env.BENCH_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const ADMIN_KEY = 'bench-root-key-0123456789abcdef';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function createDatabase(tag) {
  const name = `sp_bench_${tag}_${Date.now().toString(36)}`;
  const url = new URL(BASE_DB);
  url.pathname = `/${name}`;
  await migrate(url.toString(), { quiet: true });
  return { name, url: url.toString() };
}

async function dropDatabase(db) {
  const admin = new Client({ connectionString: BASE_DB });
  await admin.connect();
  await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [db.name]);
  await admin.query(`DROP DATABASE IF EXISTS "${db.name}"`);
  await admin.end();
}

async function deleteRedisKeys(prefix) {
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
}

/** Starts `node dist/main.js`; resolves once /health answers. */
async function startService({ db, prefix, env = {}, nodeArgs = [] }) {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'main.js'))) throw new Error('run `npm run build` first');
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: db.url,
      REDIS_URL,
      PORT: String(port),
      ADMIN_API_KEY: ADMIN_KEY,
      QUEUE_PREFIX: prefix,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    if (stderr.length < 10_000) stderr += d;
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited: ${stderr}`);
    try {
      const res = await fetch(`${base}/health`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`service did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    base,
    port,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([
        new Promise((r) => child.once('exit', r)),
        new Promise((r) => setTimeout(r, 10_000)).then(() => child.kill('SIGKILL')),
      ]);
    },
  };
}

function rssMb(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
    return Math.round(kb / 102.4) / 10;
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in milliseconds. */
function cpuMs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
  return (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
}

async function api(base, method, url, body) {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} -> ${res.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/** Runs a benchmark's entry point and exits with its outcome (a child process left behind must not keep it alive). */
function runMain(fn) {
  fn().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

/**
 * A bench's clean-up: stops what it started (`closers`, each awaited in turn,
 * errors ignored), then deletes its Redis keys and drops its database (errors logged).
 */
async function cleanUp({ prefix, db }, ...closers) {
  for (const close of closers) await Promise.resolve().then(close).catch(() => {});
  await deleteRedisKeys(prefix).catch((err) => console.error(`could not delete Redis keys ${prefix}:*: ${err.message}`));
  await dropDatabase(db).catch((err) => console.error(`could not drop database ${db.name}: ${err.message}`));
}

module.exports = { runMain, cleanUp, ROOT, ADMIN_KEY, REDIS_URL, createDatabase, dropDatabase, deleteRedisKeys, startService, rssMb, cpuMs, api, freePort };
