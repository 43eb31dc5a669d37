import { Controller, Get, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import pino from 'pino';
import { NEST_STARTUP_CONTEXTS, PinoNestLogger } from './logger';

interface Line {
  level: number;
  context?: string;
  msg: string;
}

const DEBUG = 20;
const INFO = 30;
const WARN = 40;
const ERROR = 50;

/** A PinoNestLogger writing to memory at the given pino level. */
function capture(level: string): { logger: PinoNestLogger; lines: Line[] } {
  const lines: Line[] = [];
  const root = pino({ level }, { write: (s: string) => lines.push(JSON.parse(s) as Line) });
  return { logger: new PinoNestLogger(root), lines };
}

describe('PinoNestLogger levels', () => {
  it("sends Nest's start-up progress (log) to debug", () => {
    const { logger, lines } = capture('debug');
    for (const context of NEST_STARTUP_CONTEXTS) logger.log(`from ${context}`, context);
    expect(lines).toHaveLength(NEST_STARTUP_CONTEXTS.size);
    for (const line of lines) expect(line).toMatchObject({ level: DEBUG, msg: `from ${line.context}` });
  });

  it('keeps every other context, and none, at info', () => {
    const { logger, lines } = capture('debug');
    logger.log('could not read page p1', 'PublicCacheService');
    logger.log('no context');
    expect(lines.map((l) => [l.level, l.context, l.msg])).toEqual([
      [INFO, 'PublicCacheService', 'could not read page p1'],
      [INFO, undefined, 'no context'],
    ]);
  });

  it("keeps Nest's warnings and errors at their level", () => {
    const { logger, lines } = capture('info');
    logger.warn('a route warning', 'RouterExplorer');
    logger.error('a module error', 'trace', 'InstanceLoader');
    expect(lines.map((l) => [l.level, l.context])).toEqual([
      [WARN, 'RouterExplorer'],
      [ERROR, 'InstanceLoader'],
    ]);
  });

  describe('a real Nest start-up (Fastify, one controller)', () => {
    @Controller('ping')
    class PingController {
      @Get()
      ping() {
        return 'pong';
      }
    }
    @Module({ controllers: [PingController] })
    class PingModule {}

    async function start(level: string): Promise<Line[]> {
      const { logger, lines } = capture(level);
      const app = await NestFactory.create(PingModule, new FastifyAdapter({ logger: false }), { logger });
      await app.init();
      await app.close();
      Logger.overrideLogger(false);
      return lines;
    }

    it('logs nothing at info', async () => {
      expect(await start('info')).toEqual([]);
    });

    it('logs its modules and routes at debug', async () => {
      const lines = await start('debug');
      expect(lines).toContainEqual(
        expect.objectContaining({ level: DEBUG, context: 'RouterExplorer', msg: 'Mapped {/ping, GET} route' }),
      );
      expect(lines).toContainEqual(expect.objectContaining({ level: DEBUG, context: 'InstanceLoader' }));
      expect(lines.filter((l) => l.level !== DEBUG)).toEqual([]);
    });
  });
});
