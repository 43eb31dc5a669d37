import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import { IsTimeZone, Optional } from '../../../common/validators';

const SLUG = /^[a-z0-9-]{3,63}$/;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

export class CreatePageDto {
  /** URL name: 3-63 characters of a-z, 0-9 and "-", unique. */
  @IsString()
  @Matches(SLUG, { message: 'slug must be 3-63 characters of a-z, 0-9 and "-"' })
  slug: string;

  /** Display name. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  /** Link to the company's site; defaults to the page's public address. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  @MaxLength(2000)
  url?: string | null;

  /** Hostname that serves this page at its root (e.g. status.example.com), unique. */
  @IsOptional()
  @IsString()
  @Matches(HOSTNAME, { message: 'domain must be a lowercase hostname such as status.example.com' })
  domain?: string | null;

  /** IANA time zone used to show times on the public page. */
  @Optional()
  @IsTimeZone()
  timeZone?: string;

  /** Private pages answer 404 on every public route. */
  @Optional()
  @IsBoolean()
  isPublic?: boolean;
}

export class UpdatePageDto {
  @Optional()
  @IsString()
  @Matches(SLUG, { message: 'slug must be 3-63 characters of a-z, 0-9 and "-"' })
  slug?: string;

  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  @MaxLength(2000)
  url?: string | null;

  @IsOptional()
  @IsString()
  @Matches(HOSTNAME, { message: 'domain must be a lowercase hostname such as status.example.com' })
  domain?: string | null;

  @Optional()
  @IsTimeZone()
  timeZone?: string;

  @Optional()
  @IsBoolean()
  isPublic?: boolean;
}

export class PageResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  slug: string;
  name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  /** The company's site, or the page's public address. */
  url: string;
  @ApiProperty({ type: String, nullable: true }) domain: string | null;
  timeZone: string;
  isPublic: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
