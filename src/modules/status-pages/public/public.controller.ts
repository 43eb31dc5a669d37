import { Controller, Get, Req, Res } from '@nestjs/common';
import {
  ApiExcludeController,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorResponseDto } from '../../../common/error-response.dto';
import {
  V2ComponentsResponseDto,
  V2IncidentsResponseDto,
  V2ScheduledMaintenancesResponseDto,
  V2StatusResponseDto,
  V2SummaryDto,
} from './dto/statuspage-v2.dto';
import { PublicResponder } from './public-responder.service';

/**
 * The public, unauthenticated read side under `/status/{slug}`, in
 * Statuspage's v2 format. Responses come from a prepared snapshot; they carry
 * ETag, Cache-Control and `Access-Control-Allow-Origin: *`.
 */
@Controller('status/:slug')
@ApiTags('Public status (Statuspage v2)')
@ApiParam({ name: 'slug', description: 'The page slug', schema: { type: 'string', pattern: '^[a-z0-9-]{3,63}$', example: 'acme' } })
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
  constructor(private readonly responder: PublicResponder) {}

  @Get('api/v2/summary.json')
  @ApiOperation({ summary: 'Page, components, unresolved incidents, upcoming and active maintenance, indicator' })
  @ApiOkResponse({ type: V2SummaryDto })
  getSummary(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.bySlug(req, reply, 'summary');
  }

  @Get('api/v2/status.json')
  @ApiOperation({ summary: 'The page indicator and its description' })
  @ApiOkResponse({ type: V2StatusResponseDto })
  getStatus(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.bySlug(req, reply, 'status');
  }

  @Get('api/v2/components.json')
  @ApiOperation({ summary: 'Components and groups with their effective status' })
  @ApiOkResponse({ type: V2ComponentsResponseDto })
  getComponents(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.bySlug(req, reply, 'components');
  }

  @Get('api/v2/incidents.json')
  @ApiOperation({ summary: 'The 50 most recent incidents' })
  @ApiOkResponse({ type: V2IncidentsResponseDto })
  getIncidents(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.bySlug(req, reply, 'incidents');
  }

  @Get('api/v2/incidents/unresolved.json')
  @ApiOperation({ summary: 'Unresolved incidents' })
  @ApiOkResponse({ type: V2IncidentsResponseDto })
  getUnresolvedIncidents(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.bySlug(req, reply, 'unresolvedIncidents');
  }

  @Get('api/v2/scheduled-maintenances.json')
  @ApiOperation({ summary: 'The 50 most recent scheduled maintenances' })
  @ApiOkResponse({ type: V2ScheduledMaintenancesResponseDto })
  getScheduledMaintenances(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.bySlug(req, reply, 'maintenances');
  }

  @Get('api/v2/scheduled-maintenances/upcoming.json')
  @ApiOperation({ summary: 'Maintenances that have not started yet' })
  @ApiOkResponse({ type: V2ScheduledMaintenancesResponseDto })
  getUpcomingMaintenances(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.bySlug(req, reply, 'upcomingMaintenances');
  }

  @Get('api/v2/scheduled-maintenances/active.json')
  @ApiOperation({ summary: 'Maintenances in progress or being verified' })
  @ApiOkResponse({ type: V2ScheduledMaintenancesResponseDto })
  getActiveMaintenances(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.bySlug(req, reply, 'activeMaintenances');
  }

  @Get()
  @ApiOperation({ summary: 'The human-readable status page (HTML)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'HTML page', schema: { type: 'string' } })
  getStatusPage(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.bySlug(req, reply, 'html');
  }

  @Get('history')
  @ApiOperation({ summary: 'The incident and maintenance history page (HTML): the 50 most recent of each, with timelines' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'HTML page', schema: { type: 'string' } })
  getHistoryPage(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.bySlug(req, reply, 'history');
  }

  @Get('history.atom')
  @ApiOperation({ summary: 'Incident and maintenance history as an Atom feed' })
  @ApiProduces('application/atom+xml')
  @ApiOkResponse({ description: 'Atom feed', schema: { type: 'string' } })
  getAtomFeed(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.bySlug(req, reply, 'atom');
  }

  @Get('history.rss')
  @ApiOperation({ summary: 'Incident and maintenance history as an RSS feed' })
  @ApiProduces('application/rss+xml')
  @ApiOkResponse({ description: 'RSS feed', schema: { type: 'string' } })
  getRssFeed(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.bySlug(req, reply, 'rss');
  }

  @Get('badge.svg')
  @ApiOperation({ summary: 'A status badge (SVG) showing the page indicator' })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ description: 'SVG badge', schema: { type: 'string' } })
  getBadge(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.bySlug(req, reply, 'badge');
  }
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
  constructor(private readonly responder: PublicResponder) {}

  @Get('api/v2/summary.json')
  summary(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.byHost(req, reply, 'summary');
  }

  @Get('api/v2/status.json')
  status(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.byHost(req, reply, 'status');
  }

  @Get('api/v2/components.json')
  components(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.byHost(req, reply, 'components');
  }

  @Get('api/v2/incidents.json')
  incidents(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.byHost(req, reply, 'incidents');
  }

  @Get('api/v2/incidents/unresolved.json')
  unresolved(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.byHost(req, reply, 'unresolvedIncidents');
  }

  @Get('api/v2/scheduled-maintenances.json')
  maintenances(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.byHost(req, reply, 'maintenances');
  }

  @Get('api/v2/scheduled-maintenances/upcoming.json')
  upcoming(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.byHost(req, reply, 'upcomingMaintenances');
  }

  @Get('api/v2/scheduled-maintenances/active.json')
  active(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.byHost(req, reply, 'activeMaintenances');
  }

  @Get()
  page(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.byHost(req, reply, 'html');
  }

  @Get('history')
  history(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.byHost(req, reply, 'history');
  }

  @Get('history.atom')
  atom(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.byHost(req, reply, 'atom');
  }

  @Get('history.rss')
  rss(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.byHost(req, reply, 'rss');
  }

  @Get('badge.svg')
  badge(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.responder.byHost(req, reply, 'badge');
  }
}
