import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { NOT_EMPTY } from '../../../common/validators';

export class CreateApiKeyDto {
  /** A label for people: where the key is used. */
  @IsString()
  @MinLength(1, { message: NOT_EMPTY })
  @MaxLength(200)
  name: string;

  /** The pages this key may touch. */
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  pageIds: string[];
}

export class ApiKeyResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  name: string;
  @ApiProperty({ type: [String], format: 'uuid' }) pageIds: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt: string | null;
}

export class CreatedApiKeyResponseDto extends ApiKeyResponseDto {
  /** The secret, shown only in this response: store it now. */
  key: string;
}
