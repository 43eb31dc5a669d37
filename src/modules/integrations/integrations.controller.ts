import { Body, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../../common/api-docs.decorators';
import { PaginatedDto, PaginationQueryDto } from '../../common/pagination';
import { UuidParam } from '../../common/validators';
import {
  CreatedIntegrationResponseDto,
  CreateIntegrationDto,
  IntegrationResponseDto,
  UnmatchedAlertResponseDto,
  UpdateIntegrationDto,
} from './dto/integration.dto';
import { IntegrationsService } from './integrations.service';

const IntegrationList = PaginatedDto(IntegrationResponseDto);
const UnmatchedAlertList = PaginatedDto(UnmatchedAlertResponseDto);

@AdminController('pages/:pageId/integrations', 'Integrations')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Get()
  @ApiOperation({ summary: "List a page's monitoring integrations" })
  @ApiOkResponse({ type: IntegrationList })
  listIntegrations(@UuidParam('pageId') pageId: string, @Query() query: PaginationQueryDto) {
    return this.integrations.list(pageId, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a monitoring integration (its receiver token is returned once)' })
  @ApiCreatedResponse({ type: CreatedIntegrationResponseDto })
  createIntegration(@UuidParam('pageId') pageId: string, @Body() dto: CreateIntegrationDto) {
    return this.integrations.create(pageId, dto);
  }

  @Get(':integrationId')
  @ApiOperation({ summary: 'Get a monitoring integration (without its token)' })
  @ApiOkResponse({ type: IntegrationResponseDto })
  getIntegration(@UuidParam('pageId') pageId: string, @UuidParam('integrationId') integrationId: string) {
    return this.integrations.get(pageId, integrationId);
  }

  @Patch(':integrationId')
  @ApiOperation({ summary: 'Update a monitoring integration (a new label or severity map applies to alerts already received)' })
  @ApiOkResponse({ type: IntegrationResponseDto })
  updateIntegration(
    @UuidParam('pageId') pageId: string,
    @UuidParam('integrationId') integrationId: string,
    @Body() dto: UpdateIntegrationDto,
  ) {
    return this.integrations.update(pageId, integrationId, dto);
  }

  @Delete(':integrationId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a monitoring integration (the automated statuses of its alerts go with it)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  async deleteIntegration(@UuidParam('pageId') pageId: string, @UuidParam('integrationId') integrationId: string) {
    await this.integrations.delete(pageId, integrationId);
  }

  @Get(':integrationId/unmatched-alerts')
  @ApiOperation({ summary: 'List the last 50 alerts that named no component of the page, newest first' })
  @ApiOkResponse({ type: UnmatchedAlertList })
  listUnmatchedAlerts(
    @UuidParam('pageId') pageId: string,
    @UuidParam('integrationId') integrationId: string,
    @Query() query: PaginationQueryDto,
  ) {
    return this.integrations.unmatched(pageId, integrationId, query);
  }
}
