import { Body, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../../common/api-docs.decorators';
import { PaginatedDto } from '../../common/pagination';
import { UuidParam } from '../../common/validators';
import {
  CreateMaintenanceDto,
  CreateMaintenanceUpdateDto,
  ListMaintenancesQueryDto,
  MaintenanceActionDto,
  MaintenanceResponseDto,
  UpdateMaintenanceDto,
} from './dto/maintenance.dto';
import { MaintenanceService } from './maintenance.service';

const MaintenanceList = PaginatedDto(MaintenanceResponseDto);

@AdminController('pages/:pageId/maintenances', 'Maintenances')
export class MaintenanceController {
  constructor(private readonly maintenance: MaintenanceService) {}

  @Get()
  @ApiOperation({ summary: "List a page's maintenance windows (filter by status, or upcoming / active / past)" })
  @ApiOkResponse({ type: MaintenanceList })
  listMaintenances(@UuidParam('pageId') pageId: string, @Query() query: ListMaintenancesQueryDto) {
    return this.maintenance.list(pageId, query);
  }

  @Post()
  @ApiOperation({ summary: 'Schedule a maintenance window' })
  @ApiCreatedResponse({ type: MaintenanceResponseDto })
  createMaintenance(@UuidParam('pageId') pageId: string, @Body() dto: CreateMaintenanceDto) {
    return this.maintenance.create(pageId, dto);
  }

  @Get(':maintenanceId')
  @ApiOperation({ summary: 'Get a maintenance window with its timeline' })
  @ApiOkResponse({ type: MaintenanceResponseDto })
  getMaintenance(@UuidParam('pageId') pageId: string, @UuidParam('maintenanceId') id: string) {
    return this.maintenance.get(pageId, id);
  }

  @Patch(':maintenanceId')
  @ApiOperation({ summary: 'Change or move a window (only while scheduled or in progress)' })
  @ApiOkResponse({ type: MaintenanceResponseDto })
  updateMaintenance(
    @UuidParam('pageId') pageId: string,
    @UuidParam('maintenanceId') id: string,
    @Body() dto: UpdateMaintenanceDto,
  ) {
    return this.maintenance.update(pageId, id, dto);
  }

  @Delete(':maintenanceId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a maintenance window and its timeline' })
  @ApiNoContentResponse({ description: 'Deleted' })
  async deleteMaintenance(@UuidParam('pageId') pageId: string, @UuidParam('maintenanceId') id: string) {
    await this.maintenance.remove(pageId, id);
  }

  @Post(':maintenanceId/start')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start a scheduled window now' })
  @ApiBody({ type: MaintenanceActionDto, required: false })
  @ApiOkResponse({ type: MaintenanceResponseDto })
  startMaintenance(
    @UuidParam('pageId') pageId: string,
    @UuidParam('maintenanceId') id: string,
    @Body() dto: MaintenanceActionDto,
  ) {
    return this.maintenance.transition(pageId, id, 'in_progress', dto.message);
  }

  @Post(':maintenanceId/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete a window that is in progress or verifying' })
  @ApiBody({ type: MaintenanceActionDto, required: false })
  @ApiOkResponse({ type: MaintenanceResponseDto })
  completeMaintenance(
    @UuidParam('pageId') pageId: string,
    @UuidParam('maintenanceId') id: string,
    @Body() dto: MaintenanceActionDto,
  ) {
    return this.maintenance.transition(pageId, id, 'completed', dto.message);
  }

  @Post(':maintenanceId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a window that has not started' })
  @ApiBody({ type: MaintenanceActionDto, required: false })
  @ApiOkResponse({ type: MaintenanceResponseDto })
  cancelMaintenance(
    @UuidParam('pageId') pageId: string,
    @UuidParam('maintenanceId') id: string,
    @Body() dto: MaintenanceActionDto,
  ) {
    return this.maintenance.transition(pageId, id, 'cancelled', dto.message);
  }

  @Post(':maintenanceId/updates')
  @ApiOperation({ summary: 'Append a timeline entry (with a status, also moves the window to it)' })
  @ApiCreatedResponse({ type: MaintenanceResponseDto })
  addMaintenanceUpdate(
    @UuidParam('pageId') pageId: string,
    @UuidParam('maintenanceId') id: string,
    @Body() dto: CreateMaintenanceUpdateDto,
  ) {
    return this.maintenance.addUpdate(pageId, id, dto);
  }
}
