import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { setFlagsFromString } from 'node:v8';
import { withTimeout } from '../common/with-timeout';
import { AppConfig } from '../config/app-config';
import { PrismaClient } from '../generated/prisma/client';

// Prisma 7 plans each query in a WebAssembly module, compiled when the client
// first connects. V8's baseline wasm compiler is enough: recompiling its hot
// functions with TurboFan held 35 to 90 MB of resident memory here and gained
// no query latency (a query is dominated by its round trip to PostgreSQL; see
// the README's figures). Must be set before the module is compiled.
setFlagsFromString('--liftoff-only');

/** The one Prisma client of the process, on node-postgres (no Prisma engine needed). */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(config: AppConfig) {
    super({
      adapter: new PrismaPg({ connectionString: config.databaseUrl, max: 20, connectionTimeoutMillis: 5_000 }),
    });
  }

  /** Whether PostgreSQL answers a trivial query within `timeoutMs` (readiness). */
  ping(timeoutMs = 2_000): Promise<boolean> {
    return withTimeout(this.$queryRaw`SELECT 1`, timeoutMs).then(
      () => true,
      () => false,
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
