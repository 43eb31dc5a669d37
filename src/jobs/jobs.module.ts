import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RedisService } from '../redis/redis.service';
import { JobQueues } from './job-queues';
import { QUEUE_NAMES } from './queues';
import { QueueObserver } from './queue-observer';

/** Registers every queue (one list: `JOB_NAMES`) and gives every module `JobQueues`. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig, RedisService],
      useFactory: (cfg: AppConfig, redis: RedisService) => ({
        connection: redis.createBullConnection(),
        prefix: cfg.queuePrefix,
      }),
    }),
    BullModule.registerQueue(...QUEUE_NAMES.map((name) => ({ name }))),
  ],
  providers: [JobQueues, QueueObserver],
  exports: [JobQueues, BullModule],
})
export class JobsModule {}
