/*
 * Subscriber email benchmark, against the BUILT service (`npm run build` first).
 *
 *   node bench/subscribers.js [--n 10000] [--rounds 2]
 *
 * N active subscribers on one page; one incident created through the admin
 * API. Measured, in the same run and against the same SMTP server (an
 * in-process smtp-server that only counts recipients, no parsing):
 * - ours: from the admin call returning to the server having all N messages;
 * - bare: a bare nodemailer pooled transport (the same pool size as
 *   src/modules/subscribers/notifications/mailer.ts) sending N copies of the
 *   same email (the service's stored notice, with fresh links) straight to the server;
 * - ratio = bare time / our time (1 = as fast as bare nodemailer);
 * - the admin call's latency with 10 and with N subscribers;
 * - the service's RSS before and after.
 * Rounds alternate bare and ours; the best of each is compared.
 *
 * Uses its own database, queue prefix and child process, and removes all
 * three at the end. Bounded: gives up after about 8 minutes.
 */
const { randomBytes } = require('node:crypto');
const { Client } = require('pg');
const nodemailer = require('nodemailer');
const { SMTPServer } = require('smtp-server');
const { api, cpuMs, createDatabase, cleanUp, rssMb, runMain, startService } = require('./lib');

const { personalize } = require('../dist/modules/subscribers/notifications/notice');

const DEADLINE_MS = 8 * 60_000;
/** As POOL_CONNECTIONS in mailer.ts. */
const POOL_CONNECTIONS = 5;

function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}

/** An SMTP server that counts the recipients of accepted messages. */
async function countingSink() {
  let count = 0;
  let bytes = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      stream.on('data', (c) => (bytes += c.length));
      stream.on('end', () => {
        count += session.envelope.rcptTo.length;
        callback();
      });
    },
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    get count() {
      return count;
    },
    get bytes() {
      return bytes;
    },
    reset() {
      count = 0;
      bytes = 0;
    },
    stop: () => new Promise((r) => server.close(r)),
  };
}

async function waitFor(check, { timeoutMs, intervalMs = 20, what }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function run({ n = arg('n', 10_000), rounds = arg('rounds', 2) } = {}) {
  const started = Date.now();
  const prefix = `spbench-subs-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const db = await createDatabase('subs');
  const pg = new Client({ connectionString: db.url });
  const sink = await countingSink();
  let svc;
  const timer = setTimeout(() => {
    console.error('subscribers bench: over its time budget, stopping');
    svc?.child.kill('SIGKILL');
  }, DEADLINE_MS);
  try {
    await pg.connect();
    // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the service.
    const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
    svc = await startService({ db, prefix, nodeArgs, env: { SMTP_URL: sink.url, MAIL_FROM: 'Bench Status <status@bench.test>' } });
    const makePage = async (name, count) => {
      const page = await api(svc.base, 'POST', '/api/v1/pages', { slug: `bench-${prefix}-${count}`.slice(0, 63), name });
      await pg.query(
        `INSERT INTO subscribers (id, page_id, email, state, confirmed_at, updated_at)
         SELECT gen_random_uuid(), $1, 'bench-' || $2 || '-' || g || '@example.test', 'active', now(), now()
         FROM generate_series(1, $2::int) g`,
        [page.id, count],
      );
      return page;
    };
    const small = await makePage('Bench small', 10);
    const large = await makePage('Bench large', n);
    const incident = (pageId) =>
      api(svc.base, 'POST', `/api/v1/pages/${pageId}/incidents`, {
        name: 'Elevated error rates on the API',
        message: 'We are investigating **elevated error rates** on the public API. Next update in 30 minutes.',
        impact: 'major',
      });

    // Warm-up (JIT, connections, the SMTP pool), and the latency with 10 subscribers.
    const smallLatency = [];
    for (let i = 0; i < 6; i++) {
      sink.reset();
      const t0 = performance.now();
      await incident(small.id);
      smallLatency.push(performance.now() - t0);
      await waitFor(() => sink.count >= 10, { timeoutMs: 30_000, what: '10 emails' });
    }
    smallLatency.shift();
    await new Promise((r) => setTimeout(r, 1_000));
    const rssBefore = rssMb(svc.child.pid);

    // The bare sends send our emails: the last incident's stored notice, with per-recipient links.
    sink.reset();
    await incident(small.id);
    await waitFor(() => sink.count >= 10, { timeoutMs: 30_000, what: '10 emails' });
    const messageBytes = Math.round(sink.bytes / 10);
    const { rows: notices } = await pg.query(
      `SELECT subject, text, html, link_base FROM notification_events WHERE page_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [small.id],
    );
    const notice = notices[0];

    const bareMs = [];
    const oursMs = [];
    const largeLatency = [];
    const oursCpuMs = [];
    const sinkCpuMs = [];
    const bareCpuMs = [];
    const smallLatencyLoaded = [];
    const benchCpu = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    for (let r = 0; r < rounds; r++) {
      // Bare nodemailer: the same pool size, the same server, messages of about the same size.
      sink.reset();
      const transport = nodemailer.createTransport({ url: sink.url, pool: true, maxConnections: POOL_CONNECTIONS, maxMessages: Infinity });
      const b0 = benchCpu();
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: n }, (_, i) => {
          const links = {
            manage: `${notice.link_base}/subscriptions/manage?token=${randomBytes(32).toString('base64url')}`,
            unsubscribe: `${notice.link_base}/subscriptions/unsubscribe?token=${randomBytes(32).toString('base64url')}`,
          };
          return transport.sendMail({
            from: 'Bench Status <status@bench.test>',
            to: `bare-${i}@example.test`,
            subject: notice.subject,
            text: personalize(notice.text, links),
            html: personalize(notice.html, links),
            messageId: `<bare-${r}-${i}@bench.test>`,
            list: { unsubscribe: { url: links.unsubscribe, comment: 'Unsubscribe' } },
            headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
          });
        }),
      );
      await waitFor(() => sink.count >= n, { timeoutMs: 120_000, what: `${n} bare emails` });
      bareMs.push(performance.now() - t0);
      bareCpuMs.push(benchCpu() - b0);
      transport.close();

      // The admin call with 10 subscribers, in the same conditions as the one with N below.
      sink.reset();
      const s0 = performance.now();
      await incident(small.id);
      smallLatencyLoaded.push(performance.now() - s0);
      await waitFor(() => sink.count >= 10, { timeoutMs: 30_000, what: '10 emails' });

      // Ours: from the admin call returning to the server having all N.
      sink.reset();
      const cpu0 = cpuMs(svc.child.pid);
      const k0 = benchCpu();
      const c0 = performance.now();
      await incident(large.id);
      const c1 = performance.now();
      largeLatency.push(c1 - c0);
      await waitFor(() => sink.count >= n, { timeoutMs: 180_000, what: `${n} emails of the service` });
      oursMs.push(performance.now() - c1);
      oursCpuMs.push(cpuMs(svc.child.pid) - cpu0);
      sinkCpuMs.push(benchCpu() - k0);
      // Let the last batches be recorded before the next round.
      await waitFor(
        async () => (await pg.query(`SELECT count(*)::int AS c FROM notification_deliveries WHERE state <> 'sent'`)).rows[0].c === 0,
        { timeoutMs: 60_000, intervalMs: 200, what: 'every delivery recorded' },
      );
      if (sink.count !== n) throw new Error(`the sink got ${sink.count} emails for ${n} subscribers`);
    }
    const rssAfter = rssMb(svc.child.pid);

    const best = (xs) => Math.round(Math.min(...xs));
    const result = {
      subscribers: n,
      rounds,
      messageBytes,
      bareMs: bareMs.map(Math.round),
      oursMs: oursMs.map(Math.round),
      ratio: Math.round((Math.min(...bareMs) / Math.min(...oursMs)) * 100) / 100,
      /** CPU time the service spent per email (API, fan-out, claims, sending, recording). */
      serviceCpuUsPerEmail: Math.round((Math.min(...oursCpuMs) / n) * 1000),
      /** CPU time bare nodemailer spent per email (the bench process during the bare sends, less the sink's share). */
      bareCpuUsPerEmail: Math.round(((Math.min(...bareCpuMs) - Math.min(...sinkCpuMs)) / n) * 1000),
      oursPerSec: Math.round((n / Math.min(...oursMs)) * 1000),
      barePerSec: Math.round((n / Math.min(...bareMs)) * 1000),
      adminLatencyMs: {
        subscribers10Idle: Math.round(median(smallLatency)),
        subscribers10: smallLatencyLoaded.map(Math.round),
        [`subscribers${n}`]: largeLatency.map(Math.round),
      },
      serviceRssMb: { before: rssBefore, after: rssAfter },
      totalMs: Date.now() - started,
    };
    console.log(
      [
        `subscribers: one incident to ${n} active subscribers (messages of ~${messageBytes} B, pool of ${POOL_CONNECTIONS} connections)`,
        `  ours ${result.oursMs.join(' / ')} ms (${result.oursPerSec}/s)   bare nodemailer ${result.bareMs.join(' / ')} ms (${result.barePerSec}/s)`,
        `  ratio bare/ours (best of ${rounds}): ${result.ratio}`,
        `  CPU per email: service ${result.serviceCpuUsPerEmail} us, bare nodemailer ${result.bareCpuUsPerEmail} us`,
        `  admin call: ${result.adminLatencyMs.subscribers10.join(' / ')} ms with 10 subscribers, ${result.adminLatencyMs[`subscribers${n}`].join(' / ')} ms with ${n} (idle, 10: ${result.adminLatencyMs.subscribers10Idle} ms)`,
        `  service RSS ${rssBefore} MB before, ${rssAfter} MB after`,
      ].join('\n'),
    );
    return result;
  } finally {
    clearTimeout(timer);
    await cleanUp({ prefix, db }, () => svc?.stop(), () => pg.end(), () => sink.stop());
  }
}

module.exports = { run };

if (require.main === module) runMain(run);
