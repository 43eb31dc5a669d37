import { Body, Controller, Get, HttpCode, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiExcludeController,
  ApiExtraModels,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorResponseDto } from '../../../common/error-response.dto';
import {
  ManageSubscriptionDto,
  OneClickUnsubscribeDto,
  SubscribeDto,
  SubscriptionAcceptedDto,
  SubscriptionResponseDto,
} from '../dto/subscriber.dto';
import { SubscriptionErrorsFilter } from './subscription-errors.filter';
import { SubscriptionResponder } from './subscription-responder';

const HTML = { 'text/html': { schema: { type: 'string' } } };
const json = (model: new () => unknown) => ({ 'application/json': { schema: { $ref: getSchemaPath(model) } } });
const ERROR = { ...json(ErrorResponseDto), ...HTML };
const FORM_OR_JSON = ApiConsumes('application/json', 'application/x-www-form-urlencoded');

/** The responses every public subscription route shares (JSON, or an HTML page for a browser). */
function SubscriptionErrors(extra: Array<[number, string]> = []) {
  const responses: Array<[number, string]> = [
    [400, 'Malformed input (`message` lists each bad field): an invalid address, components not on the page'],
    [404, 'No public page with this slug, subscriptions are off on it (allowSubscribers false, or no SMTP_URL), or the link is wrong or has expired'],
    [413, 'Request body too large'],
    [414, 'The slug is longer than the router accepts (100 characters)'],
    [415, 'Body is neither JSON nor a form'],
    ...extra,
  ];
  return (target: object, key: string, descriptor: PropertyDescriptor) => {
    for (const [status, description] of responses) ApiResponse({ status, description, content: ERROR })(target, key, descriptor);
  };
}

const SLUG = ApiParam({ name: 'slug', description: 'The page slug', schema: { type: 'string', pattern: '^[a-z0-9-]{3,63}$', example: 'acme' } });
const TOKEN = ApiQuery({
  name: 'token',
  required: true,
  description: 'The token from the link in the email',
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,200}$' },
});
const VIEW = (description: string) => ApiResponse({ status: 200, description, content: { ...json(SubscriptionResponseDto), ...HTML } });
const RATE_LIMITED: [number, string] = [
  429,
  'More than 10 subscribe requests from this client address in an hour, or 3 confirmation emails to this address in a day: try again after `Retry-After` seconds',
];
const CANCELLED: [number, string] = [409, 'The subscription was cancelled: subscribe again on the status page'];

/**
 * Email subscriptions of a public page under `/status/{slug}`: subscribing
 * from the status page, and the links of the emails. Each answers JSON, or an
 * HTML page for a browser (a request whose Accept names text/html and whose
 * body is not JSON); the forms work without JavaScript.
 */
@Controller('status/:slug')
@ApiTags('Public subscriptions')
@ApiExtraModels(SubscriptionAcceptedDto, SubscriptionResponseDto, ErrorResponseDto)
@UseFilters(SubscriptionErrorsFilter)
export class PublicSubscriptionsController {
  constructor(private readonly responder: SubscriptionResponder) {}

  @Post('subscribe')
  @HttpCode(202)
  @SLUG
  @ApiOperation({
    summary:
      'Subscribe an email address to the page (or some components): always 202, whether or not the address was known; an unknown one is sent a confirmation link',
  })
  @FORM_OR_JSON
  @ApiBody({ type: SubscribeDto })
  @ApiResponse({ status: 202, description: 'Accepted: check your inbox', content: { ...json(SubscriptionAcceptedDto), ...HTML } })
  @SubscriptionErrors([RATE_LIMITED])
  subscribe(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Body() dto: SubscribeDto) {
    return this.responder.subscribe(req, reply, { slug: slugOf(req) }, dto);
  }

  @Get('subscriptions/confirm')
  @SLUG
  @TOKEN
  @ApiOperation({ summary: 'The confirmation page: a button that confirms (a GET, e.g. a link scanner, confirms nothing)' })
  @VIEW('The subscription waiting for confirmation')
  @SubscriptionErrors()
  showSubscriptionConfirmation(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query('token') token: unknown) {
    return this.responder.showConfirm(req, reply, { slug: slugOf(req) }, token);
  }

  @Post('subscriptions/confirm')
  @HttpCode(200)
  @SLUG
  @TOKEN
  @ApiOperation({ summary: 'Confirm a subscription (pending → active; confirming again changes nothing)' })
  @VIEW('The subscription, active')
  @SubscriptionErrors([CANCELLED])
  confirmSubscription(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query('token') token: unknown) {
    return this.responder.confirm(req, reply, { slug: slugOf(req) }, token);
  }

  @Get('subscriptions/manage')
  @SLUG
  @TOKEN
  @ApiOperation({ summary: 'The manage page: the components followed, and an unsubscribe button' })
  @VIEW('The subscription and the components to choose from')
  @SubscriptionErrors()
  showSubscription(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query('token') token: unknown) {
    return this.responder.showManage(req, reply, { slug: slugOf(req) }, token);
  }

  @Post('subscriptions/manage')
  @HttpCode(200)
  @SLUG
  @TOKEN
  @ApiOperation({ summary: 'Change the components followed, or unsubscribe (`action`)' })
  @FORM_OR_JSON
  @ApiBody({ type: ManageSubscriptionDto })
  @VIEW('The subscription as it is now')
  @SubscriptionErrors()
  manageSubscription(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('token') token: unknown,
    @Body() dto: ManageSubscriptionDto,
  ) {
    return this.responder.manage(req, reply, { slug: slugOf(req) }, token, dto);
  }

  @Get('subscriptions/unsubscribe')
  @SLUG
  @TOKEN
  @ApiOperation({ summary: 'The unsubscribe page: one button' })
  @VIEW('The subscription')
  @SubscriptionErrors()
  showUnsubscribe(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query('token') token: unknown) {
    return this.responder.showUnsubscribe(req, reply, { slug: slugOf(req) }, token);
  }

  @Post('subscriptions/unsubscribe')
  @HttpCode(200)
  @SLUG
  @TOKEN
  @ApiOperation({
    summary: 'One-click unsubscribe (RFC 8058: the body `List-Unsubscribe=One-Click`, as mail clients send it); unsubscribing again changes nothing',
  })
  @FORM_OR_JSON
  @ApiBody({ type: OneClickUnsubscribeDto })
  @VIEW('The subscription, unsubscribed')
  @SubscriptionErrors()
  unsubscribeOneClick(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('token') token: unknown,
    @Body() _dto: OneClickUnsubscribeDto,
  ) {
    return this.responder.unsubscribe(req, reply, { slug: slugOf(req) }, token);
  }
}

/**
 * The same routes at the root of a page's own `domain` (the Host header names
 * the page), where the links of its emails point. Left out of the spec: it is
 * the API above on another host.
 */
@Controller()
@ApiExcludeController()
@UseFilters(SubscriptionErrorsFilter)
export class DomainSubscriptionsController {
  constructor(private readonly responder: SubscriptionResponder) {}

  @Post('subscribe')
  @HttpCode(202)
  subscribeOnDomain(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Body() dto: SubscribeDto) {
    return this.responder.subscribe(req, reply, { host: req.hostname }, dto);
  }

  @Get('subscriptions/confirm')
  showSubscriptionConfirmationOnDomain(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query('token') token: unknown) {
    return this.responder.showConfirm(req, reply, { host: req.hostname }, token);
  }

  @Post('subscriptions/confirm')
  @HttpCode(200)
  confirmSubscriptionOnDomain(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query('token') token: unknown) {
    return this.responder.confirm(req, reply, { host: req.hostname }, token);
  }

  @Get('subscriptions/manage')
  showSubscriptionOnDomain(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query('token') token: unknown) {
    return this.responder.showManage(req, reply, { host: req.hostname }, token);
  }

  @Post('subscriptions/manage')
  @HttpCode(200)
  manageSubscriptionOnDomain(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('token') token: unknown,
    @Body() dto: ManageSubscriptionDto,
  ) {
    return this.responder.manage(req, reply, { host: req.hostname }, token, dto);
  }

  @Get('subscriptions/unsubscribe')
  showUnsubscribeOnDomain(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query('token') token: unknown) {
    return this.responder.showUnsubscribe(req, reply, { host: req.hostname }, token);
  }

  @Post('subscriptions/unsubscribe')
  @HttpCode(200)
  unsubscribeOneClickOnDomain(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('token') token: unknown,
    @Body() _dto: OneClickUnsubscribeDto,
  ) {
    return this.responder.unsubscribe(req, reply, { host: req.hostname }, token);
  }
}

const slugOf = (req: FastifyRequest): string => (req.params as { slug: string }).slug;
