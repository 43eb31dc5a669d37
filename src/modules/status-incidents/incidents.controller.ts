import { Body, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../../common/api-docs.decorators';
import { PaginatedDto } from '../../common/pagination';
import { UuidParam } from '../../common/validators';
import {
  CreateIncidentDto,
  CreateIncidentUpdateDto,
  IncidentResponseDto,
  ListIncidentsQueryDto,
  UpdateIncidentDto,
} from './dto/incident.dto';
import { IncidentsService } from './incidents.service';

const IncidentList = PaginatedDto(IncidentResponseDto);

@AdminController('pages/:pageId/incidents', 'Incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Get()
  @ApiOperation({ summary: "List a page's incidents, unresolved first, then newest" })
  @ApiOkResponse({ type: IncidentList })
  listIncidents(@UuidParam('pageId') pageId: string, @Query() query: ListIncidentsQueryDto) {
    return this.incidents.list(pageId, query);
  }

  @Post()
  @ApiOperation({ summary: 'Open an incident (or backfill a past one with status resolved and a past startedAt)' })
  @ApiCreatedResponse({ type: IncidentResponseDto })
  createIncident(@UuidParam('pageId') pageId: string, @Body() dto: CreateIncidentDto) {
    return this.incidents.create(pageId, dto);
  }

  @Get(':incidentId')
  @ApiOperation({ summary: 'Get an incident with its timeline' })
  @ApiOkResponse({ type: IncidentResponseDto })
  getIncident(@UuidParam('pageId') pageId: string, @UuidParam('incidentId') incidentId: string) {
    return this.incidents.get(pageId, incidentId);
  }

  @Patch(':incidentId')
  @ApiOperation({ summary: "Rename an incident or change its impact (status changes go through the timeline)" })
  @ApiOkResponse({ type: IncidentResponseDto })
  updateIncident(
    @UuidParam('pageId') pageId: string,
    @UuidParam('incidentId') incidentId: string,
    @Body() dto: UpdateIncidentDto,
  ) {
    return this.incidents.update(pageId, incidentId, dto);
  }

  @Delete(':incidentId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an incident and its timeline' })
  @ApiNoContentResponse({ description: 'Deleted' })
  async deleteIncident(@UuidParam('pageId') pageId: string, @UuidParam('incidentId') incidentId: string) {
    await this.incidents.delete(pageId, incidentId);
  }

  @Post(':incidentId/updates')
  @ApiOperation({ summary: "Append an entry to an incident's timeline (status, message, component statuses)" })
  @ApiCreatedResponse({ type: IncidentResponseDto, description: 'The incident, with the new entry last' })
  addIncidentUpdate(
    @UuidParam('pageId') pageId: string,
    @UuidParam('incidentId') incidentId: string,
    @Body() dto: CreateIncidentUpdateDto,
  ) {
    return this.incidents.addUpdate(pageId, incidentId, dto);
  }
}
