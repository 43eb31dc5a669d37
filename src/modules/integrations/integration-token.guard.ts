import { CanActivate, createParamDecorator, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Integration } from '../../generated/prisma/client';
import { IntegrationsService } from './integrations.service';

interface ReceiverRequest {
  headers: Record<string, string | undefined>;
  params?: Record<string, string>;
  integration?: Integration;
}

/**
 * The receiver's authentication: `Authorization: Bearer <token>` with the
 * token the integration was created with. An unknown or malformed integration
 * id is answered exactly like a wrong token (401), so ids cannot be probed.
 * Not the admin API key: a token opens only its integration's receiver.
 */
@Injectable()
export class IntegrationTokenGuard implements CanActivate {
  constructor(private readonly integrations: IntegrationsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ReceiverRequest>();
    const header = req.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('missing integration token: send "Authorization: Bearer <token>"');
    const integration = await this.integrations.authenticate(req.params?.integrationId ?? '', match[1]);
    if (!integration) throw new UnauthorizedException('invalid integration token');
    req.integration = integration;
    return true;
  }
}

/** The integration IntegrationTokenGuard authenticated. */
export const CurrentIntegration = createParamDecorator((_: unknown, ctx: ExecutionContext): Integration => {
  return ctx.switchToHttp().getRequest<Required<ReceiverRequest>>().integration;
});
