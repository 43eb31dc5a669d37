import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of the process: HTTP latency, queue depths, job outcomes. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly jobOutcomes: Counter<'queue' | 'name' | 'outcome'>;
  readonly emailsSent: Counter<'outcome'>;
  private readonly queues = new Set<Queue>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.jobOutcomes = new Counter({
      name: 'queue_jobs_total',
      help: 'Jobs processed by this process, by queue, name and outcome',
      labelNames: ['queue', 'name', 'outcome'],
      registers: [this.registry],
    });
    this.emailsSent = new Counter({
      name: 'subscriber_emails_total',
      help: 'Subscriber email attempts by this process, by outcome (sent, failed)',
      labelNames: ['outcome'],
      registers: [this.registry],
    });
    const queues = this.queues;
    new Gauge({
      name: 'queue_jobs',
      help: 'Jobs in each queue by state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        await Promise.all(
          [...queues].map(async (q) => {
            try {
              const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
              for (const [state, n] of Object.entries(counts)) this.set({ queue: q.name, state }, n);
            } catch {
              // Redis unreachable: report nothing rather than fail the scrape.
            }
          }),
        );
      },
    });
  }

  watchQueue(queue: Queue): void {
    this.queues.add(queue);
  }
}
