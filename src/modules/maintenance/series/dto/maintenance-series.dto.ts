import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PaginationQueryDto } from '../../../../common/pagination';
import { IsDateTime, NOT_EMPTY, Optional } from '../../../../common/validators';
import { MAX_REMIND_BEFORE_MINUTES } from '../../dto/maintenance.dto';
import { SERIES_LIMITS } from '../recurrence';
import { MAX_RRULE_LENGTH } from '../rrule-grammar';

const LOCAL_DATE_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?$';

/*
 * Types are checked here; the rule, the zone, the local start and the
 * duration together are checked by validateSeries (recurrence.ts), whose
 * messages name the field.
 */
export class CreateMaintenanceSeriesDto {
  @IsString()
  @MinLength(1, { message: NOT_EMPTY })
  @MaxLength(200)
  title: string;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string | null;

  /** Affected components of the same page (each occurrence covers them). */
  @Optional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true, message: 'each value in componentIds must be a UUID' })
  componentIds?: string[];

  /** IANA time zone in which `firstStart` and the rule are read. */
  @IsString()
  @MaxLength(64)
  @ApiProperty({ example: 'Europe/Berlin' })
  timeZone: string;

  /** The first occurrence's local start, without offset (`2027-03-14T02:30`), in `timeZone`. */
  @IsString()
  @MaxLength(19)
  @ApiProperty({ pattern: LOCAL_DATE_TIME, example: '2027-03-14T02:30' })
  firstStart: string;

  /** RFC 5545 recurrence rule (`FREQ=WEEKLY;BYDAY=SU`, optionally with `COUNT` or `UNTIL`); DAILY, WEEKLY, MONTHLY or YEARLY. */
  @IsString()
  @MaxLength(MAX_RRULE_LENGTH)
  @ApiProperty({ example: 'FREQ=WEEKLY;BYDAY=SU' })
  rrule: string;

  /** Length of each occurrence; shorter than the gap to the next one. */
  @IsInt()
  @Min(SERIES_LIMITS.minDurationMinutes)
  @Max(SERIES_LIMITS.maxDurationMinutes)
  @ApiProperty({ type: 'integer' })
  durationMinutes: number;

  /** Each occurrence goes `in_progress` automatically at its start (default true). */
  @Optional()
  @IsBoolean()
  autoStart?: boolean;

  /** Each occurrence goes `completed` automatically at its end (default true). */
  @Optional()
  @IsBoolean()
  autoComplete?: boolean;

  /** Remind subscribers this many minutes before each occurrence (default 60; null: no reminder). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_REMIND_BEFORE_MINUTES)
  @ApiProperty({ type: 'integer', nullable: true, required: false, minimum: 1, maximum: MAX_REMIND_BEFORE_MINUTES, default: 60 })
  remindBeforeMinutes?: number | null;
}

/** Regenerates the future scheduled occurrences that were not edited one by one. */
export class UpdateMaintenanceSeriesDto {
  @Optional()
  @IsString()
  @MinLength(1, { message: NOT_EMPTY })
  @MaxLength(200)
  title?: string;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string | null;

  /** Replaces the affected components. */
  @Optional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true, message: 'each value in componentIds must be a UUID' })
  componentIds?: string[];

  @Optional()
  @IsString()
  @MaxLength(64)
  @ApiProperty({ example: 'Europe/Berlin', required: false })
  timeZone?: string;

  @Optional()
  @IsString()
  @MaxLength(19)
  @ApiProperty({ pattern: LOCAL_DATE_TIME, example: '2027-03-14T02:30', required: false })
  firstStart?: string;

  @Optional()
  @IsString()
  @MaxLength(MAX_RRULE_LENGTH)
  @ApiProperty({ example: 'FREQ=WEEKLY;BYDAY=SU', required: false })
  rrule?: string;

  @Optional()
  @IsInt()
  @Min(SERIES_LIMITS.minDurationMinutes)
  @Max(SERIES_LIMITS.maxDurationMinutes)
  @ApiProperty({ type: 'integer', required: false })
  durationMinutes?: number;

  @Optional()
  @IsBoolean()
  autoStart?: boolean;

  @Optional()
  @IsBoolean()
  autoComplete?: boolean;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_REMIND_BEFORE_MINUTES)
  @ApiProperty({ type: 'integer', nullable: true, required: false, minimum: 1, maximum: MAX_REMIND_BEFORE_MINUTES })
  remindBeforeMinutes?: number | null;
}

export class ListMaintenanceSeriesQueryDto extends PaginationQueryDto {}

/** At most this many occurrences per preview, and a range of at most this many days. */
export const PREVIEW_LIMITS = { defaultLimit: 100, maxLimit: 1000, defaultDays: 90, maxDays: 3660 } as const;

export class SeriesOccurrencesQueryDto {
  /** Start of the range (default: now). */
  @IsDateTime({ optional: true })
  from?: string;

  /** End of the range, exclusive (default: 90 days after `from`; at most 3660 days after it). */
  @IsDateTime({ optional: true })
  to?: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: PREVIEW_LIMITS.maxLimit, default: PREVIEW_LIMITS.defaultLimit, required: false })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PREVIEW_LIMITS.maxLimit)
  limit?: number;
}

export class MaintenanceSeriesResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) pageId: string;
  title: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) componentIds: string[];
  timeZone: string;
  /** Local start of the first occurrence (`YYYY-MM-DDTHH:mm[:ss]`). */
  firstStart: string;
  /** The rule as stored (upper case, without `RRULE:`). */
  rrule: string;
  @ApiProperty({ type: 'integer' }) durationMinutes: number;
  autoStart: boolean;
  autoComplete: boolean;
  @ApiProperty({ type: 'integer', nullable: true }) remindBeforeMinutes: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class SeriesOccurrenceDto {
  @ApiProperty({ format: 'date-time' }) start: string;
  @ApiProperty({ format: 'date-time' }) end: string;
  /** The start as the zone's clocks show it (03:30 for a 02:30 moved out of a spring-forward gap). */
  localStart: string;
}

export class SeriesOccurrencesMetaDto {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ type: 'integer' }) limit: number;
  timeZone: string;
}

export class SeriesOccurrencesResponseDto {
  /** The computed occurrences starting in [from, to), at most `limit`; nothing is stored. */
  @ApiProperty({ type: [SeriesOccurrenceDto] }) data: SeriesOccurrenceDto[];
  @ApiProperty({ type: SeriesOccurrencesMetaDto }) meta: SeriesOccurrencesMetaDto;
}
