import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, isEmail, MaxLength, registerDecorator } from 'class-validator';
import { PaginationQueryDto } from '../../../common/pagination';
import { Optional } from '../../../common/validators';

export const SUBSCRIBER_STATES = ['pending', 'active', 'unsubscribed'] as const;
export type SubscriberStateName = (typeof SUBSCRIBER_STATES)[number];

export class SubscriberResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) pageId: string;
  @ApiProperty({ format: 'email' }) email: string;
  /** The components followed; empty: the whole page. */
  @ApiProperty({ type: String, format: 'uuid', isArray: true }) componentIds: string[];
  @ApiProperty({ enum: SUBSCRIBER_STATES, enumName: 'SubscriberState' }) state: SubscriberStateName;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) confirmedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

/** validator.js' isEmail, which throws on a lone surrogate: that is no address either. */
function IsEmailAddress(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isEmailAddress',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'email must be an email address' },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          try {
            return isEmail(value, { allow_ip_domain: false, require_tld: true });
          } catch {
            return false;
          }
        },
      },
    });
}

/** An email address as subscribers give it: at most 254 characters (RFC 5321), stored lower-cased. */
function IsSubscriberEmail() {
  return applyDecorators(
    IsString({ message: 'email must be an email address' }),
    MaxLength(254),
    IsEmailAddress(),
    ApiProperty({ format: 'email', maxLength: 254, example: 'ada@example.com' }),
  );
}

/** The components followed (of the page; empty or omitted: the whole page). */
function IsFollowedComponents() {
  return applyDecorators(
    Optional(),
    IsArray(),
    ArrayMaxSize(500),
    IsUUID('all', { each: true, message: 'each value in componentIds must be a UUID' }),
    ApiProperty({ type: String, format: 'uuid', isArray: true, required: false, maxItems: 500 }),
  );
}

export class CreateSubscriberDto {
  @IsSubscriberEmail()
  email: string;

  /** Components to follow; empty or omitted: the whole page. */
  @IsFollowedComponents()
  componentIds?: string[];

  /** `true`: active at once, no confirmation email (for addresses you already know). Default `false`: pending, and a confirmation email. */
  @Optional()
  @IsBoolean()
  skipConfirmation?: boolean;
}

export class ListSubscribersQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: SUBSCRIBER_STATES, enumName: 'SubscriberState', description: 'Only subscribers in this state.' })
  @IsOptional()
  @IsIn(SUBSCRIBER_STATES, { message: `state must be one of: ${SUBSCRIBER_STATES.join(', ')}` })
  state?: SubscriberStateName;
}

/** A subscription asked for on the public page (JSON, or the page's HTML form). */
export class SubscribeDto {
  @IsSubscriberEmail()
  email: string;

  /** Components to follow; empty or omitted: the whole page. */
  @IsFollowedComponents()
  componentIds?: string[];
}

export const MANAGE_ACTIONS = ['update', 'unsubscribe'] as const;
export type ManageAction = (typeof MANAGE_ACTIONS)[number];

/** A change made on the manage page (JSON, or its HTML form). */
export class ManageSubscriptionDto {
  /** `update` (default): follow `componentIds`; `unsubscribe`: stop every email. */
  @Optional()
  @IsIn(MANAGE_ACTIONS, { message: `action must be one of: ${MANAGE_ACTIONS.join(', ')}` })
  @ApiProperty({ enum: MANAGE_ACTIONS, enumName: 'ManageSubscriptionAction', required: false, default: 'update' })
  action?: ManageAction;

  /** With `update`: the components to follow; empty or omitted: the whole page. */
  @IsFollowedComponents()
  componentIds?: string[];
}

/** RFC 8058 one-click unsubscribe: the body mail clients send (`List-Unsubscribe=One-Click`). */
export class OneClickUnsubscribeDto {
  @IsIn(['One-Click'], { message: 'List-Unsubscribe must be One-Click' })
  @ApiProperty({ enum: ['One-Click'], name: 'List-Unsubscribe' })
  'List-Unsubscribe': 'One-Click';
}

/** The answer to a public subscribe: the same whether or not the address was known. */
export class SubscriptionAcceptedDto {
  @ApiProperty({ example: 'Check your inbox: we sent a link to confirm the subscription.' }) message: string;
}

export class SubscriptionComponentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  name: string;
  /** Whether the subscription follows it (all are false when the whole page is followed). */
  followed: boolean;
}

/** A subscription as its owner sees it through a link from an email. */
export class SubscriptionResponseDto {
  @ApiProperty({ format: 'email' }) email: string;
  @ApiProperty({ enum: SUBSCRIBER_STATES, enumName: 'SubscriberState' }) state: SubscriberStateName;
  /** The name of the page. */
  pageName: string;
  /** The components followed; empty: the whole page. */
  @ApiProperty({ type: String, format: 'uuid', isArray: true }) componentIds: string[];
  /** Every component of the page, for choosing. */
  @ApiProperty({ type: [SubscriptionComponentDto] }) components: SubscriptionComponentDto[];
}
