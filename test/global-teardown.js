/* Drops every database and Redis key this run created. */
const { Client } = require('pg');
const Redis = require('ioredis').default;

module.exports = async () => {
  const runId = process.env.SP_TEST_RUN_ID;
  if (!runId) return;
  const admin = new Client({ connectionString: process.env.SP_TEST_BASE_URL });
  await admin.connect();
  const { rows } = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE $1", [`sp_test_${runId}_%`]);
  for (const { datname } of rows) {
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [datname]);
    await admin.query(`DROP DATABASE IF EXISTS "${datname}"`);
  }
  await admin.end();
  const redis = new Redis(process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379');
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `sptest-${runId}-*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
};
