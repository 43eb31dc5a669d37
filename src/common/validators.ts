import { applyDecorators, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiParam, ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsString, Matches, registerDecorator, ValidateIf, ValidationOptions } from 'class-validator';
import { FieldValidationError } from './errors';

/** Optional, but not null: `undefined` skips validation, `null` is rejected by the other validators. */
export const Optional = () => ValidateIf((_, value) => value !== undefined);

const zones = new Set<string>(Intl.supportedValuesOf('timeZone'));
zones.add('UTC');

export function isTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 64) return false;
  if (zones.has(value)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time-zone name such as "Europe/Paris" or "UTC". */
export function IsTimeZone(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isTimeZone',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be an IANA time-zone name such as "Europe/Paris"`, ...options },
      validator: { validate: isTimeZone },
    });
}

/** The message of `@MinLength(1, { message: NOT_EMPTY })`, which the spec shows as `minLength: 1`. */
export const NOT_EMPTY = '$property should not be empty';

/** A path parameter that must be a UUID; the 400 names the parameter, and the spec says `format: uuid`. */
export function UuidParam(name: string): ParameterDecorator {
  const param = Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => new FieldValidationError([`${name} must be a UUID`]),
    }),
  );
  const doc = ApiParam({ name, type: String, format: 'uuid' });
  return (target, key, index) => {
    param(target, key, index);
    if (key !== undefined) doc(target, key, Object.getOwnPropertyDescriptor(target, key)!);
  };
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** The first and last instants a date-time may name: what PostgreSQL and `Date` both hold, read back the same. */
export const EARLIEST_INSTANT = Date.UTC(1970, 0, 1);
export const LATEST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * True when `value` (already in the `DATE_TIME` shape) names an instant from
 * 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z once its offset is applied:
 * `9999-12-31T22:00:00-23:59` is in year 10000, `1970-01-01T00:30:00+01:00` in 1969.
 */
export function isInstantInRange(value: unknown): boolean {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) return false;
  const t = Date.parse(value);
  return Number.isFinite(t) && t >= EARLIEST_INSTANT && t <= LATEST_INSTANT;
}

function IsInstantInRange(property: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isInstantInRange',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: { validate: isInstantInRange },
      options: { message: `${property} must be an instant from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z (after its offset)` },
    });
}

/**
 * An ISO 8601 date-time with its time zone (`2030-01-01T10:00:00Z`), a real
 * calendar date, naming an instant from 1970 to 9999 UTC once its offset is
 * applied: what `new Date()` reads the same everywhere (week dates, ordinal
 * dates or six-digit years would not be read).
 */
export function IsDateTime({ optional = false } = {}) {
  return (target: object, property: string) =>
    applyDecorators(
      ...(optional ? [Optional()] : []),
      IsString({ message: `${property} must be an ISO 8601 date-time string` }),
      Matches(DATE_TIME, {
        message: `${property} must be an ISO 8601 date-time with a time zone, e.g. 2030-01-01T10:00:00Z`,
      }),
      IsISO8601({ strict: true }, { message: `${property} must be a valid ISO 8601 date-time` }),
      IsInstantInRange(property),
      ApiProperty({ format: 'date-time', type: String, required: !optional }),
    )(target, property);
}

export function toIso(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}
