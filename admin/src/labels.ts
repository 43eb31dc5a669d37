/* Words shown for the API's enumerations (the same words as Statuspage). */
import type { ComponentStatus, IncidentImpact, IncidentStatus, MaintenanceStatus, PageIndicator, WebhookEventType } from './api/client';

export const COMPONENT_STATUSES: readonly ComponentStatus[] = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
];

export const COMPONENT_STATUS_LABEL: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

/** Short words for the one-tap buttons on a phone (screen readers get the full label). */
export const COMPONENT_STATUS_SHORT: Record<ComponentStatus, string> = {
  operational: 'OK',
  degraded_performance: 'Degraded',
  partial_outage: 'Partial',
  major_outage: 'Major',
  under_maintenance: 'Maint.',
};

export const INCIDENT_STATUSES: readonly IncidentStatus[] = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'];

export const INCIDENT_STATUS_LABEL: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  postmortem: 'Postmortem',
};

export const IMPACTS: readonly IncidentImpact[] = ['none', 'minor', 'major', 'critical'];

export const IMPACT_LABEL: Record<IncidentImpact, string> = {
  none: 'None',
  minor: 'Minor',
  major: 'Major',
  critical: 'Critical',
};

export const MAINTENANCE_STATUS_LABEL: Record<MaintenanceStatus, string> = {
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const INDICATOR_TONE: Record<PageIndicator, string> = {
  none: 'ok',
  minor: 'minor',
  major: 'major',
  critical: 'critical',
  maintenance: 'maintenance',
};

export const COMPONENT_TONE: Record<ComponentStatus, string> = {
  operational: 'ok',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
  under_maintenance: 'maintenance',
};

export const WEBHOOK_EVENTS: readonly WebhookEventType[] = [
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
];

export const isResolved = (status: IncidentStatus) => status === 'resolved' || status === 'postmortem';
