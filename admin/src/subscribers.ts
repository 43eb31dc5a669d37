/* Words for subscribers and their emails, and where the API's subscriber errors go in the form. */
import type { Schemas } from './api/client';

export type SubscriberState = Schemas['SubscriberState'];
export type SubscriberEmailKind = Schemas['SubscriberEmailKind'];

export const SUBSCRIBER_STATES: readonly SubscriberState[] = ['pending', 'active', 'unsubscribed'];

export const SUBSCRIBER_STATE_LABEL: Record<SubscriberState, string> = {
  pending: 'Pending confirmation',
  active: 'Active',
  unsubscribed: 'Unsubscribed',
};

export const SUBSCRIBER_STATE_TONE: Record<SubscriberState, string> = {
  pending: 'minor',
  active: 'ok',
  unsubscribed: 'neutral',
};

export const EMAIL_KIND_LABEL: Record<SubscriberEmailKind, string> = {
  confirmation: 'Confirmation',
  'incident.created': 'Incident opened',
  'incident.updated': 'Incident update',
  'incident.resolved': 'Incident resolved',
  'maintenance.scheduled': 'Maintenance scheduled',
  'maintenance.reminder': 'Maintenance reminder',
  'maintenance.started': 'Maintenance started',
  'maintenance.completed': 'Maintenance completed',
  'maintenance.cancelled': 'Maintenance cancelled',
};

/**
 * The add-subscriber form's field for an API message that does not start with
 * it: "ada@example.com is already subscribed to this page" (409) is about the
 * address; "email is not configured on this service (SMTP_URL is unset): only
 * skipConfirmation subscribers can be added" (409) is fixed by the
 * skip-confirmation box, not by another address. Anything else: null (the
 * message's first word decides).
 */
export function subscriberField(message: string): string | null {
  if (/ is already subscribed\b/.test(message)) return 'email';
  if (/SMTP_URL|email is not configured/.test(message)) return 'skipConfirmation';
  return null;
}
