import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

/** Who is calling: the root key (everything) or a key scoped to some pages. */
export interface Principal {
  root: boolean;
  keyId: string | null;
  pageIds: ReadonlySet<string>;
}

export function canAccessPage(principal: Principal, pageId: string): boolean {
  return principal.root || principal.pageIds.has(pageId);
}

export const ROOT_ONLY = 'auth:rootOnly';
/** Only the root key may call this (scoped keys get 403). */
export const RootOnly = () => SetMetadata(ROOT_ONLY, true);

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
