/*
 * A real Prometheus Alertmanager for e2e tests (Debian's prometheus-alertmanager,
 * installed by .ci/run): started on a free loopback port with one webhook
 * receiver per integration, each receiving the alerts whose `target` label
 * names it. Alerts are posted to its own API (/api/v2/alerts); its debug log
 * tells how many notifications each receiver got.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ALERTMANAGER_BIN = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';

export interface ReceiverConfig {
  /** Receiver name; alerts with the label `target=<name>` go to it. */
  name: string;
  url: string;
  token: string;
  groupBy?: string[];
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
}

export interface PostedAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const q = (s: string) => JSON.stringify(s); // a JSON string is a YAML string

function config(receivers: ReceiverConfig[]): string {
  const lines = ['route:', '  receiver: blackhole', '  group_by: ["..."]', '  routes:'];
  for (const r of receivers) {
    lines.push(
      `    - matchers: [${q(`target="${r.name}"`)}]`,
      `      receiver: ${q(r.name)}`,
      `      group_by: [${(r.groupBy ?? ['alertname']).map(q).join(', ')}]`,
      `      group_wait: ${r.groupWait ?? '1s'}`,
      `      group_interval: ${r.groupInterval ?? '1s'}`,
      `      repeat_interval: ${r.repeatInterval ?? '1h'}`,
    );
  }
  lines.push('receivers:', '  - name: blackhole');
  for (const r of receivers) {
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
  return `${lines.join('\n')}\n`;
}

export class Alertmanager {
  private log = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly url: string,
  ) {
    child.stderr?.on('data', (d: Buffer) => (this.log += d.toString('utf8')));
  }

  static async start(receivers: ReceiverConfig[]): Promise<Alertmanager> {
    const dir = mkdtempSync(join(tmpdir(), 'sp-alertmanager-'));
    writeFileSync(join(dir, 'alertmanager.yml'), config(receivers));
    const port = await freePort();
    const child = spawn(
      ALERTMANAGER_BIN,
      [
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        '--log.level=debug',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const am = new Alertmanager(child, dir, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`alertmanager exited: ${am.log.slice(-2000)}`);
      try {
        if ((await fetch(`${am.url}/-/ready`)).ok) return am;
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) {
        await am.stop();
        throw new Error(`alertmanager did not start: ${am.log.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Posts alerts (firing: `endsAt` in the future or absent; resolved: `endsAt` now or past). */
  async post(alerts: PostedAlert[]): Promise<void> {
    const res = await fetch(`${this.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts),
    });
    if (!res.ok) throw new Error(`alertmanager refused the alerts: ${res.status} ${await res.text()}`);
  }

  /** Notifications the receiver delivered successfully so far. */
  delivered(receiver: string): number {
    return this.count(receiver, 'msg="Notify success"');
  }

  /** Notifications to the receiver that failed (retried ones once per attempt, refused ones once). */
  failed(receiver: string): number {
    const refused = this.log
      .split('\n')
      .filter((l) => l.includes('msg="Notify for alerts failed"') && l.includes(`${receiver}/webhook[0]: notify retry canceled`)).length;
    return refused + this.count(receiver, 'msg="Notify attempt failed');
  }

  private count(receiver: string, what: string): number {
    const marker = `receiver=${/^[\w-]+$/.test(receiver) ? receiver : q(receiver)} `;
    return this.log.split('\n').filter((l) => l.includes(marker) && l.includes(what)).length;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** An alert that fires for the next hour. */
export function firing(labels: Record<string, string>, annotations: Record<string, string> = {}, startsAt = new Date()): PostedAlert {
  return { labels, annotations, startsAt: startsAt.toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString() };
}

/** The same alert, resolved now. */
export function resolved(alert: PostedAlert): PostedAlert {
  return { ...alert, endsAt: new Date().toISOString() };
}
