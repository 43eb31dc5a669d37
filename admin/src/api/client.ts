/*
 * The typed API client: openapi-fetch over types generated from the committed
 * openapi.json (schema.gen.ts, written by `npm run build`; not committed).
 * No request or response type is written by hand: they all come from `Schemas`.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { session } from '../session';
import { ApiError } from './errors';
import type { components, paths } from './schema.gen';

export type Schemas = components['schemas'];
export type Page = Schemas['PageResponseDto'];
export type Component = Schemas['ComponentResponseDto'];
export type ComponentGroup = Schemas['ComponentGroupResponseDto'];
export type Incident = Schemas['IncidentResponseDto'];
export type Maintenance = Schemas['MaintenanceResponseDto'];
export type Webhook = Schemas['WebhookResponseDto'];
export type MaintenanceSeries = Schemas['MaintenanceSeriesResponseDto'];
export type SeriesOccurrence = Schemas['SeriesOccurrenceDto'];
export type Integration = Schemas['IntegrationResponseDto'];
export type IntegrationIncidents = Schemas['IntegrationIncidents'];
export type UnmatchedAlert = Schemas['UnmatchedAlertResponseDto'];
export type ApiKey = Schemas['ApiKeyResponseDto'];
export type ComponentStatus = Schemas['ComponentStatus'];
export type IncidentStatus = Schemas['IncidentStatus'];
export type IncidentImpact = Schemas['IncidentImpact'];
export type MaintenanceStatus = Schemas['MaintenanceStatus'];
export type WebhookEventType = Schemas['WebhookEventType'];
export type PageIndicator = Schemas['PageIndicator'];
export { ApiError };

const auth: Middleware = {
  onRequest({ request }) {
    const key = session.key();
    if (key && !request.headers.has('authorization') && new URL(request.url).pathname.startsWith('/api/v1/')) {
      request.headers.set('authorization', `Bearer ${key}`);
    }
    return request;
  },
  onResponse({ request, response }) {
    // A key that stops working (revoked, wrong) ends the session; sign-in
    // checks a candidate key with its own header and handles 401 itself.
    if (response.status === 401 && request.headers.get('authorization') === `Bearer ${session.key()}`) session.expire();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

type Result = { data?: unknown; error?: unknown; response: Response };

/** The data of a successful call; an ApiError otherwise (a network failure is status 0). */
export async function ok<R extends Result>(call: Promise<R>): Promise<NonNullable<R['data']>> {
  let result: R;
  try {
    result = await call;
  } catch {
    throw new ApiError(0, ['the server cannot be reached; check the connection and try again']);
  }
  if (!result.response.ok) throw toApiError(result.response.status, result.error);
  return result.data as NonNullable<R['data']>;
}

function toApiError(status: number, body: unknown): ApiError {
  const message = (body as { message?: unknown } | undefined)?.message;
  if (Array.isArray(message)) return new ApiError(status, message.map(String));
  if (typeof message === 'string' && message) return new ApiError(status, [message]);
  return new ApiError(status, [`request failed (${status})`]);
}

/** Every item of a paginated list (the API gives at most 100 a request). */
export async function all<T>(fetchPage: (page: number) => Promise<{ data: T[]; meta: { total: number } }>): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const { data, meta } = await fetchPage(page);
    items.push(...data);
    if (data.length === 0 || items.length >= meta.total) return items;
  }
}
