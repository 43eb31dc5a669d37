import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/** One pino logger for the process: JSON lines on stdout. */
export function createRootLogger(level: string): Logger {
  return pino({ level, base: { service: 'statuspages', pid: process.pid } });
}

/**
 * Where Nest itself reports start-up progress at `log`: a line per module
 * (InstanceLoader), per controller (RoutesResolver) and per route
 * (RouterExplorer), about sixty in all. Those go to debug: main.ts logs the one
 * info line that says what started. Their warnings and errors keep their level.
 */
export const NEST_STARTUP_CONTEXTS: ReadonlySet<string> = new Set([
  'NestFactory',
  'NestApplication',
  'NestApplicationContext',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
]);

/** Nest's logger interface on top of pino (same JSON lines as the request logs). */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    this.write(context !== undefined && NEST_STARTUP_CONTEXTS.has(context) ? 'debug' : 'info', message, context);
  }
  error(message: unknown, trace?: string, context?: string) {
    this.write('error', message, context, trace);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string) {
    this.write('fatal', message, context);
  }

  private write(level: pino.Level, message: unknown, context?: string, trace?: string) {
    if (typeof message === 'object' && message !== null && !(message instanceof Error)) {
      const { msg, ...rest } = message as Record<string, unknown> & { msg?: string };
      this.logger[level]({ context, ...rest, ...(trace ? { trace } : {}) }, typeof msg === 'string' ? msg : '');
      return;
    }
    if (message instanceof Error) {
      this.logger[level]({ context, err: message }, message.message);
      return;
    }
    this.logger[level]({ context, ...(trace ? { trace } : {}) }, String(message));
  }
}
