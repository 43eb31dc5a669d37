import { Body, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../../common/api-docs.decorators';
import { PaginatedDto, PaginationQueryDto } from '../../common/pagination';
import { UuidParam } from '../../common/validators';
import {
  CreatedWebhookResponseDto,
  CreateWebhookDto,
  WebhookDeliveryResponseDto,
  WebhookResponseDto,
} from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

const WebhookList = PaginatedDto(WebhookResponseDto);
const DeliveryList = PaginatedDto(WebhookDeliveryResponseDto);

@AdminController('pages/:pageId/webhooks', 'Webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOperation({ summary: "List a page's webhook subscribers" })
  @ApiOkResponse({ type: WebhookList })
  listWebhooks(@UuidParam('pageId') pageId: string, @Query() query: PaginationQueryDto) {
    return this.webhooks.list(pageId, query);
  }

  @Post()
  @ApiOperation({ summary: 'Subscribe a URL to events of the page (the signing secret is returned once)' })
  @ApiCreatedResponse({ type: CreatedWebhookResponseDto })
  createWebhook(@UuidParam('pageId') pageId: string, @Body() dto: CreateWebhookDto) {
    return this.webhooks.create(pageId, dto);
  }

  @Get(':webhookId')
  @ApiOperation({ summary: 'Get a webhook subscriber (without its secret)' })
  @ApiOkResponse({ type: WebhookResponseDto })
  getWebhook(@UuidParam('pageId') pageId: string, @UuidParam('webhookId') webhookId: string) {
    return this.webhooks.get(pageId, webhookId);
  }

  @Delete(':webhookId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook subscriber (its pending deliveries are dropped)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  async deleteWebhook(@UuidParam('pageId') pageId: string, @UuidParam('webhookId') webhookId: string) {
    await this.webhooks.delete(pageId, webhookId);
  }

  @Post(':webhookId/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a webhook that was disabled because its receiver kept failing' })
  @ApiOkResponse({ type: WebhookResponseDto })
  enableWebhook(@UuidParam('pageId') pageId: string, @UuidParam('webhookId') webhookId: string) {
    return this.webhooks.enable(pageId, webhookId);
  }

  @Get(':webhookId/deliveries')
  @ApiOperation({ summary: "List a webhook's delivery attempts, newest first" })
  @ApiOkResponse({ type: DeliveryList })
  listWebhookDeliveries(
    @UuidParam('pageId') pageId: string,
    @UuidParam('webhookId') webhookId: string,
    @Query() query: PaginationQueryDto,
  ) {
    return this.webhooks.deliveries(pageId, webhookId, query);
  }
}
