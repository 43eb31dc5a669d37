import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../../../common/validators';

export class CreateComponentGroupDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  /** Sort order (ascending) among groups and ungrouped components. */
  @Optional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  position?: number;
}

export class UpdateComponentGroupDto {
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @Optional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  position?: number;
}

export class ComponentGroupResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) pageId: string;
  name: string;
  position: number;
  /** Components in this group, by position. */
  @ApiProperty({ type: [String], format: 'uuid' }) componentIds: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
