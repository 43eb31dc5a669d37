import { applyDecorators, Controller, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard } from './auth/api-key.guard';
import { PageGuard } from './auth/page.guard';
import { ErrorResponseDto } from './error-response.dto';

const ERRORS: Record<number, string> = {
  400: 'Invalid input: `message` lists each bad field',
  401: 'Missing or invalid API key',
  403: 'The key may not do this (needs the root key)',
  404: 'No such resource (or not visible to this key)',
  409: 'Conflicts with the current state (duplicate, forbidden transition)',
  413: 'Request body too large',
  414: 'A path parameter is longer than the router accepts (100 characters)',
  415: 'Body is not JSON',
  503: 'The database is unavailable; retry after `Retry-After` seconds',
};

/** Adds the shared error responses to every operation of a controller. */
export function ApiStandardErrors(statuses: number[] = [400, 401, 403, 404, 409, 413, 414, 415, 503]) {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: ERRORS[status], type: ErrorResponseDto })),
  );
}

/**
 * An admin API controller: `/api/v1/<path>`, one tag, bearer auth, shared
 * errors. A path with `:pageId` has its page loaded once per request (PageGuard).
 */
export function AdminController(path: string, tag: string) {
  const guards = path.includes(':pageId') ? [ApiKeyGuard, PageGuard] : [ApiKeyGuard];
  return applyDecorators(
    Controller(`api/v1/${path}`),
    ApiTags(tag),
    ApiBearerAuth(),
    UseGuards(...guards),
    ApiStandardErrors(),
  );
}
