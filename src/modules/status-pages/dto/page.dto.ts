import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';
import { IsTimeZone, NOT_EMPTY, Optional } from '../../../common/validators';

const SLUG = /^[a-z0-9-]{3,63}$/;
/** Dot-separated labels of a-z, 0-9 and inner "-", each 1-63 characters (and 253 in all, by MaxLength). */
const HOSTNAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

export class CreatePageDto {
  /** URL name: 3-63 characters of a-z, 0-9 and "-", unique. */
  @ApiProperty({ pattern: SLUG.source, example: 'acme' })
  @IsString()
  @Matches(SLUG, { message: 'slug must be 3-63 characters of a-z, 0-9 and "-"' })
  slug: string;

  /** Display name. */
  @IsString()
  @MinLength(1, { message: NOT_EMPTY })
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
  @ApiProperty({ type: String, nullable: true, required: false, pattern: HOSTNAME.source, example: 'status.example.com' })
  @IsString()
  @MaxLength(253)
  @Matches(HOSTNAME, { message: 'domain must be a lowercase hostname such as status.example.com' })
  domain?: string | null;

  /** IANA time zone used to show times on the public page. */
  @Optional()
  @ApiProperty({ example: 'Europe/Paris', required: false })
  @IsTimeZone()
  timeZone?: string;

  /** Private pages answer 404 on every public route. */
  @Optional()
  @IsBoolean()
  isPublic?: boolean;

  /** Whether readers may subscribe by email on the public page (also needs SMTP_URL). Default `true`. */
  @Optional()
  @IsBoolean()
  allowSubscribers?: boolean;
}

export class UpdatePageDto {
  @Optional()
  @ApiProperty({ pattern: SLUG.source, example: 'acme', required: false })
  @IsString()
  @Matches(SLUG, { message: 'slug must be 3-63 characters of a-z, 0-9 and "-"' })
  slug?: string;

  @Optional()
  @IsString()
  @MinLength(1, { message: NOT_EMPTY })
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
  @ApiProperty({ type: String, nullable: true, required: false, pattern: HOSTNAME.source, example: 'status.example.com' })
  @IsString()
  @MaxLength(253)
  @Matches(HOSTNAME, { message: 'domain must be a lowercase hostname such as status.example.com' })
  domain?: string | null;

  @Optional()
  @ApiProperty({ example: 'Europe/Paris', required: false })
  @IsTimeZone()
  timeZone?: string;

  @Optional()
  @IsBoolean()
  isPublic?: boolean;

  /** Whether readers may subscribe by email on the public page (also needs SMTP_URL). */
  @Optional()
  @IsBoolean()
  allowSubscribers?: boolean;
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
  /** Whether readers may subscribe by email (the public form shows when SMTP_URL is set too). */
  allowSubscribers: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
