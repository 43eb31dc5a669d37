import { BadRequestException, Param, ParseUUIDPipe } from '@nestjs/common';
import { registerDecorator, ValidateIf, ValidationOptions } from 'class-validator';

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

/** A path parameter that must be a UUID; the 400 names the parameter. */
export function UuidParam(name: string) {
  return Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [`${name} must be a UUID`] }),
    }),
  );
}

export function toIso(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}
