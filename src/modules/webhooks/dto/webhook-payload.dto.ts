import { ApiProperty } from '@nestjs/swagger';
import { ComponentStatus, IncidentImpact, IncidentStatus, MaintenanceStatus } from '../../../generated/prisma/enums';
import { SUBSCRIBER_STATES, SubscriberStateName } from '../../subscribers/dto/subscriber.dto';

/*
 * What integrators receive: the `data` of each webhook message, declared here
 * on its own (a change to an admin response does not change a webhook).
 */

export class WebhookIncidentComponent {
  @ApiProperty({ format: 'uuid' }) componentId: string;
  @ApiProperty({ enum: ComponentStatus, enumName: 'ComponentStatus' }) status: ComponentStatus;
}

export class WebhookTimelineComponent {
  @ApiProperty({ format: 'uuid' }) componentId: string;
  @ApiProperty({ enum: ComponentStatus, enumName: 'ComponentStatus' }) status: ComponentStatus;
  /** The component's name when the entry was written. */
  name: string;
  /** Its effective status just before the entry. */
  @ApiProperty({ enum: ComponentStatus, enumName: 'ComponentStatus', nullable: true }) oldStatus: ComponentStatus | null;
}

export class WebhookIncidentUpdate {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ enum: IncidentStatus, enumName: 'IncidentStatus' }) status: IncidentStatus;
  message: string;
  @ApiProperty({ type: [WebhookTimelineComponent] }) components: WebhookTimelineComponent[];
}

/** An incident, as `incident.*` messages carry it. */
export class WebhookIncident {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) pageId: string;
  name: string;
  @ApiProperty({ enum: IncidentStatus, enumName: 'IncidentStatus' }) status: IncidentStatus;
  @ApiProperty({ enum: IncidentImpact, enumName: 'IncidentImpact' }) impact: IncidentImpact;
  @ApiProperty({ type: [WebhookIncidentComponent] }) components: WebhookIncidentComponent[];
  /** The timeline, oldest first. */
  @ApiProperty({ type: [WebhookIncidentUpdate] }) updates: WebhookIncidentUpdate[];
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) monitoringAt: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) resolvedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class WebhookMaintenanceUpdate {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ enum: MaintenanceStatus, enumName: 'MaintenanceStatus' }) status: MaintenanceStatus;
  message: string;
}

/** A maintenance window, as `maintenance.*` messages carry it. */
export class WebhookMaintenance {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) pageId: string;
  title: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ enum: MaintenanceStatus, enumName: 'MaintenanceStatus' }) status: MaintenanceStatus;
  @ApiProperty({ format: 'date-time' }) scheduledStart: string;
  @ApiProperty({ format: 'date-time' }) scheduledEnd: string;
  @ApiProperty({ type: [String], format: 'uuid' }) componentIds: string[];
  autoStart: boolean;
  autoComplete: boolean;
  @ApiProperty({ type: [WebhookMaintenanceUpdate] }) updates: WebhookMaintenanceUpdate[];
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) startedAt: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) completedAt: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) cancelledAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class WebhookComponentRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  name: string;
  @ApiProperty({ enum: ComponentStatus, enumName: 'ComponentStatus' }) status: ComponentStatus;
}

/** A change of a component's effective status, as `component.status_changed` messages carry it. */
export class WebhookComponentStatusChange {
  @ApiProperty({ type: WebhookComponentRef }) component: WebhookComponentRef;
  @ApiProperty({ enum: ComponentStatus, enumName: 'ComponentStatus', nullable: true }) oldStatus: ComponentStatus | null;
  @ApiProperty({ enum: ComponentStatus, enumName: 'ComponentStatus' }) newStatus: ComponentStatus;
  @ApiProperty({ format: 'date-time' }) changedAt: string;
}

/** A subscriber, as `subscriber.*` messages carry it. */
export class WebhookSubscriber {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) pageId: string;
  @ApiProperty({ format: 'email' }) email: string;
  /** The components followed; empty: the whole page. */
  @ApiProperty({ type: [String], format: 'uuid' }) componentIds: string[];
  @ApiProperty({ enum: SUBSCRIBER_STATES, enumName: 'SubscriberState' }) state: SubscriberStateName;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) confirmedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

const INCIDENT_EVENTS = ['incident.created', 'incident.updated', 'incident.resolved'];
const MAINTENANCE_EVENTS = ['maintenance.scheduled', 'maintenance.started', 'maintenance.completed', 'maintenance.cancelled'];

/** The body of an `incident.*` message. */
export class IncidentWebhookMessage {
  @ApiProperty({ enum: INCIDENT_EVENTS }) type: string;
  @ApiProperty({ format: 'date-time' }) timestamp: string;
  @ApiProperty({ type: WebhookIncident }) data: WebhookIncident;
}

/** The body of a `maintenance.*` message. */
export class MaintenanceWebhookMessage {
  @ApiProperty({ enum: MAINTENANCE_EVENTS }) type: string;
  @ApiProperty({ format: 'date-time' }) timestamp: string;
  @ApiProperty({ type: WebhookMaintenance }) data: WebhookMaintenance;
}

/** The body of a `component.status_changed` message. */
export class ComponentStatusWebhookMessage {
  @ApiProperty({ enum: ['component.status_changed'] }) type: string;
  @ApiProperty({ format: 'date-time' }) timestamp: string;
  @ApiProperty({ type: WebhookComponentStatusChange }) data: WebhookComponentStatusChange;
}

/** The body of a `subscriber.*` message. */
export class SubscriberWebhookMessage {
  @ApiProperty({ enum: ['subscriber.created', 'subscriber.confirmed', 'subscriber.unsubscribed'] }) type: string;
  @ApiProperty({ format: 'date-time' }) timestamp: string;
  @ApiProperty({ type: WebhookSubscriber }) data: WebhookSubscriber;
}
