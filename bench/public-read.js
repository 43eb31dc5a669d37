/*
 * Public read path: the service's /status/{slug}/api/v2/summary.json against a
 * bare node:http server answering the identical bytes, both driven by
 * autocannon in the same run (100 connections). The two are measured in
 * alternating rounds (bare, service, bare, service, ...), so that a change in
 * the shared machine's speed hits both alike; each round gives a ratio and the
 * median round is reported. Also: requests/s, p50/p99 latency and the
 * service's resident memory after the run.
 */
const { fork } = require('node:child_process');
const path = require('node:path');
const crypto = require('node:crypto');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { createDatabase, dropDatabase, deleteRedisKeys, startService, rssMb, cpuMs, api, runMain } = require('./lib');

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 100);
const DURATION = Number(process.env.BENCH_DURATION || 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);

function cannon(url) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: DURATION, pipelining: 1 }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });
}

async function warm(url) {
  await new Promise((resolve, reject) =>
    autocannon({ url, connections: CONNECTIONS, duration: 2 }, (err) => (err ? reject(err) : resolve())),
  );
}

/** One autocannon run against a server process, with the CPU time that process spent per request. */
async function measure(url, pid) {
  const cpuBefore = cpuMs(pid);
  const result = await cannon(url);
  const cpuUsPerRequest = ((cpuMs(pid) - cpuBefore) * 1000) / result.requests.total;
  return {
    requestsPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
    cpuUsPerRequest: Math.round(cpuUsPerRequest * 10) / 10,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round2 = (x) => Math.round(x * 100) / 100;

/** Across rounds: median requests/s, p50 and CPU per request, the worst p99, all errors. */
function overall(rounds) {
  return {
    requestsPerSec: median(rounds.map((r) => r.requestsPerSec)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: Math.max(...rounds.map((r) => r.p99Ms)),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    cpuUsPerRequest: median(rounds.map((r) => r.cpuUsPerRequest)),
  };
}

/** A page with 20 components (4 groups), 2 open incidents, 2 maintenances (one active, one upcoming). */
async function seed(base, dbUrl) {
  const page = await api(base, 'POST', '/api/v1/pages', { slug: 'bench', name: 'Bench Inc.' });
  const components = [];
  for (let g = 0; g < 4; g += 1) {
    const group = await api(base, 'POST', `/api/v1/pages/${page.id}/component-groups`, { name: `Region ${g + 1}` });
    for (let c = 0; c < 5; c += 1) {
      components.push(
        await api(base, 'POST', `/api/v1/pages/${page.id}/components`, {
          name: `Service ${g + 1}.${c + 1}`,
          groupId: group.id,
          description: 'A service that matters to somebody.',
        }),
      );
    }
  }
  // Incidents and maintenances straight into PostgreSQL: the benchmark measures reads.
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  const now = Date.now();
  for (let i = 0; i < 2; i += 1) {
    const id = crypto.randomUUID();
    await db.query(
      `INSERT INTO incidents (id, page_id, name, status, impact, started_at, created_at, updated_at)
       VALUES ($1, $2, $3, 'identified', 'major', now(), now(), now())`,
      [id, page.id, `Elevated error rates ${i + 1}`],
    );
    await db.query(`INSERT INTO incident_components (incident_id, component_id, status) VALUES ($1, $2, 'partial_outage')`, [
      id,
      components[i].id,
    ]);
    for (const [status, msg] of [
      ['investigating', 'We are investigating elevated error rates.'],
      ['identified', 'The cause has been identified and a fix is being deployed.'],
    ]) {
      await db.query(
        `INSERT INTO incident_updates (id, incident_id, status, message, components, created_at) VALUES ($1, $2, $3, $4, $5, now())`,
        [crypto.randomUUID(), id, status, msg, JSON.stringify([{ componentId: components[i].id, status: 'partial_outage' }])],
      );
    }
  }
  for (const [status, startOffset] of [
    ['in_progress', -3600e3],
    ['scheduled', 86400e3],
  ]) {
    const id = crypto.randomUUID();
    await db.query(
      `INSERT INTO maintenances (id, page_id, title, description, status, scheduled_start, scheduled_end, auto_start, auto_complete, started_at, created_at, updated_at)
       VALUES ($1, $2, $3, 'Routine work', $4, $5, $6, false, false, $7, now(), now())`,
      [id, page.id, `Database upgrade (${status})`, status, new Date(now + startOffset), new Date(now + startOffset + 7200e3),
        status === 'in_progress' ? new Date(now + startOffset) : null],
    );
    await db.query(`INSERT INTO maintenance_components (maintenance_id, component_id) VALUES ($1, $2)`, [id, components[10].id]);
    await db.query(
      `INSERT INTO maintenance_updates (id, maintenance_id, status, message, created_at) VALUES ($1, $2, 'scheduled', 'Scheduled.', now())`,
      [crypto.randomUUID(), id],
    );
  }
  await db.end();
  // Any admin write invalidates the snapshot.
  await api(base, 'PATCH', `/api/v1/pages/${page.id}`, { description: 'Benchmark page' });
  return page;
}

async function run() {
  const db = await createDatabase('read');
  const prefix = `spbench-read-${Date.now().toString(36)}`;
  const service = await startService({ db, prefix });
  let bare;
  try {
    const page = await seed(service.base, db.url);
    const url = `${service.base}/status/${page.slug}/api/v2/summary.json`;
    const res = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    const body = Buffer.from(await res.arrayBuffer());
    const summary = JSON.parse(body.toString());
    if (summary.components.length !== 24 || summary.incidents.length !== 2 || summary.scheduled_maintenances.length !== 2) {
      throw new Error('unexpected summary shape');
    }
    const headers = {};
    for (const h of ['content-type', 'etag', 'cache-control', 'access-control-allow-origin', 'vary']) {
      headers[h] = res.headers.get(h);
    }
    bare = fork(path.join(__dirname, 'bare-server.js'), [JSON.stringify({ body: body.toString('base64'), headers })], {
      stdio: 'ignore',
    });
    const barePort = await new Promise((resolve) => bare.once('message', (m) => resolve(m.port)));
    const bareUrl = `http://127.0.0.1:${barePort}/`;

    await warm(bareUrl);
    await warm(url);
    const rounds = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      const b = await measure(bareUrl, bare.pid);
      const v = await measure(url, service.child.pid);
      rounds.push({ bare: b, service: v, ratio: round2(v.requestsPerSec / b.requestsPerSec), cpuRatio: round2(b.cpuUsPerRequest / v.cpuUsPerRequest) });
    }
    const rss = rssMb(service.child.pid);
    const bareResult = overall(rounds.map((r) => r.bare));
    const serviceResult = overall(rounds.map((r) => r.service));
    const out = {
      bodyBytes: body.length,
      connections: CONNECTIONS,
      durationSec: DURATION,
      rounds,
      bare: bareResult,
      service: serviceResult,
      ratio: median(rounds.map((r) => r.ratio)),
      cpuRatio: median(rounds.map((r) => r.cpuRatio)),
      serviceRssMb: rss,
    };
    console.log('\nPublic read path: GET /status/{slug}/api/v2/summary.json');
    console.log(`  body ${out.bodyBytes} bytes, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${DURATION}s each`);
    rounds.forEach((r, i) =>
      console.log(
        `  round ${i + 1}: bare ${r.bare.requestsPerSec} req/s, service ${r.service.requestsPerSec} req/s, ratio ${r.ratio};` +
          ` CPU per request bare ${r.bare.cpuUsPerRequest} us, service ${r.service.cpuUsPerRequest} us`,
      ),
    );
    console.log(`  bare node:http  ${bareResult.requestsPerSec} req/s  p50 ${bareResult.p50Ms} ms  p99 ${bareResult.p99Ms} ms  (median round; worst p99)`);
    console.log(`  service         ${serviceResult.requestsPerSec} req/s  p50 ${serviceResult.p50Ms} ms  p99 ${serviceResult.p99Ms} ms  errors ${serviceResult.errors}`);
    console.log(`  ratio service/bare ${out.ratio} (median round)   service RSS after run ${rss} MB`);
    console.log(`  CPU per request, bare/service ${out.cpuRatio} (median round: the share of bare's efficiency the service keeps)`);
    return out;
  } finally {
    if (bare) bare.kill('SIGTERM');
    await service.stop();
    await dropDatabase(db);
    await deleteRedisKeys(prefix);
  }
}

module.exports = { run, seed };

if (require.main === module) runMain(run);
