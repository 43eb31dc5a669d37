#!/usr/bin/env node
/*
 * `npm run db:migrate`: applies every committed Prisma migration folder
 * (prisma/migrations/<timestamp>_<name>/migration.sql) to DATABASE_URL,
 * creating the database first if it does not exist.
 *
 * It keeps Prisma's own bookkeeping table (`_prisma_migrations`, same columns,
 * same SHA-256 checksums), so `prisma migrate deploy` and this script are
 * interchangeable: use `prisma migrate deploy` where Prisma's schema engine can
 * be downloaded, this script where it cannot. Concurrent runs are serialised
 * with the same advisory lock Prisma takes.
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { Client } = require('pg');

const DEFAULT_URL = 'postgresql://postgres:postgres@localhost:5432/statuspages';
const MIGRATIONS_DIR = path.join(__dirname, '..', 'prisma', 'migrations');
const PRISMA_ADVISORY_LOCK = 72707369;

async function ensureDatabase(url) {
  const target = new URL(url);
  const dbName = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!dbName) throw new Error('DATABASE_URL names no database');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${dbName.replace(/"/g, '""')}"`).catch((err) => {
        if (err.code !== '42P04') throw err; // created concurrently
      });
      log(`created database ${dbName}`);
    }
  } finally {
    await client.end();
  }
}

function listMigrations() {
  if (!fs.existsSync(MIGRATIONS_DIR)) return [];
  return fs
    .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(MIGRATIONS_DIR, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

async function migrate(url = process.env.DATABASE_URL || DEFAULT_URL, { quiet = false } = {}) {
  const say = quiet ? () => {} : log;
  await ensureDatabase(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const { rows } = await client.query(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r]));
    let count = 0;
    for (const m of listMigrations()) {
      const done = applied.get(m.name);
      if (done && done.finished_at) {
        if (done.checksum !== m.checksum) say(`warning: ${m.name} was edited after it was applied`);
        continue;
      }
      if (done) throw new Error(`migration ${m.name} failed earlier and needs manual repair`);
      const id = crypto.randomUUID();
      await client.query('BEGIN');
      try {
        await client.query(
          'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())',
          [id, m.checksum, m.name],
        );
        await client.query(m.sql);
        await client.query(
          'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
          [id],
        );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.name} failed: ${err.message}`);
      }
      count += 1;
      say(`applied ${m.name}`);
    }
    say(count === 0 ? 'database is up to date' : `${count} migration(s) applied`);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK]).catch(() => {});
    await client.end();
  }
}

function log(msg) {
  process.stdout.write(`[db:migrate] ${msg}\n`);
}

module.exports = { migrate };

if (require.main === module) {
  migrate().catch((err) => {
    process.stderr.write(`[db:migrate] ${err.message}\n`);
    process.exit(1);
  });
}
