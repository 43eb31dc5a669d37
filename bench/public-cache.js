/*
 * The public cache at scale: 5,000 pages of 5 components, each page's HTML,
 * summary.json, Atom feed and badge read once (cold: every read builds a
 * snapshot or renders a document), then the 20 most read pages under load
 * against a bare node:http server answering one of their bodies, in the same
 * run. Reports the service's resident memory growth against PUBLIC_CACHE_MB
 * (+100 MB allowed), cold-read p50/p99 and the hot ratio.
 */
const { fork } = require('node:child_process');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { createDatabase, dropDatabase, deleteRedisKeys, startService, rssMb, runMain } = require('./lib');

const PAGES = Number(process.env.BENCH_CACHE_PAGES || 5000);
const CACHE_MB = Number(process.env.BENCH_CACHE_MB || 64);
const HOT_PAGES = 20;
const DOCS = ['', '/api/v2/summary.json', '/history.atom', '/badge.svg'];
const COLD_CONCURRENCY = 8;
const DURATION = Number(process.env.BENCH_DURATION || 8);

async function seed(dbUrl) {
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  await db.query(
    `INSERT INTO pages (id, slug, name, updated_at)
     SELECT gen_random_uuid(), 'cache-' || n, 'Cache page ' || n, now() FROM generate_series(1, $1) n`,
    [PAGES],
  );
  await db.query(
    `INSERT INTO components (id, page_id, name, position, updated_at)
     SELECT gen_random_uuid(), p.id, 'Service ' || c, c, now() FROM pages p CROSS JOIN generate_series(1, 5) c`,
  );
  await db.end();
}

const percentile = (xs, p) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
};

/** The service's V8 heap in use (its /metrics). */
async function heapUsedMb(base) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = /^nodejs_heap_size_used_bytes (\S+)/m.exec(text);
  return m ? Math.round(Number(m[1]) / 1048576) : null;
}

function cannon(opts) {
  return new Promise((resolve, reject) =>
    autocannon({ connections: 100, duration: DURATION, ...opts }, (err, r) => (err ? reject(err) : resolve(r))),
  );
}

async function run() {
  const db = await createDatabase('cache');
  const prefix = `spbench-cache-${Date.now().toString(36)}`;
  await seed(db.url);
  const service = await startService({
    db,
    prefix,
    env: { PUBLIC_CACHE_MB: String(CACHE_MB) },
    nodeArgs: ['--expose-gc', '-r', path.join(__dirname, 'gc-on-signal.js')],
  });
  /** Resident memory after a full GC in the service (what it retains). */
  const retainedMb = async () => {
    service.child.kill('SIGWINCH');
    await new Promise((r) => setTimeout(r, 500));
    return rssMb(service.child.pid);
  };
  let bare;
  try {
    const slugs = Array.from({ length: PAGES }, (_, i) => `cache-${i + 1}`);
    await fetch(`${service.base}/status/${slugs[0]}/badge.svg`); // the directory is read once
    const rssBefore = await retainedMb();
    const heapBefore = await heapUsedMb(service.base);

    const latencies = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: COLD_CONCURRENCY }, async () => {
        while (next < slugs.length) {
          const slug = slugs[next++];
          for (const doc of DOCS) {
            const t0 = performance.now();
            const res = await fetch(`${service.base}/status/${slug}${doc}`, { headers: { 'accept-encoding': 'gzip' } });
            await res.arrayBuffer();
            if (res.status !== 200) throw new Error(`${slug}${doc} answered ${res.status}`);
            latencies.push(performance.now() - t0);
          }
        }
      }),
    );
    const coldSeconds = (performance.now() - started) / 1000;
    const rssAfter = await retainedMb();
    const heapAfter = await heapUsedMb(service.base);

    const hot = slugs.slice(0, HOT_PAGES);
    const res = await fetch(`${service.base}/status/${hot[0]}/api/v2/summary.json`, { headers: { 'accept-encoding': 'identity' } });
    const body = Buffer.from(await res.arrayBuffer());
    const headers = {};
    for (const h of ['content-type', 'etag', 'cache-control', 'access-control-allow-origin', 'vary']) headers[h] = res.headers.get(h);
    bare = fork(path.join(__dirname, 'bare-server.js'), [JSON.stringify({ body: body.toString('base64'), headers })], { stdio: 'ignore' });
    const barePort = await new Promise((resolve) => bare.once('message', (m) => resolve(m.port)));
    const requests = hot.map((slug) => ({ path: `/status/${slug}/api/v2/summary.json` }));
    await cannon({ url: service.base, requests, duration: 2 });
    const bareRun = await cannon({ url: `http://127.0.0.1:${barePort}/` });
    const serviceRun = await cannon({ url: service.base, requests });
    const rssHot = rssMb(service.child.pid);

    const out = {
      pages: PAGES,
      cacheMb: CACHE_MB,
      coldRequests: latencies.length,
      coldSeconds: Math.round(coldSeconds * 10) / 10,
      coldP50Ms: percentile(latencies, 50),
      coldP99Ms: percentile(latencies, 99),
      rssBeforeMb: rssBefore,
      rssAfterColdMb: rssAfter,
      rssGrowthMb: Math.round((rssAfter - rssBefore) * 10) / 10,
      rssLimitMb: CACHE_MB + 100,
      rssAfterHotMb: rssHot,
      heapBeforeMb: heapBefore,
      heapAfterColdMb: heapAfter,
      hotBareRps: Math.round(bareRun.requests.average),
      hotServiceRps: Math.round(serviceRun.requests.average),
      hotRatio: Math.round((serviceRun.requests.average / bareRun.requests.average) * 100) / 100,
      hotErrors: serviceRun.errors + serviceRun.non2xx,
    };
    console.log(`\nPublic cache: ${PAGES} pages x 5 components, PUBLIC_CACHE_MB=${CACHE_MB}`);
    console.log(`  cold: ${out.coldRequests} reads (HTML, summary.json, Atom, badge of each page) in ${out.coldSeconds} s, p50 ${out.coldP50Ms} ms, p99 ${out.coldP99Ms} ms`);
    console.log(`  RSS ${rssBefore} MB -> ${rssAfter} MB after the cold reads: growth ${out.rssGrowthMb} MB (limit ${out.rssLimitMb} MB); V8 heap used ${heapBefore} -> ${heapAfter} MB`);
    console.log(`  hot (${HOT_PAGES} pages' summary.json): service ${out.hotServiceRps} req/s, bare ${out.hotBareRps} req/s, ratio ${out.hotRatio}, errors ${out.hotErrors}; RSS ${rssHot} MB`);
    if (out.rssGrowthMb > out.rssLimitMb) console.log('  ! resident memory grew past the budget plus 100 MB');
    return out;
  } finally {
    if (bare) bare.kill('SIGTERM');
    await service.stop();
    await dropDatabase(db);
    await deleteRedisKeys(prefix);
  }
}

module.exports = { run };

if (require.main === module) runMain(run);
