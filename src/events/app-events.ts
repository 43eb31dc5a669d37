import type { ComponentStatus } from '../generated/prisma/enums';
import type { IncidentResponseDto } from '../modules/status-incidents/dto/incident.dto';
import type { MaintenanceResponseDto } from '../modules/maintenance/dto/maintenance.dto';
import type { SubscriberResponseDto } from '../modules/subscribers/dto/subscriber.dto';

/** A component's effective status changed (recorded by the status history). */
export interface ComponentStatusChangedEvent {
  pageId: string;
  componentId: string;
  componentName: string;
  oldStatus: ComponentStatus | null;
  newStatus: ComponentStatus;
  at: string;
}

/** Something happened to an incident; the incident as it is now. */
export interface IncidentEvent {
  incident: IncidentResponseDto;
  /** The timeline entry this change added (null: only the name or impact was edited in place). */
  entryId: string | null;
  /** Whether subscribers are emailed about it (the request's `deliverNotifications`). */
  deliverNotifications: boolean;
}

/** Something happened to a maintenance window; the window as it is now. */
export interface MaintenanceEvent {
  maintenance: MaintenanceResponseDto;
}

/** A subscriber was created, confirmed or unsubscribed; the subscriber as it is now. */
export interface SubscriberEvent {
  subscriber: SubscriberResponseDto;
}

/**
 * Every in-process event, by name, with its payload: an emitter and a
 * listener cannot disagree on what an event carries. Emitted through
 * `EventBus.emit`, received with `@OnAppEvent(name)`.
 */
export interface AppEvents {
  'component.status_changed': ComponentStatusChangedEvent;
  'incident.created': IncidentEvent;
  'incident.updated': IncidentEvent;
  'incident.resolved': IncidentEvent;
  'maintenance.scheduled': MaintenanceEvent;
  'maintenance.started': MaintenanceEvent;
  'maintenance.completed': MaintenanceEvent;
  'maintenance.cancelled': MaintenanceEvent;
  /** Its reminder is due (emailed to subscribers only; no webhook event). */
  'maintenance.reminder': MaintenanceEvent;
  'subscriber.created': SubscriberEvent;
  'subscriber.confirmed': SubscriberEvent;
  'subscriber.unsubscribed': SubscriberEvent;
}

export type AppEventName = keyof AppEvents;
export type IncidentEventName = { [K in AppEventName]: AppEvents[K] extends IncidentEvent ? K : never }[AppEventName];
export type MaintenanceEventName = { [K in AppEventName]: AppEvents[K] extends MaintenanceEvent ? K : never }[AppEventName];
