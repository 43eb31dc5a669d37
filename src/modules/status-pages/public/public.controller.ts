import { Controller, Get, Req, Res } from '@nestjs/common';
import {
  ApiExcludeController,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorResponseDto } from '../../../common/error-response.dto';
import { PUBLIC_DOCUMENT_KINDS, PUBLIC_DOCUMENTS, variantOf } from './public-documents';
import { PublicResponder } from './public-responder.service';

/**
 * The public, unauthenticated read side under `/status/{slug}`, in
 * Statuspage's v2 format. Responses come from a prepared snapshot; they carry
 * ETag, Cache-Control and `Access-Control-Allow-Origin: *`.
 */
@Controller('status/:slug')
@ApiTags('Public status (Statuspage v2)')
@ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of a copy the client holds: 304 if it is current' })
@ApiResponse({ status: 304, description: 'Not modified: the ETag given in If-None-Match is current' })
@ApiResponse({ status: 400, description: 'Malformed request path (bad percent-encoding)', type: ErrorResponseDto })
@ApiNotFoundResponse({ description: 'No public page with this slug', type: ErrorResponseDto })
@ApiResponse({ status: 414, description: 'The slug is longer than the router accepts (100 characters)', type: ErrorResponseDto })
@ApiResponse({
  status: 503,
  description: 'The page was never read and the database is unavailable (a page read before is served as last known)',
  type: ErrorResponseDto,
})
export class PublicStatusController {
  constructor(readonly responder: PublicResponder) {}
}

/**
 * The same documents at the root of a page's own `domain` (the Host header
 * names the page), as on Statuspage: this is where Atlassian's status widget
 * finds `/api/v2/summary.json`. Left out of the spec: it is the API above on
 * another host.
 */
@Controller()
@ApiExcludeController()
export class PublicDomainController {
  constructor(readonly responder: PublicResponder) {}
}

const JSON_ERROR = { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponseDto) } } };

const SLUG_PARAM = ApiParam({
  name: 'slug',
  description: 'The page slug',
  schema: { type: 'string', pattern: '^[a-z0-9-]{3,63}$', example: 'acme' },
});

type Handler = (this: { responder: PublicResponder }, req: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * One route per public document of the table, on each controller: the
 * handler's name is the document's operationId, and its documentation comes
 * from the table too.
 */
function addRoutes(controller: { prototype: object }, by: 'slug' | 'domain'): void {
  for (const kind of PUBLIC_DOCUMENT_KINDS) {
    const spec = PUBLIC_DOCUMENTS[kind];
    const name = by === 'slug' ? spec.operationId : `${spec.operationId}OnDomain`;
    const handler: Handler =
      by === 'slug'
        ? function (req, reply) {
            return this.responder.bySlug(req, reply, kind);
          }
        : function (req, reply) {
            return this.responder.byHost(req, reply, kind);
          };
    Object.defineProperty(handler, 'name', { value: name });
    Object.defineProperty(controller.prototype, name, { value: handler, writable: true, configurable: true, enumerable: false });
    const descriptor = Object.getOwnPropertyDescriptor(controller.prototype, name)!;
    const docs =
      'type' in spec.response
        ? [ApiOkResponse({ type: spec.response.type })]
        : [ApiProduces(spec.response.produces), ApiOkResponse({ description: spec.response.description, schema: { type: 'string' } })];
    const params = by === 'slug' ? [SLUG_PARAM] : [];
    const variant = variantOf(kind);
    if (variant) {
      params.push(
        ApiQuery({ name: variant.param, required: false, description: variant.description, schema: { type: 'string', format: 'uuid' } }),
        // JSON errors, whatever the document's own media type.
        ApiResponse({ status: 400, description: `Malformed request path, or a malformed \`${variant.param}\``, content: JSON_ERROR }),
        ApiResponse({ status: 404, description: `No public page with this slug, or no such ${variant.param} on it`, content: JSON_ERROR }),
      );
    }
    for (const decorate of [Get(spec.path), ApiOperation({ summary: spec.summary }), ...params, ...docs]) {
      decorate(controller.prototype, name, descriptor);
    }
    Req()(controller.prototype, name, 0);
    Res()(controller.prototype, name, 1);
  }
}

addRoutes(PublicStatusController, 'slug');
addRoutes(PublicDomainController, 'domain');
