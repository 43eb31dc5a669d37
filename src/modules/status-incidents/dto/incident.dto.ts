import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsObject,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PaginationQueryDto } from '../../../common/pagination';
import { IsDateTime, NOT_EMPTY, Optional } from '../../../common/validators';
import { ComponentStatus, IncidentImpact, IncidentStatus } from '../../../generated/prisma/enums';
import { INITIAL_INCIDENT_STATUSES, InitialIncidentStatus } from '../incident-transitions';
import { MAX_TIMELINE_MESSAGE_LENGTH } from '../../../common/limits';

const COMPONENT_STATUSES = Object.values(ComponentStatus);
const INCIDENT_STATUSES = Object.values(IncidentStatus);
const IMPACTS = Object.values(IncidentImpact);

/** A component the incident affects, and the status the incident sets for it. */
export class IncidentComponentDto {
  @IsUUID('all', { message: 'componentId must be a UUID' })
  @ApiProperty({ format: 'uuid' })
  componentId: string;

  @IsEnum(ComponentStatus, { message: `status must be one of: ${COMPONENT_STATUSES.join(', ')}` })
  @ApiProperty({ enum: ComponentStatus, enumName: 'ComponentStatus' })
  status: ComponentStatus;
}

export class CreateIncidentDto {
  @IsString()
  @MinLength(1, { message: NOT_EMPTY })
  @MaxLength(200)
  name: string;

  /** The first timeline entry's text. */
  @IsString()
  @MinLength(1, { message: NOT_EMPTY })
  @MaxLength(MAX_TIMELINE_MESSAGE_LENGTH)
  message: string;

  /** Default `investigating`; `resolved` with a past `startedAt` backfills a past incident (`postmortem` comes later, through the timeline). */
  @Optional()
  @IsIn(INITIAL_INCIDENT_STATUSES, { message: `status must be one of: ${INITIAL_INCIDENT_STATUSES.join(', ')}` })
  @ApiProperty({ enum: INITIAL_INCIDENT_STATUSES, enumName: 'InitialIncidentStatus', required: false })
  status?: InitialIncidentStatus;

  /** Default `none`. */
  @Optional()
  @IsEnum(IncidentImpact, { message: `impact must be one of: ${IMPACTS.join(', ')}` })
  @ApiProperty({ enum: IncidentImpact, enumName: 'IncidentImpact', required: false })
  impact?: IncidentImpact;

  /** Affected components of the page, each with the status the incident sets for it. */
  @Optional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsObject({ each: true, message: 'each value in components must be an object' })
  @ValidateNested({ each: true })
  @Type(() => IncidentComponentDto)
  components?: IncidentComponentDto[];

  /** When the incident began (ISO 8601 with time zone, not in the future); default now. */
  @IsDateTime({ optional: true })
  startedAt?: string;

  /** Email this to the page's subscribers (default true). */
  @Optional()
  @IsBoolean()
  deliverNotifications?: boolean;
}

/** Only the name and impact are edited in place; status and components change through the timeline. */
export class UpdateIncidentDto {
  @Optional()
  @IsString()
  @MinLength(1, { message: NOT_EMPTY })
  @MaxLength(200)
  name?: string;

  @Optional()
  @IsEnum(IncidentImpact, { message: `impact must be one of: ${IMPACTS.join(', ')}` })
  @ApiProperty({ enum: IncidentImpact, enumName: 'IncidentImpact', required: false })
  impact?: IncidentImpact;
}

export class CreateIncidentUpdateDto {
  /** The incident's status from this entry on (`postmortem` only once resolved). */
  @IsEnum(IncidentStatus, { message: `status must be one of: ${INCIDENT_STATUSES.join(', ')}` })
  @ApiProperty({ enum: IncidentStatus, enumName: 'IncidentStatus' })
  status: IncidentStatus;

  @IsString()
  @MinLength(1, { message: NOT_EMPTY })
  @MaxLength(MAX_TIMELINE_MESSAGE_LENGTH)
  message: string;

  /** Changes the status the incident sets for these components (others keep theirs). */
  @Optional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsObject({ each: true, message: 'each value in components must be an object' })
  @ValidateNested({ each: true })
  @Type(() => IncidentComponentDto)
  components?: IncidentComponentDto[];

  /** Email this to the page's subscribers (default true). */
  @Optional()
  @IsBoolean()
  deliverNotifications?: boolean;
}

export class ListIncidentsQueryDto extends PaginationQueryDto {
  /** Only incidents with this status. */
  @Optional()
  @IsEnum(IncidentStatus, { message: `status must be one of: ${INCIDENT_STATUSES.join(', ')}` })
  @ApiProperty({ enum: IncidentStatus, enumName: 'IncidentStatus', required: false })
  status?: IncidentStatus;
}

/** A component as a timeline entry recorded it. */
export class IncidentUpdateComponentDto {
  @ApiProperty({ format: 'uuid' }) componentId: string;
  /** The status the incident sets for it from this entry on. */
  @ApiProperty({ enum: ComponentStatus, enumName: 'ComponentStatus' }) status: ComponentStatus;
  /** The component's name at the time. */
  name: string;
  /** Its effective status just before this entry. */
  @ApiProperty({ enum: ComponentStatus, enumName: 'ComponentStatus', nullable: true }) oldStatus: ComponentStatus | null;
}

/** One timeline entry (append-only). */
export class IncidentUpdateResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ enum: IncidentStatus, enumName: 'IncidentStatus' }) status: IncidentStatus;
  message: string;
  /** Components whose incident status this entry changed (empty if none). */
  @ApiProperty({ type: IncidentUpdateComponentDto, isArray: true }) components: IncidentUpdateComponentDto[];
}

export class IncidentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) pageId: string;
  name: string;
  @ApiProperty({ enum: IncidentStatus, enumName: 'IncidentStatus' }) status: IncidentStatus;
  @ApiProperty({ enum: IncidentImpact, enumName: 'IncidentImpact' }) impact: IncidentImpact;
  /** Affected components and the status the incident sets for each (while unresolved). */
  @ApiProperty({ type: IncidentComponentDto, isArray: true }) components: IncidentComponentDto[];
  /** The timeline, oldest first. */
  @ApiProperty({ type: IncidentUpdateResponseDto, isArray: true }) updates: IncidentUpdateResponseDto[];
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) monitoringAt: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) resolvedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
