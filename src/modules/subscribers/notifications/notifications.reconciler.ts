import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { ReconcileLoop } from '../../../jobs/reconcile-loop';
import { RedisService } from '../../../redis/redis.service';
import { NotificationsReconcileResult, NotificationsService } from './notifications.service';

/** Queues again the email work whose jobs were lost (NotificationsService.requeueLost). */
@Injectable()
export class NotificationsReconciler extends ReconcileLoop<NotificationsReconcileResult> {
  protected readonly logger = new Logger(NotificationsReconciler.name);
  protected readonly what = 'notifications';

  constructor(
    config: AppConfig,
    redis: RedisService,
    private readonly notifications: NotificationsService,
  ) {
    super(config, redis);
  }

  protected describe(r: NotificationsReconcileResult): string | undefined {
    return r.fannedOut || r.requeued ? `re-queued ${r.fannedOut} email event(s) and ${r.requeued} email(s)` : undefined;
  }

  reconcile(): Promise<NotificationsReconcileResult> {
    return this.notifications.requeueLost();
  }
}
