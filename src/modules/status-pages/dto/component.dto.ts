import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ComponentStatus } from '../../../generated/prisma/enums';
import { NOT_EMPTY, Optional } from '../../../common/validators';

export const COMPONENT_STATUSES = Object.values(ComponentStatus);

export class CreateComponentDto {
  @IsString()
  @MinLength(1, { message: NOT_EMPTY })
  @MaxLength(200)
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  /** The group this component belongs to (same page), or null. */
  @IsOptional()
  @IsUUID('all')
  groupId?: string | null;

  /** Sort order (ascending); defaults to after the last component. */
  @Optional()
  @ApiProperty({ type: 'integer', required: false })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  position?: number;

  /** Manually set status. */
  @Optional()
  @IsEnum(ComponentStatus, { message: `status must be one of: ${COMPONENT_STATUSES.join(', ')}` })
  @ApiProperty({ enum: ComponentStatus, enumName: 'ComponentStatus', required: false })
  status?: ComponentStatus;

  /** Hide the component on the public page while it is operational. */
  @Optional()
  @IsBoolean()
  onlyShowIfDegraded?: boolean;

  /** Show the component (and its uptime) on the public page. */
  @Optional()
  @IsBoolean()
  showcase?: boolean;
}

export class UpdateComponentDto {
  @Optional()
  @IsString()
  @MinLength(1, { message: NOT_EMPTY })
  @MaxLength(200)
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  /** Move to another group of the same page, or null to take it out of its group. */
  @IsOptional()
  @IsUUID('all')
  groupId?: string | null;

  @Optional()
  @ApiProperty({ type: 'integer', required: false })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  position?: number;

  @Optional()
  @IsEnum(ComponentStatus, { message: `status must be one of: ${COMPONENT_STATUSES.join(', ')}` })
  @ApiProperty({ enum: ComponentStatus, enumName: 'ComponentStatus', required: false })
  status?: ComponentStatus;

  @Optional()
  @IsBoolean()
  onlyShowIfDegraded?: boolean;

  @Optional()
  @IsBoolean()
  showcase?: boolean;
}

export class ComponentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) pageId: string;
  @ApiProperty({ format: 'uuid', type: String, nullable: true }) groupId: string | null;
  name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: 'integer' }) position: number;
  /** The manually set status. */
  @ApiProperty({ enum: ComponentStatus, enumName: 'ComponentStatus' }) status: ComponentStatus;
  /** Set by monitoring integrations while their alerts fire (the worst of them); null when none. Read-only. */
  @ApiProperty({ enum: ComponentStatus, enumName: 'ComponentStatus', nullable: true }) automatedStatus: ComponentStatus | null;
  /** What the public sees: the worst of manual status, automated status, open incidents and in-progress maintenance. */
  @ApiProperty({ enum: ComponentStatus, enumName: 'ComponentStatus' }) effectiveStatus: ComponentStatus;
  onlyShowIfDegraded: boolean;
  showcase: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
