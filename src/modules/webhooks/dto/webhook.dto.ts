import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsString, IsUrl, IsUUID, MaxLength } from 'class-validator';
import { WEBHOOK_EVENTS, WebhookEventType } from '../webhook-payloads';
import { Optional } from '../../../common/validators';

export class CreateWebhookDto {
  /** Where deliveries are POSTed: an http(s) URL. */
  @IsString()
  @MaxLength(2000)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'url must be an http(s) URL' },
  )
  url: string;

  /** Events to receive; default all. */
  @Optional()
  @IsArray()
  @ArrayNotEmpty({ message: 'events must list at least one event (omit it to receive all)' })
  @ArrayMaxSize(WEBHOOK_EVENTS.length * 2)
  @IsIn(WEBHOOK_EVENTS, { each: true, message: `each value in events must be one of: ${WEBHOOK_EVENTS.join(', ')}` })
  @ApiProperty({ enum: WEBHOOK_EVENTS, enumName: 'WebhookEventType', isArray: true, required: false })
  events?: WebhookEventType[];

  /** Only events about these components of the page (empty or omitted: every event). */
  @Optional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true, message: 'each value in componentIds must be a UUID' })
  @ApiProperty({ type: String, format: 'uuid', isArray: true, required: false })
  componentIds?: string[];
}

export class WebhookResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) pageId: string;
  url: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, enumName: 'WebhookEventType', isArray: true }) events: WebhookEventType[];
  @ApiProperty({ type: String, format: 'uuid', isArray: true }) componentIds: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  /** Set when the receiver failed WEBHOOK_DISABLE_AFTER attempts in a row: no more deliveries until it is enabled again. */
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) disabledAt: string | null;
  /** Why it was disabled (the last error). */
  @ApiProperty({ type: String, nullable: true }) disabledReason: string | null;
}

export class CreatedWebhookResponseDto extends WebhookResponseDto {
  /** Signing secret (Standard Webhooks form, `whsec_` + base64). Shown only in this response. */
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }) secret: string;
}

/** One delivery attempt. */
export class WebhookDeliveryResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  /** The `webhook-id` header: the same for every attempt of one message. */
  messageId: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, enumName: 'WebhookEventType' }) event: WebhookEventType;
  /** 1 for the first attempt. */
  @ApiProperty({ type: 'integer' }) attempt: number;
  /** The receiver's HTTP status, or null if none (timeout, connection refused). */
  @ApiProperty({ type: 'integer', nullable: true }) statusCode: number | null;
  /** Why the attempt failed, or null on success. */
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ type: 'integer' }) durationMs: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
