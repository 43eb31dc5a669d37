import { Body, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../../../common/api-docs.decorators';
import { PaginatedDto } from '../../../common/pagination';
import { UuidParam } from '../../../common/validators';
import {
  CreateMaintenanceSeriesDto,
  ListMaintenanceSeriesQueryDto,
  MaintenanceSeriesResponseDto,
  SeriesOccurrencesQueryDto,
  SeriesOccurrencesResponseDto,
  UpdateMaintenanceSeriesDto,
} from './dto/maintenance-series.dto';
import { MaintenanceSeriesService } from './maintenance-series.service';

const SeriesList = PaginatedDto(MaintenanceSeriesResponseDto);

@AdminController('pages/:pageId/maintenance-series', 'Maintenance series')
export class MaintenanceSeriesController {
  constructor(private readonly series: MaintenanceSeriesService) {}

  @Get()
  @ApiOperation({ summary: "List a page's recurring maintenance series" })
  @ApiOkResponse({ type: SeriesList })
  listMaintenanceSeries(@UuidParam('pageId') pageId: string, @Query() query: ListMaintenanceSeriesQueryDto) {
    return this.series.list(pageId, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a recurring maintenance series; its occurrences for the next 90 days (at least the next one) become maintenances' })
  @ApiCreatedResponse({ type: MaintenanceSeriesResponseDto })
  createMaintenanceSeries(@UuidParam('pageId') pageId: string, @Body() dto: CreateMaintenanceSeriesDto) {
    return this.series.create(pageId, dto);
  }

  @Get(':seriesId')
  @ApiOperation({ summary: 'Get a recurring maintenance series' })
  @ApiOkResponse({ type: MaintenanceSeriesResponseDto })
  getMaintenanceSeries(@UuidParam('pageId') pageId: string, @UuidParam('seriesId') id: string) {
    return this.series.get(pageId, id);
  }

  @Patch(':seriesId')
  @ApiOperation({ summary: 'Change a series: regenerates its future scheduled occurrences that were not edited one by one' })
  @ApiOkResponse({ type: MaintenanceSeriesResponseDto })
  updateMaintenanceSeries(@UuidParam('pageId') pageId: string, @UuidParam('seriesId') id: string, @Body() dto: UpdateMaintenanceSeriesDto) {
    return this.series.update(pageId, id, dto);
  }

  @Delete(':seriesId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a series: cancels its occurrences that have not started, keeps the others' })
  @ApiNoContentResponse({ description: 'Deleted' })
  async deleteMaintenanceSeries(@UuidParam('pageId') pageId: string, @UuidParam('seriesId') id: string) {
    await this.series.remove(pageId, id);
  }

  @Get(':seriesId/occurrences')
  @ApiOperation({ summary: "Preview a series' computed occurrences in a range (nothing is stored)" })
  @ApiOkResponse({ type: SeriesOccurrencesResponseDto })
  listMaintenanceSeriesOccurrences(
    @UuidParam('pageId') pageId: string,
    @UuidParam('seriesId') id: string,
    @Query() query: SeriesOccurrencesQueryDto,
  ) {
    return this.series.preview(pageId, id, query);
  }
}
