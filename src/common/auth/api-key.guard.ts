import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeysService } from '../../modules/api-keys/api-keys.service';
import { ResourceNotFoundError } from '../errors';
import { canAccessPage, Principal, ROOT_ONLY } from './principal';

/**
 * Admin API authentication. A missing or wrong key is 401; a scoped key asking
 * for another page's resources gets 404, as if the page did not exist; a scoped
 * key calling a root-only operation gets 403.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<{
      headers: Record<string, string | undefined>;
      params?: Record<string, string>;
      principal?: Principal;
    }>();
    const header = req.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('missing API key: send "Authorization: Bearer <key>"');
    const principal = await this.apiKeys.authenticate(match[1]);
    if (!principal) throw new UnauthorizedException('invalid API key');
    req.principal = principal;

    const rootOnly = this.reflector.getAllAndOverride<boolean>(ROOT_ONLY, [context.getHandler(), context.getClass()]);
    if (rootOnly && !principal.root) throw new ForbiddenException('this operation needs the root API key');

    const pageId = req.params?.pageId;
    if (pageId && !canAccessPage(principal, pageId)) throw new ResourceNotFoundError('page', pageId);
    return true;
  }
}
