import type { IncidentResponseDto } from '../status-incidents/dto/incident.dto';
import type { MaintenanceResponseDto } from '../maintenance/dto/maintenance.dto';
import { AppEventName, AppEvents } from '../../events/app-events';
import {
  ComponentStatusWebhookMessage,
  IncidentWebhookMessage,
  MaintenanceWebhookMessage,
  SubscriberWebhookMessage,
  WebhookComponentStatusChange,
  WebhookIncident,
  WebhookMaintenance,
  WebhookSubscriber,
} from './dto/webhook-payload.dto';
import type { SubscriberResponseDto } from '../subscribers/dto/subscriber.dto';

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
  'subscriber.created',
  'subscriber.confirmed',
  'subscriber.unsubscribed',
] as const satisfies readonly AppEventName[];
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** What one event sends: the page, the components it concerns (for filtering webhooks), and the message's `data`. */
export interface WebhookMessage {
  pageId: string;
  componentIds: string[];
  data: WebhookIncident | WebhookMaintenance | WebhookComponentStatusChange | WebhookSubscriber;
}

function incident(i: IncidentResponseDto): WebhookMessage {
  const data: WebhookIncident = {
    id: i.id,
    pageId: i.pageId,
    name: i.name,
    status: i.status,
    impact: i.impact,
    components: i.components.map((c) => ({ componentId: c.componentId, status: c.status })),
    updates: i.updates.map((u) => ({
      id: u.id,
      createdAt: u.createdAt,
      status: u.status,
      message: u.message,
      components: u.components.map((c) => ({ componentId: c.componentId, status: c.status, name: c.name, oldStatus: c.oldStatus })),
    })),
    startedAt: i.startedAt,
    monitoringAt: i.monitoringAt,
    resolvedAt: i.resolvedAt,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
  return { pageId: i.pageId, componentIds: i.components.map((c) => c.componentId), data };
}

function maintenance(m: MaintenanceResponseDto): WebhookMessage {
  const data: WebhookMaintenance = {
    id: m.id,
    pageId: m.pageId,
    title: m.title,
    description: m.description,
    status: m.status,
    scheduledStart: m.scheduledStart,
    scheduledEnd: m.scheduledEnd,
    componentIds: [...m.componentIds],
    autoStart: m.autoStart,
    autoComplete: m.autoComplete,
    updates: m.updates.map((u) => ({ id: u.id, createdAt: u.createdAt, status: u.status, message: u.message })),
    startedAt: m.startedAt,
    completedAt: m.completedAt,
    cancelledAt: m.cancelledAt,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
  return { pageId: m.pageId, componentIds: m.componentIds, data };
}

/** A subscriber's own components: a webhook filtered by components hears of it when one is shared. */
function subscriber(s: SubscriberResponseDto): WebhookMessage {
  const data: WebhookSubscriber = {
    id: s.id,
    pageId: s.pageId,
    email: s.email,
    componentIds: [...s.componentIds],
    state: s.state,
    confirmedAt: s.confirmedAt,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
  return { pageId: s.pageId, componentIds: s.componentIds, data };
}

/** For each webhook event: the message its in-process event becomes. */
export const WEBHOOK_MESSAGES: { [K in WebhookEventType]: (event: AppEvents[K]) => WebhookMessage } = {
  'incident.created': (e) => incident(e.incident),
  'incident.updated': (e) => incident(e.incident),
  'incident.resolved': (e) => incident(e.incident),
  'maintenance.scheduled': (e) => maintenance(e.maintenance),
  'maintenance.started': (e) => maintenance(e.maintenance),
  'maintenance.completed': (e) => maintenance(e.maintenance),
  'maintenance.cancelled': (e) => maintenance(e.maintenance),
  'component.status_changed': (e) => ({
    pageId: e.pageId,
    componentIds: [e.componentId],
    data: {
      component: { id: e.componentId, name: e.componentName, status: e.newStatus },
      oldStatus: e.oldStatus,
      newStatus: e.newStatus,
      changedAt: e.at,
    },
  }),
  'subscriber.created': (e) => subscriber(e.subscriber),
  'subscriber.confirmed': (e) => subscriber(e.subscriber),
  'subscriber.unsubscribed': (e) => subscriber(e.subscriber),
};

/** The message bodies, by event, for the OpenAPI document. */
export const WEBHOOK_MESSAGE_SCHEMAS: Record<WebhookEventType, new () => unknown> = {
  'incident.created': IncidentWebhookMessage,
  'incident.updated': IncidentWebhookMessage,
  'incident.resolved': IncidentWebhookMessage,
  'maintenance.scheduled': MaintenanceWebhookMessage,
  'maintenance.started': MaintenanceWebhookMessage,
  'maintenance.completed': MaintenanceWebhookMessage,
  'maintenance.cancelled': MaintenanceWebhookMessage,
  'component.status_changed': ComponentStatusWebhookMessage,
  'subscriber.created': SubscriberWebhookMessage,
  'subscriber.confirmed': SubscriberWebhookMessage,
  'subscriber.unsubscribed': SubscriberWebhookMessage,
};
