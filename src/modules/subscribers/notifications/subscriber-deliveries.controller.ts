import { Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../../../common/api-docs.decorators';
import { PaginatedDto, PaginationQueryDto } from '../../../common/pagination';
import { UuidParam } from '../../../common/validators';
import { SubscriberDeliveryAttemptDto } from './dto/delivery.dto';
import { NotificationsService } from './notifications.service';

const AttemptList = PaginatedDto(SubscriberDeliveryAttemptDto);

@AdminController('pages/:pageId/subscribers', 'Subscribers')
export class SubscriberDeliveriesController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get(':subscriberId/deliveries')
  @ApiOperation({ summary: 'List every attempt to email a subscriber, newest first' })
  @ApiOkResponse({ type: AttemptList })
  listSubscriberDeliveries(
    @UuidParam('pageId') pageId: string,
    @UuidParam('subscriberId') subscriberId: string,
    @Query() query: PaginationQueryDto,
  ) {
    return this.notifications.listAttempts(pageId, subscriberId, query);
  }
}
