import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ALERT_STATUSES, MAX_FINGERPRINT_LENGTH, PAYLOAD_VERSIONS } from '../alertmanager-payload';

/*
 * The receiver's request body, for the spec only: the body is read by
 * alertmanager-payload.ts (not by the global ValidationPipe, which refuses
 * unknown fields; these payloads carry many that the receiver ignores).
 */

const STRING_MAP = { type: 'object' as const, additionalProperties: { type: 'string' as const } };

/** One alert of the notification. Other fields (generatorURL, Grafana's values, silenceURL, ...) are ignored. */
export class AlertmanagerAlertDto {
  @ApiProperty({ enum: ALERT_STATUSES, enumName: 'AlertStatus' }) status: string;

  /** The alert's labels: the integration's `componentLabel` names the component, `severity` gives the status. */
  @ApiProperty({ ...STRING_MAP, example: { alertname: 'HighErrorRate', component: 'API', severity: 'critical' } })
  labels: Record<string, string>;

  /** `summary` names the incident an integration with `incidents: open` opens. */
  @ApiPropertyOptional({ ...STRING_MAP, example: { summary: 'Error rate above 5%' } })
  annotations?: Record<string, string>;

  @ApiProperty({ format: 'date-time', required: false }) startsAt?: string;
  /** `0001-01-01T00:00:00Z` (Go's zero time) while firing. */
  @ApiProperty({ format: 'date-time', required: false }) endsAt?: string;

  /** Identifies the alert across notifications. */
  @ApiProperty({ minLength: 1, maxLength: MAX_FINGERPRINT_LENGTH, example: '4a2c3e0f1b2d3c4e' }) fingerprint: string;
}

/**
 * Alertmanager's webhook payload (version 4), or Grafana alerting's webhook
 * contact point payload (version 1). Fields not listed here (receiver,
 * groupKey, groupLabels, commonLabels, externalURL, Grafana's orgId, title,
 * message, ...) are accepted and ignored.
 */
export class AlertmanagerWebhookDto {
  @ApiProperty({ enum: PAYLOAD_VERSIONS, enumName: 'AlertmanagerPayloadVersion' }) version: string;
  @ApiProperty({ type: AlertmanagerAlertDto, isArray: true }) alerts: AlertmanagerAlertDto[];
}

/** What the receiver did with the notification. */
export class AlertmanagerReceiptDto {
  /** Alerts in the notification. */
  @ApiProperty({ type: 'integer' }) alerts: number;
  /** Of those, alerts that named a component of the page. */
  @ApiProperty({ type: 'integer' }) matched: number;
  /** Of those, alerts that named none (listed by `GET .../integrations/{id}/unmatched-alerts`). */
  @ApiProperty({ type: 'integer' }) unmatched: number;
  /** Whether some component's automated status changed. */
  changed: boolean;
}
