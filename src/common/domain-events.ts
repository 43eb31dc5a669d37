import { ComponentStatus } from '../generated/prisma/enums';

/** In-process events between modules (delivered by @nestjs/event-emitter). */
export const DomainEvents = {
  ComponentStatusChanged: 'component.status_changed',
} as const;

export interface ComponentStatusChangedEvent {
  pageId: string;
  componentId: string;
  componentName: string;
  oldStatus: ComponentStatus | null;
  newStatus: ComponentStatus;
  at: string;
}

/** The events integrators can subscribe to with webhooks. */
export const WEBHOOK_EVENTS = [
  'incident.created',
  'incident.updated',
  'incident.resolved',
  'maintenance.scheduled',
  'maintenance.started',
  'maintenance.completed',
  'maintenance.cancelled',
  'component.status_changed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/**
 * Emitted (EventEmitter2, in-process) by any module whose change should reach
 * webhook subscribers; the StatusIncidents module turns it into deliveries.
 */
export const WEBHOOK_EVENT = 'webhook.event';
export interface WebhookEventPayload {
  pageId: string;
  type: WebhookEventType;
  /** The resource as the admin API shows it (e.g. the maintenance or incident response DTO). */
  data: Record<string, unknown>;
  /** Components concerned, for subscribers filtering by componentIds. */
  componentIds: string[];
}
