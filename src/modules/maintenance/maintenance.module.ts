import { Module } from '@nestjs/common';
import { StatusPagesModule } from '../status-pages/status-pages.module';
import { MaintenanceJobSync } from './maintenance-job-sync';
import { MaintenanceLifecycleService } from './maintenance-lifecycle.service';
import { MaintenanceController } from './maintenance.controller';
import { MaintenanceRepository } from './maintenance.repository';
import { MaintenanceService } from './maintenance.service';
import { MaintenanceSeriesController } from './series/maintenance-series.controller';
import { MaintenanceSeriesRepository } from './series/maintenance-series.repository';
import { MaintenanceSeriesService } from './series/maintenance-series.service';
import { SeriesOccurrencesRepository } from './series/series-occurrences.repository';
import { MaintenanceScheduleRepository } from './maintenance-schedule.repository';

/** Maintenance windows and recurring series (series/); their processor and reconciler run in WorkersModule. */
@Module({
  imports: [StatusPagesModule],
  controllers: [MaintenanceController, MaintenanceSeriesController],
  providers: [
    MaintenanceRepository,
    MaintenanceScheduleRepository,
    MaintenanceService,
    MaintenanceLifecycleService,
    MaintenanceJobSync,
    MaintenanceSeriesRepository,
    SeriesOccurrencesRepository,
    MaintenanceSeriesService,
  ],
  exports: [MaintenanceService, MaintenanceLifecycleService, MaintenanceSeriesService],
})
export class MaintenanceModule {}
