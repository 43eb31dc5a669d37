import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DemoSeedService } from './demo/demo-seed.service';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { MaintenanceModule } from './modules/maintenance/maintenance.module';
import { StatusIncidentsModule } from './modules/status-incidents/status-incidents.module';
import { StatusPagesModule } from './modules/status-pages/status-pages.module';
import { PrismaModule } from './prisma/prisma.module';
import { QueueObserver } from './queue-observer';
import { RedisModule } from './redis/redis.module';
import { RedisService } from './redis/redis.service';

/**
 * Wires the feature modules. APP_ROLE decides what runs: `api` mounts the
 * controllers only, `worker` runs the queue processors only, `all` both.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const feature = { http: config.runsHttp, workers: config.runsWorkers };
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        PrismaModule,
        RedisModule,
        MetricsModule,
        EventEmitterModule.forRoot(),
        BullModule.forRootAsync({
          inject: [AppConfig, RedisService],
          useFactory: (cfg: AppConfig, redis: RedisService) => ({
            connection: redis.createBullConnection(),
            prefix: cfg.queuePrefix,
          }),
        }),
        ApiKeysModule,
        ...(feature.http ? [HealthModule] : []),
        StatusPagesModule.forRoot(feature),
        MaintenanceModule.forRoot(feature),
        StatusIncidentsModule.forRoot(feature),
      ],
      providers: [DemoSeedService, QueueObserver],
    };
  }
}
