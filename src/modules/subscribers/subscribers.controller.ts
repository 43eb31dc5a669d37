import { Body, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../../common/api-docs.decorators';
import { PaginatedDto } from '../../common/pagination';
import { UuidParam } from '../../common/validators';
import { CreateSubscriberDto, ListSubscribersQueryDto, SubscriberResponseDto } from './dto/subscriber.dto';
import { SubscribersService } from './subscribers.service';

const SubscriberList = PaginatedDto(SubscriberResponseDto);

@AdminController('pages/:pageId/subscribers', 'Subscribers')
export class SubscribersController {
  constructor(private readonly subscribers: SubscribersService) {}

  @Get()
  @ApiOperation({ summary: "List a page's email subscribers (optionally in one state)" })
  @ApiOkResponse({ type: SubscriberList })
  listSubscribers(@UuidParam('pageId') pageId: string, @Query() query: ListSubscribersQueryDto) {
    return this.subscribers.list(pageId, query);
  }

  @Post()
  @ApiOperation({
    summary:
      'Add an email subscriber: pending with a confirmation email, or active at once with skipConfirmation (409 for an address already on the page, or without SMTP_URL unless skipConfirmation)',
  })
  @ApiCreatedResponse({ type: SubscriberResponseDto })
  createSubscriber(@UuidParam('pageId') pageId: string, @Body() dto: CreateSubscriberDto) {
    return this.subscribers.create(pageId, dto);
  }

  @Get(':subscriberId')
  @ApiOperation({ summary: 'Get a subscriber' })
  @ApiOkResponse({ type: SubscriberResponseDto })
  getSubscriber(@UuidParam('pageId') pageId: string, @UuidParam('subscriberId') subscriberId: string) {
    return this.subscribers.get(pageId, subscriberId);
  }

  @Delete(':subscriberId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a subscriber (no email is sent)' })
  @ApiNoContentResponse({ description: 'Removed' })
  async deleteSubscriber(@UuidParam('pageId') pageId: string, @UuidParam('subscriberId') subscriberId: string) {
    await this.subscribers.delete(pageId, subscriberId);
  }

  @Post(':subscriberId/resend-confirmation')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a pending subscriber another confirmation email (409 unless pending)' })
  @ApiAcceptedResponse({ type: SubscriberResponseDto, description: 'The email is queued' })
  resendConfirmation(@UuidParam('pageId') pageId: string, @UuidParam('subscriberId') subscriberId: string) {
    return this.subscribers.resendConfirmation(pageId, subscriberId);
  }
}
