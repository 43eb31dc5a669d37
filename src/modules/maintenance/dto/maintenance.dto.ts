import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  Max,
  Min,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PaginationQueryDto } from '../../../common/pagination';
import { IsDateTime, NOT_EMPTY, Optional } from '../../../common/validators';
import { MaintenanceStatus } from '../../../generated/prisma/enums';
import { MAX_TIMELINE_MESSAGE_LENGTH } from '../../../common/limits';

/** A reminder at most a week ahead (as for a series). */
export const MAX_REMIND_BEFORE_MINUTES = 10080;

export const MAINTENANCE_STATUSES = Object.values(MaintenanceStatus);
export const MAINTENANCE_WHEN = ['upcoming', 'active', 'past'] as const;
export type MaintenanceWhen = (typeof MAINTENANCE_WHEN)[number];

const STATUS_MESSAGE = `status must be one of: ${MAINTENANCE_STATUSES.join(', ')}`;

export class CreateMaintenanceDto {
  @IsString()
  @MinLength(1, { message: NOT_EMPTY })
  @MaxLength(200)
  title: string;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string | null;

  /** When the window starts (ISO 8601 with time zone). */
  @IsDateTime()
  scheduledStart: string;

  /** When the window ends; must be after `scheduledStart`. */
  @IsDateTime()
  scheduledEnd: string;

  /** Affected components of the same page. */
  @Optional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true, message: 'each value in componentIds must be a UUID' })
  componentIds?: string[];

  /** Go `in_progress` automatically at `scheduledStart` (default true). */
  @Optional()
  @IsBoolean()
  autoStart?: boolean;

  /** Go `completed` automatically at `scheduledEnd` (default true). */
  @Optional()
  @IsBoolean()
  autoComplete?: boolean;

  /** First timeline entry (default: a generic "scheduled" message). */
  @Optional()
  @IsString()
  @MinLength(1, { message: NOT_EMPTY })
  @MaxLength(MAX_TIMELINE_MESSAGE_LENGTH)
  message?: string;

  /** Email this window's scheduling, reminder, start, end and cancellation to the page's subscribers (default true). */
  @Optional()
  @IsBoolean()
  deliverNotifications?: boolean;

  /** Remind subscribers this many minutes before the start (default 60; null: no reminder). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_REMIND_BEFORE_MINUTES)
  @ApiProperty({ type: 'integer', nullable: true, required: false, minimum: 1, maximum: MAX_REMIND_BEFORE_MINUTES })
  remindBeforeMinutes?: number | null;
}

/** Only while the window is scheduled or in progress. */
export class UpdateMaintenanceDto {
  @Optional()
  @IsString()
  @MinLength(1, { message: NOT_EMPTY })
  @MaxLength(200)
  title?: string;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string | null;

  /** Moves the start (and its automatic transition). */
  @IsDateTime({ optional: true })
  scheduledStart?: string;

  /** Moves the end (and its automatic transition). */
  @IsDateTime({ optional: true })
  scheduledEnd?: string;

  /** Replaces the affected components. */
  @Optional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true, message: 'each value in componentIds must be a UUID' })
  componentIds?: string[];

  @Optional()
  @IsBoolean()
  autoStart?: boolean;

  @Optional()
  @IsBoolean()
  autoComplete?: boolean;

  /** Email this window's scheduling, reminder, start, end and cancellation to the page's subscribers. */
  @Optional()
  @IsBoolean()
  deliverNotifications?: boolean;

  /** Remind subscribers this many minutes before the start (null: no reminder); moves its reminder. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_REMIND_BEFORE_MINUTES)
  @ApiProperty({ type: 'integer', nullable: true, required: false, minimum: 1, maximum: MAX_REMIND_BEFORE_MINUTES })
  remindBeforeMinutes?: number | null;
}

/** Optional note for a start, complete or cancel. */
export class MaintenanceActionDto {
  /** Timeline message (default: a generic one for the new status). */
  @Optional()
  @IsString()
  @MinLength(1, { message: NOT_EMPTY })
  @MaxLength(MAX_TIMELINE_MESSAGE_LENGTH)
  message?: string;
}

export class CreateMaintenanceUpdateDto {
  @IsString()
  @MinLength(1, { message: NOT_EMPTY })
  @MaxLength(MAX_TIMELINE_MESSAGE_LENGTH)
  message: string;

  /** Move the window to this status with the message (same rules as start/complete/cancel). */
  @Optional()
  @IsEnum(MaintenanceStatus, { message: STATUS_MESSAGE })
  @ApiProperty({ enum: MaintenanceStatus, enumName: 'MaintenanceStatus', required: false })
  status?: MaintenanceStatus;
}

export class ListMaintenancesQueryDto extends PaginationQueryDto {
  @IsOptional()
  @IsEnum(MaintenanceStatus, { message: STATUS_MESSAGE })
  @ApiProperty({ enum: MaintenanceStatus, enumName: 'MaintenanceStatus', required: false })
  status?: MaintenanceStatus;

  /** `upcoming` (scheduled), `active` (in progress or verifying) or `past` (completed or cancelled). */
  @IsOptional()
  @IsIn(MAINTENANCE_WHEN, { message: `when must be one of: ${MAINTENANCE_WHEN.join(', ')}` })
  @ApiProperty({ enum: MAINTENANCE_WHEN, enumName: 'MaintenanceWhen', required: false })
  when?: MaintenanceWhen;
}

export class MaintenanceUpdateResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ enum: MaintenanceStatus, enumName: 'MaintenanceStatus' }) status: MaintenanceStatus;
  message: string;
}

export class MaintenanceResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) pageId: string;
  title: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ enum: MaintenanceStatus, enumName: 'MaintenanceStatus' }) status: MaintenanceStatus;
  @ApiProperty({ format: 'date-time' }) scheduledStart: string;
  @ApiProperty({ format: 'date-time' }) scheduledEnd: string;
  @ApiProperty({ type: [String], format: 'uuid' }) componentIds: string[];
  autoStart: boolean;
  autoComplete: boolean;
  /** Whether its events are emailed to the page's subscribers. */
  deliverNotifications: boolean;
  /** Subscribers are reminded this many minutes before the start (null: no reminder). */
  @ApiProperty({ type: 'integer', nullable: true }) remindBeforeMinutes: number | null;
  /** Timeline, oldest first. */
  @ApiProperty({ type: [MaintenanceUpdateResponseDto] }) updates: MaintenanceUpdateResponseDto[];
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) startedAt: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) completedAt: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) cancelledAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  /** The recurring series this window is an occurrence of (null for a single window, or once its series is deleted). */
  @ApiProperty({ format: 'uuid', type: String, nullable: true }) seriesId: string | null;
}
