/* One function per entity; unique values; no shared state. Each goes through the admin API. */
import type { TestApp } from '../e2e/harness';

let n = 0;
const unique = () => `${Date.now().toString(36)}${(++n).toString(36)}${Math.random().toString(36).slice(2, 5)}`;

export async function createPage(app: TestApp, body: Record<string, unknown> = {}) {
  const res = await app
    .admin()
    .post('/api/v1/pages')
    .send({ slug: `page-${unique()}`, name: 'Test page', ...body })
    .expect(201);
  return res.body as { id: string; slug: string; name: string; domain: string | null; url: string };
}

export async function createComponent(app: TestApp, pageId: string, body: Record<string, unknown> = {}) {
  const res = await app
    .admin()
    .post(`/api/v1/pages/${pageId}/components`)
    .send({ name: `Component ${unique()}`, ...body })
    .expect(201);
  return res.body as { id: string; name: string; status: string; effectiveStatus: string; groupId: string | null };
}

export async function createGroup(app: TestApp, pageId: string, body: Record<string, unknown> = {}) {
  const res = await app
    .admin()
    .post(`/api/v1/pages/${pageId}/component-groups`)
    .send({ name: `Group ${unique()}`, ...body })
    .expect(201);
  return res.body as { id: string; name: string; componentIds: string[] };
}

export async function createIncident(app: TestApp, pageId: string, body: Record<string, unknown> = {}) {
  const res = await app
    .admin()
    .post(`/api/v1/pages/${pageId}/incidents`)
    .send({ name: `Incident ${unique()}`, message: 'We are looking into it.', ...body })
    .expect(201);
  return res.body as {
    id: string;
    name: string;
    status: string;
    impact: string;
    components: Array<{ componentId: string; status: string }>;
    updates: Array<{ id: string; createdAt: string; status: string; message: string; components: unknown[] }>;
    startedAt: string;
    resolvedAt: string | null;
  };
}

export async function createWebhook(app: TestApp, pageId: string, body: Record<string, unknown> = {}) {
  const res = await app
    .admin()
    .post(`/api/v1/pages/${pageId}/webhooks`)
    .send({ url: `http://127.0.0.1:9/${unique()}`, ...body })
    .expect(201);
  return res.body as { id: string; url: string; events: string[]; componentIds: string[]; secret: string };
}

/** A maintenance window; `startInMs` / `durationMs` give a window relative to now (defaults: in 1 h, for 1 h). */
export async function createMaintenance(
  app: TestApp,
  pageId: string,
  body: Record<string, unknown> = {},
  { startInMs = 3_600_000, durationMs = 3_600_000 } = {},
) {
  const start = Date.now() + startInMs;
  const res = await app
    .admin()
    .post(`/api/v1/pages/${pageId}/maintenances`)
    .send({
      title: `Maintenance ${unique()}`,
      scheduledStart: new Date(start).toISOString(),
      scheduledEnd: new Date(start + durationMs).toISOString(),
      ...body,
    })
    .expect(201);
  return res.body as MaintenanceBody;
}

export interface MaintenanceBody {
  id: string;
  pageId: string;
  title: string;
  status: string;
  scheduledStart: string;
  scheduledEnd: string;
  componentIds: string[];
  autoStart: boolean;
  autoComplete: boolean;
  updates: { id: string; createdAt: string; status: string; message: string }[];
  startedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
}

/** A recurring maintenance series (weekly on Sundays at 02:00 UTC, for an hour, unless told otherwise). */
export async function createMaintenanceSeries(app: TestApp, pageId: string, body: Record<string, unknown> = {}) {
  const res = await app
    .admin()
    .post(`/api/v1/pages/${pageId}/maintenance-series`)
    .send({
      title: `Series ${unique()}`,
      timeZone: 'UTC',
      firstStart: '2026-01-04T02:00',
      rrule: 'FREQ=WEEKLY;BYDAY=SU',
      durationMinutes: 60,
      ...body,
    });
  if (res.status !== 201) throw new Error(`series not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as MaintenanceSeriesBody;
}

export interface MaintenanceSeriesBody {
  id: string;
  pageId: string;
  title: string;
  description: string | null;
  componentIds: string[];
  timeZone: string;
  firstStart: string;
  rrule: string;
  durationMinutes: number;
  autoStart: boolean;
  autoComplete: boolean;
  remindBeforeMinutes: number | null;
  createdAt: string;
  updatedAt: string;
}
