import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { Job } from 'bullmq';
import { JobHandlersError, JobRegistry } from './job-registry';
import { OnJob } from './on-job.decorator';

@Injectable()
class AllHandlers {
  seen: string[] = [];
  @OnJob('status-history', 'record-status-history') async a(d: { pageId: string }) { this.seen.push(`record ${d.pageId}`); }
  @OnJob('status-history', 'reconcile-status-history') async b() { this.seen.push('reconcile'); }
  @OnJob('maintenance', 'start') async c() { this.seen.push('start'); }
  @OnJob('maintenance', 'complete') async d() { this.seen.push('complete'); }
  @OnJob('maintenance', 'remind') async r() { this.seen.push('remind'); }
  @OnJob('maintenance', 'extend-series') async f() { this.seen.push('extend'); }
  @OnJob('webhooks', 'deliver-webhook') async e() { this.seen.push('deliver'); }
  @OnJob('notifications', 'fan-out') async g() { this.seen.push('fan-out'); }
  @OnJob('notifications', 'send-emails') async h() { this.seen.push('send'); }
}

@Injectable()
class MissingOne {
  @OnJob('maintenance', 'start') async c() { return 1; }
}

@Injectable()
class Twice {
  @OnJob('maintenance', 'start') async again() { return 2; }
}

const boot = (...providers: Array<new (...args: never[]) => unknown>) =>
  Test.createTestingModule({ imports: [DiscoveryModule], providers: [JobRegistry, ...providers] })
    .compile()
    .then((m) => m.init());

describe('JobRegistry', () => {
  it('finds every @OnJob handler and runs the one a job names', async () => {
    const app = await boot(AllHandlers);
    const registry = app.get(JobRegistry);
    await registry.run('status-history', { name: 'record-status-history', data: { pageId: 'p1' } } as Job);
    await registry.run('webhooks', { name: 'deliver-webhook', data: {} } as Job);
    expect(app.get(AllHandlers).seen).toEqual(['record p1', 'deliver']);
    await app.close();
  });

  it('refuses to start when a job of a queue has no handler', async () => {
    await expect(boot(MissingOne)).rejects.toThrow(JobHandlersError);
    await expect(boot(MissingOne)).rejects.toThrow(/job status-history\/record-status-history has no handler/);
  });

  it('refuses to start when a job has two handlers', async () => {
    await expect(boot(AllHandlers, Twice)).rejects.toThrow(/job maintenance\/start has more than one handler/);
  });
});
