import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiStandardErrors } from '../../common/api-docs.decorators';
import { Integration } from '../../generated/prisma/client';
import { AlertReceiverService } from './alert-receiver.service';
import { AlertmanagerReceiptDto, AlertmanagerWebhookDto } from './dto/alertmanager-payload.dto';
import { CurrentIntegration, IntegrationTokenGuard } from './integration-token.guard';

/**
 * Where Alertmanager's webhook receiver (or Grafana's webhook contact point)
 * sends notifications. Authenticated by the integration's own token, not by
 * an API key. The body is read by alertmanager-payload.ts, which ignores the
 * fields it does not use (the global pipe leaves an untyped body alone).
 */
@Controller('api/v1/integrations')
@ApiTags('Integration receivers')
@ApiBearerAuth('integrationToken')
@UseGuards(IntegrationTokenGuard)
@ApiStandardErrors([400, 401, 413, 414, 415, 503])
export class AlertReceiverController {
  constructor(private readonly receiver: AlertReceiverService) {}

  @Post(':integrationId/alertmanager')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Receive an Alertmanager (payload version 4) or Grafana (version 1) webhook notification',
    description:
      "Each alert whose `componentLabel` label names a component of the page sets, while firing, the status its `severity` maps to; " +
      'resolved, that status goes. Alerts are identified by `fingerprint`; a repeated notification changes nothing. ' +
      'Unknown fields are ignored. An unknown integration id is a 401, like a wrong token.',
  })
  @ApiParam({ name: 'integrationId', type: String, format: 'uuid' })
  @ApiBody({ type: AlertmanagerWebhookDto })
  @ApiOkResponse({ type: AlertmanagerReceiptDto })
  receiveAlertmanagerNotification(@CurrentIntegration() integration: Integration, @Body() body: unknown) {
    return this.receiver.receive(integration.id, body);
  }
}
