/*
 * Monitoring-integration benchmark, against the BUILT service (`npm run build` first)
 * and a real Prometheus Alertmanager (/usr/bin/prometheus-alertmanager).
 *
 *   node bench/alerts.js [--n 100] [--flip 1000]
 *
 * 1. Latency: N alerts, one at a time, each for its own component, posted to
 *    Alertmanager's /api/v2/alerts; each is timed from the POST until the
 *    public summary.json shows the component's status (p50, p99, max).
 *    Alertmanager groups by component with group_wait 0s, the lowest it allows.
 * 2. Flip: FLIP components flipped by one grouped notification: FLIP alerts in
 *    one POST to Alertmanager (one group, group_wait 1s so that every alert is
 *    in the first notification), timed until summary.json shows all of them;
 *    then the same FLIP resolved in one notification posted to the receiver
 *    directly (the service's own share: the POST's duration, and until
 *    summary.json shows them all operational).
 *
 * Uses its own database, queue prefix, service and Alertmanager, and removes
 * them at the end. Bounded: gives up after about 5 minutes.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { api, createDatabase, deleteRedisKeys, dropDatabase, freePort, runMain, startService } = require('./lib');

const DEADLINE_MS = 5 * 60_000;
const ALERTMANAGER_BIN = process.env.ALERTMANAGER_BIN || '/usr/bin/prometheus-alertmanager';

function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function waitFor(check, { timeoutMs, intervalMs = 5, what }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Alertmanager with one webhook receiver per route: [{name, url, token, groupBy, groupWait}]. */
async function startAlertmanager(routes) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-bench-am-'));
  const q = JSON.stringify;
  const lines = ['route:', '  receiver: blackhole', '  routes:'];
  for (const r of routes) {
    lines.push(
      `    - matchers: [${q(`target="${r.name}"`)}]`,
      `      receiver: ${q(r.name)}`,
      `      group_by: [${r.groupBy.map(q).join(', ')}]`,
      `      group_wait: ${r.groupWait}`,
      '      group_interval: 1s',
      '      repeat_interval: 1h',
    );
  }
  lines.push('receivers:', '  - name: blackhole');
  for (const r of routes) {
    lines.push(
      `  - name: ${q(r.name)}`,
      '    webhook_configs:',
      `      - url: ${q(r.url)}`,
      '        send_resolved: true',
      '        max_alerts: 0',
      '        http_config:',
      '          authorization:',
      '            type: Bearer',
      `            credentials: ${q(r.token)}`,
    );
  }
  fs.writeFileSync(path.join(dir, 'am.yml'), `${lines.join('\n')}\n`);
  const port = await freePort();
  const child = spawn(
    ALERTMANAGER_BIN,
    [`--config.file=${path.join(dir, 'am.yml')}`, `--storage.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=debug'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => child.exitCode === null && (await fetch(`${url}/-/ready`).then((r) => r.ok, () => false)), {
    timeoutMs: 20_000,
    intervalMs: 100,
    what: 'alertmanager to start',
  }).catch((err) => {
    child.kill('SIGKILL');
    throw new Error(`${err.message}: ${log.slice(-1000)}`);
  });
  return {
    url,
    async post(alerts) {
      const res = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
      if (!res.ok) throw new Error(`alertmanager: ${res.status} ${await res.text()}`);
    },
    delivered: (receiver) => log.split('\n').filter((l) => l.includes(`receiver=${receiver} `) && l.includes('msg="Notify success"')).length,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 5_000)).then(() => child.kill('SIGKILL'))]);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function run({ n = arg('n', 100), flip = arg('flip', 1000) } = {}) {
  const started = Date.now();
  const prefix = `spbench-alerts-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const db = await createDatabase('alerts');
  let svc;
  let am;
  const timer = setTimeout(() => {
    console.error('alerts bench: over its time budget, stopping');
    svc?.child.kill('SIGKILL');
  }, DEADLINE_MS);
  try {
    svc = await startService({ db, prefix });
    const page = await api(svc.base, 'POST', '/api/v1/pages', { slug: `bench-${prefix}`.slice(0, 63), name: 'Alerts bench' });
    const count = Math.max(n, flip);
    const components = new Array(count);
    let next = 0;
    const lane = async () => {
      for (let i = next++; i < count; i = next++) {
        components[i] = await api(svc.base, 'POST', `/api/v1/pages/${page.id}/components`, { name: `c${i}`, position: i });
      }
    };
    await Promise.all(Array.from({ length: 8 }, lane));
    const integration = await api(svc.base, 'POST', `/api/v1/pages/${page.id}/integrations`, { name: 'Bench' });
    const receiver = `${svc.base}/api/v1/integrations/${integration.id}/alertmanager`;
    am = await startAlertmanager([
      { name: 'each', url: receiver, token: integration.token, groupBy: ['component'], groupWait: '0s' },
      { name: 'grouped', url: receiver, token: integration.token, groupBy: ['alertname'], groupWait: '1s' },
    ]);
    const summaryUrl = `${svc.base}/status/${page.slug}/api/v2/summary.json`;
    const statuses = async () => {
      const body = await (await fetch(summaryUrl)).json();
      return new Map(body.components.map((c) => [c.id, c.status]));
    };
    const endsAt = () => new Date(Date.now() + 3_600_000).toISOString();

    // ---- 1. one alert at a time ------------------------------------------------
    const latencies = [];
    for (let i = 0; i < n; i++) {
      const c = components[i];
      const t0 = performance.now();
      await am.post([{ labels: { alertname: 'BenchEach', component: c.name, severity: 'critical', target: 'each' }, endsAt: endsAt() }]);
      await waitFor(async () => (await statuses()).get(c.id) === 'major_outage', { timeoutMs: 30_000, what: `alert ${i}` });
      latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    const latency = {
      alerts: n,
      p50Ms: Math.round(percentile(latencies, 50)),
      p99Ms: Math.round(percentile(latencies, 99)),
      maxMs: Math.round(latencies[latencies.length - 1]),
    };
    // Resolve them (one group per component), and wait until the page is clear.
    await am.post(components.slice(0, n).map((c) => ({ labels: { alertname: 'BenchEach', component: c.name, severity: 'critical', target: 'each' }, endsAt: new Date().toISOString() })));
    await waitFor(async () => [...(await statuses()).values()].every((s) => s === 'operational'), { timeoutMs: 60_000, intervalMs: 100, what: 'the page to clear' });

    // ---- 2. FLIP components by one grouped notification ---------------------------
    const flipped = components.slice(0, flip);
    const before = am.delivered('grouped');
    const t1 = performance.now();
    await am.post(flipped.map((c) => ({ labels: { alertname: 'BenchFlip', component: c.name, severity: 'warning', target: 'grouped' }, endsAt: endsAt() })));
    const postMs = performance.now() - t1;
    await waitFor(
      async () => {
        const s = await statuses();
        return flipped.every((c) => s.get(c.id) === 'degraded_performance');
      },
      { timeoutMs: 60_000, intervalMs: 20, what: `${flip} components to flip` },
    );
    const viaAlertmanagerMs = performance.now() - t1;
    const notifications = am.delivered('grouped') - before;
    if (notifications !== 1) {
      console.warn(`alerts bench: the ${flip} alerts came in ${notifications} notifications, not one grouped notification`);
    }

    // The same alerts resolved, in one notification straight to the receiver (Alertmanager's own shape).
    const payload = {
      version: '4',
      status: 'resolved',
      receiver: 'grouped',
      groupKey: '{}:{alertname="BenchFlip"}',
      alerts: flipped.map((c) => ({
        status: 'resolved',
        labels: { alertname: 'BenchFlip', component: c.name, severity: 'warning', target: 'grouped' },
        annotations: {},
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date().toISOString(),
        fingerprint: '',
      })),
    };
    // Alertmanager's fingerprints of these alerts (the receiver keys alerts by them).
    const amAlerts = await (await fetch(`${am.url}/api/v2/alerts?filter=alertname%3D%22BenchFlip%22`)).json();
    const byName = new Map(amAlerts.map((a) => [a.labels.component, a.fingerprint]));
    for (const a of payload.alerts) a.fingerprint = byName.get(a.labels.component);
    const body = JSON.stringify(payload);
    const t2 = performance.now();
    const res = await fetch(receiver, { method: 'POST', headers: { authorization: `Bearer ${integration.token}`, 'content-type': 'application/json' }, body });
    if (!res.ok) throw new Error(`receiver: ${res.status} ${await res.text()}`);
    const receiverMs = performance.now() - t2;
    await waitFor(async () => [...(await statuses()).values()].every((s) => s === 'operational'), {
      timeoutMs: 60_000,
      intervalMs: 20,
      what: `${flip} components back to operational`,
    });
    const directMs = performance.now() - t2;

    const flipResult = {
      components: flip,
      alertmanagerPostMs: Math.round(postMs),
      viaAlertmanagerMs: Math.round(viaAlertmanagerMs),
      notifications,
      payloadKb: Math.round(Buffer.byteLength(body) / 1024),
      receiverResponseMs: Math.round(receiverMs),
      directUntilSummaryMs: Math.round(directMs),
    };
    const result = { latency, flip: flipResult, totalMs: Date.now() - started };
    console.log(
      [
        `alerts: ${n} alerts one at a time, Alertmanager POST -> public summary.json shows the status (group_wait 0s)`,
        `  p50 ${latency.p50Ms} ms   p99 ${latency.p99Ms} ms   max ${latency.maxMs} ms`,
        `alerts: ${flip} components flipped by one grouped notification (group_wait 1s; ${notifications} notification(s))`,
        `  via Alertmanager: ${flipResult.viaAlertmanagerMs} ms from POST to summary.json showing all`,
        `  direct to the receiver (${flipResult.payloadKb} KB, all resolved): answered in ${flipResult.receiverResponseMs} ms, summary.json shows all in ${flipResult.directUntilSummaryMs} ms`,
      ].join('\n'),
    );
    return result;
  } finally {
    clearTimeout(timer);
    await am?.stop();
    await svc?.stop();
    await deleteRedisKeys(prefix);
    await dropDatabase(db);
  }
}

module.exports = { run };
if (require.main === module) runMain(() => run());
