import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsString, Matches, MaxLength, MinLength, registerDecorator } from 'class-validator';
import { NOT_EMPTY, Optional } from '../../../common/validators';
import { ComponentStatus, IntegrationIncidents, IntegrationKind } from '../../../generated/prisma/enums';
import { wellFormed } from '../alertmanager-payload';

const COMPONENT_STATUSES = Object.values(ComponentStatus) as string[];
export const MAX_SEVERITIES = 50;
const MAX_SEVERITY_LENGTH = 100;

export function isStatusBySeverity(value: unknown): value is Record<string, ComponentStatus> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= MAX_SEVERITIES &&
    entries.every(
      ([k, v]) =>
        k.length >= 1 &&
        k.length <= MAX_SEVERITY_LENGTH &&
        !k.includes('\u0000') &&
        wellFormed(k) === k &&
        typeof v === 'string' &&
        COMPONENT_STATUSES.includes(v),
    )
  );
}

/** An object mapping `severity` label values to component statuses; documented as such in the spec. */
function StatusBySeverity() {
  return (target: object, property: string) => {
    registerDecorator({
      name: 'isStatusBySeverity',
      target: target.constructor,
      propertyName: property,
      options: {
        message: `${property} must be an object of at most ${MAX_SEVERITIES} severities (1-${MAX_SEVERITY_LENGTH} characters) mapped to one of: ${COMPONENT_STATUSES.join(', ')}`,
      },
      validator: { validate: isStatusBySeverity },
    });
    ApiPropertyOptional({
      type: 'object',
      maxProperties: MAX_SEVERITIES,
      additionalProperties: { $ref: '#/components/schemas/ComponentStatus' },
      example: { critical: 'major_outage', warning: 'degraded_performance' },
    })(target, property);
  };
}

/** Prometheus-style label names (`component`, `service_name`); Grafana's are the same. */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export class CreateIntegrationDto {
  @IsString()
  @MinLength(1, { message: NOT_EMPTY })
  @MaxLength(200)
  name: string;

  /** `alertmanager` (the only kind; Grafana alerting's webhook contact point sends the same payload). */
  @Optional()
  @IsEnum(IntegrationKind, { message: `kind must be one of: ${Object.values(IntegrationKind).join(', ')}` })
  @ApiProperty({ enum: IntegrationKind, enumName: 'IntegrationKind', required: false, default: 'alertmanager' })
  kind?: IntegrationKind;

  /** The alert label whose value names the component (its name, or its id). Default `component`. */
  @Optional()
  @IsString()
  @MaxLength(100)
  @Matches(LABEL_NAME, { message: 'componentLabel must be a label name (letters, digits, underscores; not starting with a digit)' })
  @ApiProperty({ required: false, default: 'component', pattern: LABEL_NAME.source, maxLength: 100, example: 'component' })
  componentLabel?: string;

  /**
   * Status set by a firing alert, by its `severity` label (exact, else ignoring case). Default
   * `{critical: major_outage, warning: degraded_performance}`; any other severity, or none: `partial_outage`.
   * A given map replaces the default.
   */
  @Optional()
  @StatusBySeverity()
  statusBySeverity?: Record<string, ComponentStatus>;

  /** `open`: the first firing alert opens an incident and the last resolved one resolves it. Default `none`. */
  @Optional()
  @IsEnum(IntegrationIncidents, { message: `incidents must be one of: ${Object.values(IntegrationIncidents).join(', ')}` })
  @ApiProperty({ enum: IntegrationIncidents, enumName: 'IntegrationIncidents', required: false, default: 'none' })
  incidents?: IntegrationIncidents;
}

/** Changes apply to the alerts already received too (they are matched and mapped again). */
export class UpdateIntegrationDto {
  @Optional()
  @IsString()
  @MinLength(1, { message: NOT_EMPTY })
  @MaxLength(200)
  name?: string;

  @Optional()
  @IsString()
  @MaxLength(100)
  @Matches(LABEL_NAME, { message: 'componentLabel must be a label name (letters, digits, underscores; not starting with a digit)' })
  @ApiProperty({ required: false, pattern: LABEL_NAME.source, maxLength: 100, example: 'component' })
  componentLabel?: string;

  @Optional()
  @StatusBySeverity()
  statusBySeverity?: Record<string, ComponentStatus>;

  @Optional()
  @IsEnum(IntegrationIncidents, { message: `incidents must be one of: ${Object.values(IntegrationIncidents).join(', ')}` })
  @ApiProperty({ enum: IntegrationIncidents, enumName: 'IntegrationIncidents', required: false })
  incidents?: IntegrationIncidents;
}

export class IntegrationResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) pageId: string;
  name: string;
  @ApiProperty({ enum: IntegrationKind, enumName: 'IntegrationKind' }) kind: IntegrationKind;
  componentLabel: string;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/ComponentStatus' } })
  statusBySeverity: Record<string, ComponentStatus>;
  @ApiProperty({ enum: IntegrationIncidents, enumName: 'IntegrationIncidents' }) incidents: IntegrationIncidents;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CreatedIntegrationResponseDto extends IntegrationResponseDto {
  /** The receiver's bearer token (`Authorization: Bearer <token>`). Shown only in this response. */
  @ApiProperty({ example: 'spi_kqP3v9yDq2m1X7cS0bWlYJ8eH5tRzUo4aNfGi6dKjLw' }) token: string;
}

/** An alert that named no component of the page (the 50 most recent, newest first). */
export class UnmatchedAlertResponseDto {
  fingerprint: string;
  @ApiProperty({ enum: ['firing', 'resolved'], enumName: 'AlertStatus' }) status: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) labels: Record<string, string>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) annotations: Record<string, string>;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) startsAt: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) endsAt: string | null;
  /** When the last notification with this alert arrived. */
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
}
