import type { AppConfig } from './config/app-config';
import { QUEUE_NAMES } from './jobs/queues';

/**
 * The one info line a process logs once it has started: its role, its HTTP port
 * (none for a worker), its queues and the public URL it links to.
 */
export function startedLine(config: AppConfig, port?: number): { fields: Record<string, unknown>; msg: string } {
  const queues = [...QUEUE_NAMES];
  const http = port === undefined ? 'no HTTP' : `HTTP on port ${port}`;
  const processing = config.runsWorkers ? 'processed here' : 'processed by workers';
  return {
    fields: {
      role: config.role,
      ...(port === undefined ? {} : { port }),
      queues,
      queuePrefix: config.queuePrefix,
      processesQueues: config.runsWorkers,
      publicBaseUrl: config.publicBaseUrl,
    },
    msg:
      `status pages started: role ${config.role}, ${http}, ` +
      `queues ${queues.join(', ')} (prefix ${config.queuePrefix}, ${processing}), public URL ${config.publicBaseUrl}`,
  };
}
