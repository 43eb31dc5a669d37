/*
 * A page filled to the contract's limits ("Limits and hardening": timeline
 * messages of 20,000 characters, 500 entries per incident or maintenance):
 * 50 incidents (the 10 newest unresolved, the others resolved in the last 14
 * days, so the status page shows their timelines too) and 3 maintenances (in
 * progress, scheduled, completed), every one with 500 entries of 20,000
 * characters, inserted by SQL. In each round the page is changed, then every
 * public document of it is requested, one after the other: the first request
 * reads the page (and, after the first round, renders every document asked for
 * before), the others render their document.
 * Meanwhile a worker thread polls /health every 5 ms: its latency is what the
 * other readers of the process see. The same is done first for an ordinary
 * page (22 incidents, 3 maintenances, a few short updates each) in the same
 * service: the baseline. Reports max and p99 of the poll latency during each
 * page's reads, as ratios limits/ordinary, and per document its time and size.
 *
 * BENCH_LIMITS_INCIDENTS, BENCH_LIMITS_OPEN, BENCH_LIMITS_ENTRIES, BENCH_LIMITS_CHARS
 * change the filling (defaults 50, 10, 500, 20000); BENCH_LIMITS_ROUNDS the
 * rounds (3: the pages alternate, ordinary first).
 */
const { performance } = require('node:perf_hooks');
const { Worker } = require('node:worker_threads');
const { Client } = require('pg');
const { createDatabase, dropDatabase, deleteRedisKeys, startService, rssMb, api, runMain } = require('./lib');

const INCIDENTS = Number(process.env.BENCH_LIMITS_INCIDENTS || 50);
const OPEN = Number(process.env.BENCH_LIMITS_OPEN || 10);
const ENTRIES = Number(process.env.BENCH_LIMITS_ENTRIES || 500);
const CHARS = Number(process.env.BENCH_LIMITS_CHARS || 20_000);
const ROUNDS = Number(process.env.BENCH_LIMITS_ROUNDS || 3);
const POLL_MS = 5;

/** Every public document of a page (PUBLIC_DOCUMENTS in src/modules/status-pages/public/public-documents.ts). */
const DOCS = [
  '',
  '/history',
  '/history.atom',
  '/history.rss',
  '/api/v2/summary.json',
  '/api/v2/status.json',
  '/api/v2/components.json',
  '/api/v2/incidents.json',
  '/api/v2/incidents/unresolved.json',
  '/api/v2/scheduled-maintenances.json',
  '/api/v2/scheduled-maintenances/upcoming.json',
  '/api/v2/scheduled-maintenances/active.json',
  '/maintenances.ics',
  '/badge.svg',
];

/** The poller: GET /health every POLL_MS (each request timed from when it was sent), until told to stop. */
const POLLER = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const samples = [];
const now = () => performance.timeOrigin + performance.now();
const timer = setInterval(() => {
  const sent = now();
  fetch(workerData.url).then(
    (res) => res.arrayBuffer().then(() => samples.push([sent, now() - sent, res.status])),
    () => samples.push([sent, now() - sent, 0]),
  );
}, workerData.every);
parentPort.on('message', () => {
  clearInterval(timer);
  setTimeout(() => parentPort.postMessage(samples), 2000);
});
`;

const now = () => performance.timeOrigin + performance.now();
const round1 = (x) => Math.round(x * 10) / 10;
const round2 = (x) => Math.round(x * 100) / 100;
const percentile = (xs, p) => {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return round1(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
};

async function seedPage(db, base, { slug, incidents, open, entries, chars }) {
  const page = await api(base, 'POST', '/api/v1/pages', { slug, name: `Limits ${slug}` });
  const component = await api(base, 'POST', `/api/v1/pages/${page.id}/components`, { name: 'API' });
  // Texts of `chars` characters (words of hex, little repetition), a pool of 64 reused by the rows.
  await db.query(`CREATE TEMP TABLE IF NOT EXISTS pool (n int, text text)`);
  await db.query(`TRUNCATE pool`);
  await db.query(
    `INSERT INTO pool SELECT p, left(string_agg(md5(p || ':' || k), ' '), $1::int) FROM generate_series(0, 63) p,
       generate_series(1, ceil($1::int / 33.0)::int) k GROUP BY p`,
    [chars],
  );
  await db.query(
    `INSERT INTO incidents (id, page_id, name, status, impact, started_at, resolved_at, created_at, updated_at)
     SELECT gen_random_uuid(), $1, 'Incident ' || i, CASE WHEN i <= $3 THEN 'identified' ELSE 'resolved' END::"IncidentStatus", 'major',
       now() - i * interval '6 hours', CASE WHEN i <= $3 THEN NULL ELSE now() - i * interval '6 hours' + interval '1 hour' END,
       now() - i * interval '6 hours', now() - i * interval '6 hours'
     FROM generate_series(1, $2) i`,
    [page.id, incidents, open],
  );
  await db.query(
    `INSERT INTO incident_components (incident_id, component_id, status) SELECT id, $2, 'partial_outage' FROM incidents WHERE page_id = $1`,
    [page.id, component.id],
  );
  await db.query(
    `INSERT INTO incident_updates (id, incident_id, status, message, message_html, created_at)
     SELECT gen_random_uuid(), i.id, 'identified', p.text, '<p>' || p.text || '</p>', i.started_at + e * interval '1 second'
     FROM incidents i CROSS JOIN generate_series(1, $2) e JOIN pool p ON p.n = e % 64
     WHERE i.page_id = $1 ORDER BY i.id, e`,
    [page.id, entries],
  );
  for (const [status, startHours] of [
    ['in_progress', -1],
    ['scheduled', 24],
    ['completed', -48],
  ]) {
    const start = new Date(Date.now() + startHours * 3600e3);
    const { rows } = await db.query(
      `INSERT INTO maintenances (id, page_id, title, status, scheduled_start, scheduled_end, auto_start, auto_complete, started_at, completed_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, false, false, $6, $7, now()) RETURNING id`,
      [page.id, `Maintenance (${status})`, status, start, new Date(start.getTime() + 7200e3), status === 'scheduled' ? null : start,
        status === 'completed' ? new Date(start.getTime() + 7200e3) : null],
    );
    await db.query(`INSERT INTO maintenance_components (maintenance_id, component_id) VALUES ($1, $2)`, [rows[0].id, component.id]);
    await db.query(
      `INSERT INTO maintenance_updates (id, maintenance_id, status, message, message_html, created_at)
       SELECT gen_random_uuid(), $1, $2, p.text, '<p>' || p.text || '</p>', now() - interval '3 days' + e * interval '1 second'
       FROM generate_series(1, $3) e JOIN pool p ON p.n = e % 64 ORDER BY e`,
      [rows[0].id, status, entries],
    );
  }
  return page;
}

/**
 * A change to the page, then every document once: the first read builds a new
 * snapshot (and renders every document asked for before), the others render
 * their document. In the first round nothing was asked for before: all cold.
 */
async function readAll(base, page, round) {
  const docs = [];
  const from = now();
  await api(base, 'PATCH', `/api/v1/pages/${page.id}`, { isPublic: true });
  for (const doc of DOCS) {
    await loopDelayMaxMs(base); // resets the service's event-loop delay histogram
    const t0 = now();
    const res = await fetch(`${base}/status/${page.slug}${doc}`, { headers: { 'accept-encoding': 'gzip' } });
    const body = Buffer.from(await res.arrayBuffer()); // fetch decodes gzip itself
    if (res.status !== 200) throw new Error(`${page.slug}${doc} answered ${res.status}`);
    const to = now();
    docs.push({ round, doc: doc || '/', from: t0, to, loopMaxMs: await loopDelayMaxMs(base), ms: round1(to - t0), gzip: res.headers.get('content-encoding') === 'gzip', bytes: body.length, entries: countEntries(doc, body.toString()) });
  }
  return { from, to: now(), docs };
}

/**
 * The longest the service's event loop was held up since the last call: its own
 * measure (prom-client's `nodejs_eventloop_lag_max_seconds`, from
 * monitorEventLoopDelay, reset at every scrape; 10 ms resolution).
 */
async function loopDelayMaxMs(base) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = /^nodejs_eventloop_lag_max_seconds (\S+)/m.exec(text);
  return m ? round1(Number(m[1]) * 1000) : null;
}

/** Timeline entries a document carries (HTML: list items of a timeline; JSON: incident_updates; feeds: entry headings). */
function countEntries(doc, text) {
  if (doc === '' || doc === '/history') return (text.match(/<p class="when">/g) ?? []).length;
  if (doc.endsWith('.json')) {
    const value = JSON.parse(text);
    const lists = [...(value.incidents ?? []), ...(value.scheduled_maintenances ?? [])];
    return lists.reduce((n, x) => n + (x.incident_updates?.length ?? 0), 0);
  }
  if (doc.endsWith('.atom') || doc.endsWith('.rss')) return (text.match(/&lt;small&gt;/g) ?? []).length;
  return null;
}

/** Poll latencies of the polls sent during any of the runs ({from, to}). */
function polls(samples, runs) {
  const lat = samples.filter(([sent]) => runs.some((r) => sent >= r.from && sent <= r.to)).map(([, ms]) => ms);
  return { polls: lat.length, maxMs: lat.length ? round1(Math.max(...lat)) : null, p99Ms: percentile(lat, 99), p50Ms: percentile(lat, 50) };
}

async function run() {
  const db = await createDatabase('limits');
  const prefix = `spbench-limits-${Date.now().toString(36)}`;
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the service.
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
  const service = await startService({ db, prefix, nodeArgs });
  const sql = new Client({ connectionString: db.url });
  sql.on('error', () => undefined); // terminated when the database is dropped
  let poller;
  try {
    await sql.connect();
    const seedStarted = now();
    const ordinary = await seedPage(sql, service.base, { slug: 'ordinary', incidents: 22, open: 2, entries: 5, chars: 300 });
    const full = await seedPage(sql, service.base, { slug: 'full', incidents: INCIDENTS, open: OPEN, entries: ENTRIES, chars: CHARS });
    const seedSeconds = round1((now() - seedStarted) / 1000);
    const rssBefore = rssMb(service.child.pid);

    poller = new Worker(POLLER, { eval: true, workerData: { url: `${service.base}/health`, every: POLL_MS } });
    await new Promise((r) => setTimeout(r, 1000));
    const idle = { from: now() };
    await new Promise((r) => setTimeout(r, 1000));
    idle.to = now();
    const base = [];
    const limits = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      base.push(await readAll(service.base, ordinary, round));
      await new Promise((r) => setTimeout(r, 200));
      limits.push(await readAll(service.base, full, round));
      await new Promise((r) => setTimeout(r, 200));
    }
    const rssAfter = rssMb(service.child.pid);
    const samples = await new Promise((resolve) => {
      poller.once('message', resolve);
      poller.postMessage('stop');
    });
    if (samples.some(([, , status]) => status !== 200)) throw new Error('a /health poll failed');

    const during = (runs) => {
      const all = polls(samples, runs);
      const rounds = runs.map((r) => polls(samples, [r]).maxMs);
      return { ...all, roundMaxMs: rounds };
    };
    const perDoc = (runs) => runs.flatMap((r) => r.docs).map(({ from, to, ...d }) => ({ ...d, pollMaxMs: polls(samples, [{ from: from - POLL_MS, to }]).maxMs }));
    const out = {
      filling: { incidents: INCIDENTS, open: OPEN, maintenances: 3, entriesEach: ENTRIES, chars: CHARS, seedSeconds, rounds: ROUNDS },
      idle: polls(samples, [idle]),
      ordinary: during(base),
      limits: during(limits),
      rssBeforeMb: rssBefore,
      rssAfterMb: rssAfter,
      documents: { ordinary: perDoc(base), limits: perDoc(limits) },
    };
    const loopMax = (runs) => Math.max(...runs.flatMap((r) => r.docs.map((d) => d.loopMaxMs)));
    out.ordinary.loopMaxMs = loopMax(base);
    out.limits.loopMaxMs = loopMax(limits);
    out.maxRatio = round2(out.limits.maxMs / out.ordinary.maxMs);
    out.p99Ratio = round2(out.limits.p99Ms / out.ordinary.p99Ms);
    console.log(`\nLimits: ${INCIDENTS} incidents (${OPEN} open) and 3 maintenances, ${ENTRIES} entries of ${CHARS} characters each (seeded in ${seedSeconds} s), ${ROUNDS} rounds`);
    console.log(`  /health every ${POLL_MS} ms: idle max ${out.idle.maxMs} ms, p99 ${out.idle.p99Ms} ms (${out.idle.polls} polls)`);
    console.log(`  while reading an ordinary page: max ${out.ordinary.maxMs} ms (rounds ${out.ordinary.roundMaxMs.join(', ')}), p99 ${out.ordinary.p99Ms} ms, p50 ${out.ordinary.p50Ms} ms (${out.ordinary.polls} polls)`);
    console.log(`  while reading the page at the limits: max ${out.limits.maxMs} ms (rounds ${out.limits.roundMaxMs.join(', ')}), p99 ${out.limits.p99Ms} ms, p50 ${out.limits.p50Ms} ms (${out.limits.polls} polls)`);
    console.log(`  the service's own event-loop delay, max over the documents: ordinary ${out.ordinary.loopMaxMs} ms, limits ${out.limits.loopMaxMs} ms`);
    console.log(`  ratios limits/ordinary: max ${out.maxRatio}, p99 ${out.p99Ratio}; service RSS ${rssBefore} -> ${rssAfter} MB`);
    for (const d of out.documents.limits) {
      console.log(`    round ${d.round} ${d.doc.padEnd(44)} ${String(d.ms).padStart(8)} ms ${String(d.bytes).padStart(10)} B${d.gzip ? ' (gzip)' : '       '}  entries ${String(d.entries ?? '-').padStart(5)}  poll max ${d.pollMaxMs ?? '-'} ms, loop max ${d.loopMaxMs} ms`);
    }
    if (out.limits.maxMs > 50 + out.ordinary.maxMs) console.log('  ! another request waited more than 50 ms longer than with an ordinary page');
    return out;
  } finally {
    if (poller) await poller.terminate();
    await sql.end().catch(() => undefined);
    await service.stop();
    await dropDatabase(db);
    await deleteRedisKeys(prefix);
  }
}

module.exports = { run };

if (require.main === module) runMain(run);
