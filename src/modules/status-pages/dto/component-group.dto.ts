import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { NOT_EMPTY, Optional } from '../../../common/validators';

export class CreateComponentGroupDto {
  @IsString()
  @MinLength(1, { message: NOT_EMPTY })
  @MaxLength(200)
  name: string;

  /** Sort order (ascending) among groups and ungrouped components. */
  @Optional()
  @ApiProperty({ type: 'integer', required: false })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  position?: number;
}

export class UpdateComponentGroupDto {
  @Optional()
  @IsString()
  @MinLength(1, { message: NOT_EMPTY })
  @MaxLength(200)
  name?: string;

  @Optional()
  @ApiProperty({ type: 'integer', required: false })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  position?: number;
}

export class ComponentGroupResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) pageId: string;
  name: string;
  @ApiProperty({ type: 'integer' }) position: number;
  /** Components in this group, by position. */
  @ApiProperty({ type: [String], format: 'uuid' }) componentIds: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
