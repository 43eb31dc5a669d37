/*
 * Maintenance scheduling benchmark, against the BUILT service (`npm run build` first).
 *
 *   node bench/maintenance.js [--n 1000] [--pending 10000] [--pages 20]
 *
 * 1. Timeliness: creates N windows through the admin API (spread over a few
 *    pages), all due at one instant a few seconds ahead, waits until every one
 *    is in_progress and reports the lag startedAt - scheduledStart (p50, p99,
 *    max) and the throughput.
 * 2. Footprint: inserts PENDING more scheduled windows straight into
 *    PostgreSQL, lets the reconciler create their jobs, and reports the Redis
 *    memory they take and the service's RSS.
 *
 * Uses its own database, queue prefix and child process, and removes all
 * three at the end. Bounded: gives up after about 7 minutes.
 */
const { Client } = require('pg');
const Redis = require('ioredis').default;
const { REDIS_URL, api, createDatabase, cleanUp, rssMb, runMain, startService } = require('./lib');

const DEADLINE_MS = 7 * 60_000;

function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function waitFor(check, { timeoutMs, intervalMs = 100, what }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

async function pool(items, limit, fn) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

async function usedMemory(redis) {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)[1]);
}

/** Bytes held by this run's queue keys (precise even when other runs share the Redis). */
async function queueBytes(redis, prefix) {
  let cursor = '0';
  let bytes = 0;
  let keys = 0;
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:maintenance:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of batch) {
      bytes += Number((await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) ?? 0);
      keys++;
    }
  } while (cursor !== '0');
  return { bytes, keys };
}

async function run({ n = arg('n', 1000), pending = arg('pending', 10_000), pages = arg('pages', 20) } = {}) {
  const started = Date.now();
  const prefix = `spbench-maint-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const db = await createDatabase('maint');
  const pg = new Client({ connectionString: db.url });
  const redis = new Redis(REDIS_URL);
  let svc;
  const timer = setTimeout(() => {
    console.error('maintenance bench: over its time budget, stopping');
    svc?.child.kill('SIGKILL');
  }, DEADLINE_MS);
  try {
    await pg.connect();
    svc = await startService({ db, prefix, env: { RECONCILE_INTERVAL_MS: '5000' } });
    const pageIds = [];
    for (let p = 0; p < pages; p++) {
      const page = await api(svc.base, 'POST', '/api/v1/pages', { slug: `bench-${prefix}-${p}`.slice(0, 63), name: `Bench ${p}` });
      const component = await api(svc.base, 'POST', `/api/v1/pages/${page.id}/components`, { name: 'API' });
      pageIds.push({ pageId: page.id, componentId: component.id });
    }

    // ---- 1. N windows due at the same instant ---------------------------------
    const createWindows = async (count, start, title) => {
      const scheduledStart = new Date(start).toISOString();
      const scheduledEnd = new Date(start + 60 * 60_000).toISOString();
      const t0 = Date.now();
      await pool(
        Array.from({ length: count }, (_, i) => i),
        16,
        async (i) => {
          const { pageId, componentId } = pageIds[i % pageIds.length];
          await api(svc.base, 'POST', `/api/v1/pages/${pageId}/maintenances`, {
            title: `${title} ${i}`,
            scheduledStart,
            scheduledEnd,
            componentIds: [componentId],
          });
        },
      );
      return Date.now() - t0;
    };
    // A pilot batch (due in two days) tells how long creating N takes on this machine, so the
    // common due instant is a few seconds after the last one is created.
    const pilot = 32;
    const pilotMs = await createWindows(pilot, Date.now() + 2 * 86_400_000, 'Pilot window');
    const due = Date.now() + Math.min(240_000, Math.max(5_000, Math.round((n * pilotMs * 1.5) / pilot) + 3_000));
    const createMs = await createWindows(n, due, 'Bench window');
    if (Date.now() > due - 500) throw new Error(`creating ${n} windows took ${createMs} ms: past the due time; lower --n`);

    await waitFor(
      async () => {
        const { rows } = await pg.query("SELECT count(*)::int AS c FROM maintenances WHERE status = 'in_progress'");
        return rows[0].c >= n;
      },
      { timeoutMs: due - Date.now() + 60_000, intervalMs: 200, what: `${n} windows to start` },
    );
    const { rows } = await pg.query(
      `SELECT (extract(epoch FROM started_at - scheduled_start) * 1000)::float8 AS lag,
              (extract(epoch FROM started_at) * 1000)::float8 AS at
       FROM maintenances WHERE status = 'in_progress'`,
    );
    const lags = rows.map((r) => r.lag).sort((a, b) => a - b);
    const last = Math.max(...rows.map((r) => r.at));
    const timeliness = {
      windows: n,
      pages,
      createMs,
      lagP50Ms: Math.round(percentile(lags, 50)),
      lagP99Ms: Math.round(percentile(lags, 99)),
      lagMaxMs: Math.round(lags[lags.length - 1]),
      // windows applied per second, from the due instant to the last start
      throughputPerSec: Math.round((n / Math.max(1, last - due)) * 1000),
    };

    // ---- 2. footprint of PENDING scheduled windows -------------------------------
    // Let the dust of phase 1 settle (status-history jobs of the started windows).
    await new Promise((r) => setTimeout(r, 2_000));
    const jobsBefore = await redis.zcard(`${prefix}:maintenance:delayed`);
    const memBefore = await usedMemory(redis);
    const bytesBefore = await queueBytes(redis, prefix);
    const rssBefore = rssMb(svc.child.pid);
    const farStart = Date.now() + 24 * 3_600_000;
    await pg.query(
      `INSERT INTO maintenances (id, page_id, title, status, scheduled_start, scheduled_end, auto_start, auto_complete, updated_at)
       SELECT gen_random_uuid(), $1::uuid, 'Pending ' || i, 'scheduled',
              to_timestamp(($2::bigint + i * 1000) / 1000.0), to_timestamp(($2::bigint + i * 1000 + 3600000) / 1000.0),
              true, true, now()
       FROM generate_series(1, $3::int) AS i`,
      [pageIds[0].pageId, farStart, pending],
    );
    const reconcileStarted = Date.now();
    const expectedJobs = jobsBefore + pending * 2;
    await waitFor(async () => (await redis.zcard(`${prefix}:maintenance:delayed`)) >= expectedJobs, {
      timeoutMs: 120_000,
      intervalMs: 250,
      what: `the reconciler to schedule ${pending} windows`,
    });
    const reconcileMs = Date.now() - reconcileStarted;
    await new Promise((r) => setTimeout(r, 1_000));
    const memAfter = await usedMemory(redis);
    const bytesAfter = await queueBytes(redis, prefix);
    const footprint = {
      pendingWindows: pending,
      jobsAdded: (await redis.zcard(`${prefix}:maintenance:delayed`)) - jobsBefore,
      reconcileToScheduledMs: reconcileMs,
      redisUsedMemoryDeltaMb: Math.round(((memAfter - memBefore) / 1048576) * 10) / 10,
      queueKeysBytesDeltaMb: Math.round(((bytesAfter.bytes - bytesBefore.bytes) / 1048576) * 10) / 10,
      bytesPerWindow: Math.round((bytesAfter.bytes - bytesBefore.bytes) / pending),
      serviceRssBeforeMb: rssBefore,
      serviceRssMb: rssMb(svc.child.pid),
    };

    const result = { timeliness, footprint, totalMs: Date.now() - started };
    console.log(
      [
        `maintenance: ${n} windows due at one instant (over ${pages} pages; created in ${createMs} ms through the API)`,
        `  start lag  p50 ${timeliness.lagP50Ms} ms   p99 ${timeliness.lagP99Ms} ms   max ${timeliness.lagMaxMs} ms`,
        `  throughput ${timeliness.throughputPerSec} transitions/s`,
        `maintenance: ${pending} pending windows (${footprint.jobsAdded} delayed jobs, scheduled by the reconciler in ${reconcileMs} ms)`,
        `  Redis used_memory +${footprint.redisUsedMemoryDeltaMb} MB (queue keys +${footprint.queueKeysBytesDeltaMb} MB, ~${footprint.bytesPerWindow} B/window)`,
        `  service RSS ${footprint.serviceRssMb} MB (before inserting them: ${footprint.serviceRssBeforeMb} MB)`,
      ].join('\n'),
    );
    return result;
  } finally {
    clearTimeout(timer);
    await cleanUp({ prefix, db }, () => svc?.stop(), () => pg.end(), () => redis.quit());
  }
}

module.exports = { run };

if (require.main === module) runMain(run);
