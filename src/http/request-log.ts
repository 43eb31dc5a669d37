import type { Logger } from 'pino';
import { MetricsService } from '../metrics/metrics.service';

/** Records one answered request: `(method, route, url, requestId, status, ms)`. */
export type RequestRecorder = (method: string, route: string, url: string, reqId: string, status: number, ms: number) => void;

/** Observers kept per (method, route, status); beyond this many, labels are looked up each time. */
const MAX_CACHED_OBSERVERS = 5_000;

/**
 * One latency histogram and one access log line for every response, however
 * it was answered (front door or framework). Successful public reads log at
 * debug: under load they would drown everything else.
 */
export function requestRecorder(metrics: MetricsService, logger: Logger): RequestRecorder {
  const observers = new Map<string, { observe: (v: number) => void }>();
  return (method, route, url, reqId, status, ms) => {
    const key = `${method} ${route} ${status}`;
    let observer = observers.get(key);
    if (!observer) {
      observer = metrics.httpDuration.labels(method, route, String(status));
      if (observers.size < MAX_CACHED_OBSERVERS) observers.set(key, observer);
    }
    observer.observe(ms / 1000);
    const isPublicRead = method === 'GET' && status < 400 && !url.startsWith('/api/v1');
    const level = status === 503 ? 'warn' : status >= 500 ? 'error' : isPublicRead ? 'debug' : 'info';
    if (logger.isLevelEnabled(level)) {
      logger[level]({ reqId, method, url, status, ms: Math.round(ms * 10) / 10 }, 'request');
    }
  };
}
