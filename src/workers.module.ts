import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobRegistry } from './jobs/job-registry';
import { MaintenanceModule } from './modules/maintenance/maintenance.module';
import { MaintenanceProcessor } from './modules/maintenance/maintenance.processor';
import { MaintenanceReconciler } from './modules/maintenance/maintenance.reconciler';
import { StatusHistoryProcessor } from './modules/status-pages/status-history/status-history.processor';
import { StatusPagesModule } from './modules/status-pages/status-pages.module';
import { NotificationsModule } from './modules/subscribers/notifications/notifications.module';
import { NotificationsProcessor } from './modules/subscribers/notifications/notifications.processor';
import { NotificationsReconciler } from './modules/subscribers/notifications/notifications.reconciler';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { WebhooksProcessor } from './modules/webhooks/webhooks.processor';

/**
 * What runs where workers run (APP_ROLE `worker` or `all`): one processor per
 * queue, the reconcilers, and the registry that checks at boot that every job
 * has a handler.
 */
@Module({
  imports: [DiscoveryModule, StatusPagesModule, MaintenanceModule, WebhooksModule, NotificationsModule],
  providers: [
    JobRegistry,
    StatusHistoryProcessor,
    MaintenanceProcessor,
    MaintenanceReconciler,
    WebhooksProcessor,
    NotificationsProcessor,
    NotificationsReconciler,
  ],
})
export class WorkersModule {}
