/*
 * Recurring maintenance benchmark, against the BUILT service (`npm run build` first).
 *
 *   node bench/series.js [--series 1000] [--pages 20] [--concurrency 16]
 *
 * 1. Materialization: creates SERIES weekly series through the admin API
 *    (spread over PAGES pages, days and hours), each making its occurrences
 *    for the next 90 days (about 13) as maintenances in its request, with
 *    their delayed jobs. Reports the time, and the baseline in the same run:
 *    creating the same number of plain maintenances through the API, one
 *    request each (same concurrency).
 * 2. Extension: rewinds every series 60 days (only the next 30 days of
 *    occurrences left, last extended "now"), restarts the service and times
 *    how long its boot-time reconciler run takes to make the missing ones
 *    again (every series is due; each re-plans 90 days and the existing 30
 *    days are skipped by the unique key).
 *
 * Uses its own database, queue prefix and child processes, and removes all
 * three at the end. Bounded: gives up after about 8 minutes.
 */
const { Client } = require('pg');
const Redis = require('ioredis').default;
const { REDIS_URL, api, createDatabase, cleanUp, rssMb, runMain, startService } = require('./lib');

const DEADLINE_MS = 8 * 60_000;
const DAY_MS = 86_400_000;
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}

async function pool(count, limit, fn) {
  let next = 0;
  const lane = async () => {
    while (next < count) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
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

async function run({ series = arg('series', 1000), pages = arg('pages', 20), concurrency = arg('concurrency', 16) } = {}) {
  const started = Date.now();
  const prefix = `spbench-series-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const db = await createDatabase('series');
  const pg = new Client({ connectionString: db.url });
  const redis = new Redis(REDIS_URL);
  let svc;
  const timer = setTimeout(() => {
    console.error('series bench: over its time budget, stopping');
    svc?.child.kill('SIGKILL');
  }, DEADLINE_MS);
  const count = async (where) => (await pg.query(`SELECT count(*)::int AS c FROM maintenances WHERE ${where}`)).rows[0].c;
  try {
    await pg.connect();
    svc = await startService({ db, prefix });
    const targets = [];
    for (let p = 0; p < pages; p++) {
      const page = await api(svc.base, 'POST', '/api/v1/pages', { slug: `bench-${prefix}-${p}`.slice(0, 63), name: `Bench ${p}` });
      const component = await api(svc.base, 'POST', `/api/v1/pages/${page.id}/components`, { name: 'Database' });
      targets.push({ pageId: page.id, componentId: component.id });
    }

    // ---- 1. materialization --------------------------------------------------------
    const delayedBefore = await redis.zcard(`${prefix}:maintenance:delayed`);
    const t0 = Date.now();
    await pool(series, concurrency, async (i) => {
      const { pageId, componentId } = targets[i % pages];
      await api(svc.base, 'POST', `/api/v1/pages/${pageId}/maintenance-series`, {
        title: `Weekly patching ${i}`,
        componentIds: [componentId],
        timeZone: ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'UTC'][i % 4],
        firstStart: `2026-01-0${1 + (i % 7)}T${String(i % 24).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`,
        rrule: `FREQ=WEEKLY;BYDAY=${WEEKDAYS[i % 7]}`,
        durationMinutes: 60 + (i % 4) * 30,
      });
    });
    const seriesMs = Date.now() - t0;
    const occurrences = await count('series_id IS NOT NULL');
    const seriesJobs = (await redis.zcard(`${prefix}:maintenance:delayed`)) - delayedBefore;

    // Baseline, same run: as many plain windows through the API, one request each.
    const t1 = Date.now();
    await pool(occurrences, concurrency, async (i) => {
      const { pageId, componentId } = targets[i % pages];
      const start = Date.now() + DAY_MS + i * 60_000;
      await api(svc.base, 'POST', `/api/v1/pages/${pageId}/maintenances`, {
        title: `Plain window ${i}`,
        componentIds: [componentId],
        scheduledStart: new Date(start).toISOString(),
        scheduledEnd: new Date(start + 3_600_000).toISOString(),
      });
    });
    const plainMs = Date.now() - t1;
    const rssAfterCreate = rssMb(svc.child.pid);

    // ---- 2. extension ----------------------------------------------------------------
    await svc.stop();
    svc = undefined;
    await pg.query(`DELETE FROM maintenances WHERE series_id IS NOT NULL AND occurrence_start >= now() + interval '30 days'`);
    await pg.query(`UPDATE maintenance_series SET materialized_until = now(), next_start = now()`);
    const left = await count('series_id IS NOT NULL');
    const t2 = Date.now();
    svc = await startService({ db, prefix });
    const bootMs = Date.now() - t2;
    await waitFor(async () => (await count('series_id IS NOT NULL')) >= occurrences, {
      timeoutMs: 180_000,
      intervalMs: 100,
      what: `the reconciler to extend ${series} series`,
    });
    const extendMs = Date.now() - t2;
    const duplicates = (
      await pg.query(`SELECT count(*)::int AS c FROM (SELECT 1 FROM maintenances WHERE series_id IS NOT NULL
        GROUP BY series_id, occurrence_start HAVING count(*) > 1) d`)
    ).rows[0].c;

    const result = {
      materialize: {
        series,
        pages,
        concurrency,
        occurrences,
        seriesMs,
        msPerOccurrence: Math.round((seriesMs / occurrences) * 100) / 100,
        delayedJobsAdded: seriesJobs,
        plainWindowsMs: plainMs,
        msPerPlainWindow: Math.round((plainMs / occurrences) * 100) / 100,
        ratioSeriesToPlain: Math.round((seriesMs / plainMs) * 1000) / 1000,
        serviceRssMb: rssAfterCreate,
      },
      extend: { occurrencesLeft: left, made: occurrences - left, extendMs, serviceBootMs: bootMs, duplicates },
      totalMs: Date.now() - started,
    };
    const m = result.materialize;
    console.log(
      [
        `series: ${series} weekly series (${pages} pages) made ${occurrences} occurrences in ${seriesMs} ms through the API (${m.msPerOccurrence} ms each, ${seriesJobs} delayed jobs)`,
        `  baseline, same run: ${occurrences} plain windows, one request each, in ${plainMs} ms (${m.msPerPlainWindow} ms each)`,
        `  ratio series/plain ${m.ratioSeriesToPlain}   service RSS ${m.serviceRssMb} MB`,
        `series: extension of ${series} rewound series: ${occurrences - left} occurrences made ${extendMs} ms after the restart began (boot ${bootMs} ms), ${duplicates} duplicates`,
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
