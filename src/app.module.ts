import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DemoSeedService } from './demo/demo-seed.service';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { MetricsModule } from './metrics/metrics.module';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { IntegrationsModule } from './modules/integrations/integrations.module';
import { MaintenanceModule } from './modules/maintenance/maintenance.module';
import { StatusIncidentsModule } from './modules/status-incidents/status-incidents.module';
import { PublicStatusModule } from './modules/status-pages/public/public.module';
import { StatusPagesModule } from './modules/status-pages/status-pages.module';
import { NotificationsModule } from './modules/subscribers/notifications/notifications.module';
import { SubscribersModule } from './modules/subscribers/subscribers.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { PrismaModule } from './prisma/prisma.module';
import { RedisModule } from './redis/redis.module';
import { WorkersModule } from './workers.module';

/**
 * Wires the feature modules. Every role has the same modules; APP_ROLE adds
 * the workers (`worker`, `all`) and decides whether an HTTP server mounts the
 * controllers (`api`, `all`; see main.ts).
 */
@Module({
  imports: [
    PrismaModule,
    RedisModule,
    MetricsModule,
    EventsModule,
    JobsModule,
    ApiKeysModule,
    StatusPagesModule,
    StatusIncidentsModule,
    MaintenanceModule,
    WebhooksModule,
    SubscribersModule,
    IntegrationsModule,
    NotificationsModule,
    PublicStatusModule,
  ],
  providers: [DemoSeedService],
})
export class AppModule {
  static forRole(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), ...(config.runsHttp ? [HealthModule] : []), ...(config.runsWorkers ? [WorkersModule] : [])],
    };
  }
}
