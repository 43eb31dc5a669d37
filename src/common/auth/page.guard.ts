import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { Page } from '../../generated/prisma/client';
import { PagesService } from '../../modules/status-pages/pages.service';

interface PageRequest {
  params?: Record<string, string>;
  page?: Page;
}

/**
 * Routes under `/pages/{pageId}`: loads the page once per request (404 if it
 * does not exist; ApiKeyGuard, which runs first, already answered 404 to a key
 * scoped to other pages). A pageId that is not a UUID is left to the
 * parameter's pipe, which answers 400 naming it.
 */
@Injectable()
export class PageGuard implements CanActivate {
  constructor(private readonly pages: PagesService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<PageRequest>();
    const pageId = req.params?.pageId;
    if (pageId && isUUID(pageId)) req.page = await this.pages.find(pageId);
    return true;
  }
}

/** The page PageGuard loaded for this request. */
export const CurrentPage = createParamDecorator((_: unknown, ctx: ExecutionContext): Page => {
  return ctx.switchToHttp().getRequest<Required<PageRequest>>().page;
});
