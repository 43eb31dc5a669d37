import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { FeatureOptions } from '../../common/feature-options';
import { StatusPagesModule } from '../status-pages/status-pages.module';
import { MaintenanceController } from './maintenance.controller';
import { MaintenanceProcessor } from './maintenance.processor';
import { MAINTENANCE_QUEUE } from './maintenance.queue';
import { MaintenanceReconciler } from './maintenance.reconciler';
import { MaintenanceService } from './maintenance.service';

@Module({})
export class MaintenanceModule {
  static forRoot(options: FeatureOptions): DynamicModule {
    return {
      module: MaintenanceModule,
      imports: [BullModule.registerQueue({ name: MAINTENANCE_QUEUE }), StatusPagesModule.forRoot(options)],
      controllers: options.http ? [MaintenanceController] : [],
      providers: [MaintenanceService, ...(options.workers ? [MaintenanceProcessor, MaintenanceReconciler] : [])],
      exports: [MaintenanceService],
    };
  }
}
