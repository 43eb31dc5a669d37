/*
 * e2e setup: one migrated template database per run; each test file clones it
 * (CREATE DATABASE ... TEMPLATE), so files are isolated and start in ~50 ms.
 */
const { Client } = require('pg');
const { migrate } = require('../scripts/migrate');

module.exports = async () => {
  const base = process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
  const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const template = `sp_test_${runId}_tpl`;
  const url = new URL(base);
  url.pathname = `/${template}`;
  await migrate(url.toString(), { quiet: true });
  process.env.SP_TEST_RUN_ID = runId;
  process.env.SP_TEST_TEMPLATE_DB = template;
  process.env.SP_TEST_BASE_URL = base;
  // The template must have no open connections to be cloned.
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [template]);
  await admin.end();
};
