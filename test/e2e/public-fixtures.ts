/*
 * Rows the public-page tests need that no admin endpoint of this branch
 * creates yet (maintenances), written straight into the test database, and
 * a way to make the app notice them.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createComponent, createGroup, createPage } from '../factories';
import type { TestApp } from './harness';

export async function withDb<T>(app: TestApp, fn: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: app.db.url });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

export interface MaintenanceRow {
  title: string;
  status: 'scheduled' | 'in_progress' | 'verifying' | 'completed' | 'cancelled';
  scheduledStart: Date;
  scheduledEnd: Date;
  componentIds?: string[];
  description?: string;
  updates?: string[];
}

export function insertMaintenance(app: TestApp, pageId: string, m: MaintenanceRow): Promise<string> {
  return withDb(app, async (db) => {
    const id = randomUUID();
    const started = m.status === 'scheduled' ? null : m.scheduledStart;
    await db.query(
      `INSERT INTO maintenances (id, page_id, title, description, status, scheduled_start, scheduled_end, started_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
      [id, pageId, m.title, m.description ?? null, m.status, m.scheduledStart, m.scheduledEnd, started],
    );
    for (const componentId of m.componentIds ?? []) {
      await db.query('INSERT INTO maintenance_components (maintenance_id, component_id) VALUES ($1, $2)', [id, componentId]);
    }
    for (const message of m.updates ?? []) {
      await db.query('INSERT INTO maintenance_updates (id, maintenance_id, status, message) VALUES ($1, $2, $3, $4)', [
        randomUUID(),
        id,
        m.status,
        message,
      ]);
    }
    return id;
  });
}

/** A harmless admin change on the page, so that its public snapshot is rebuilt. */
export async function touchPage(app: TestApp, pageId: string): Promise<void> {
  await app.admin().patch(`/api/v1/pages/${pageId}`).send({ isPublic: true }).expect(200);
}

/** Markup that must never run on a public page. */
export const SCRIPT = `<script>window.__pwned = 1; document.title = 'pwned'</script><img src=x onerror="window.__pwned = 2">`;

/**
 * A page with everything a visitor can see: a group, components, an open
 * incident with two updates (one carrying markup), and a maintenance in progress.
 */
export async function seedShowcasePage(app: TestApp) {
  const page = await createPage(app, { name: 'Acme Cloud', description: 'Status of Acme services', timeZone: 'America/New_York' });
  const core = await createGroup(app, page.id, { name: 'Core platform', position: 0 });
  const api = await createComponent(app, page.id, { name: 'Public API', groupId: core.id, description: 'REST and GraphQL' });
  await createComponent(app, page.id, { name: 'Dashboard', groupId: core.id });
  const db = await createComponent(app, page.id, { name: 'Database cluster with a rather long name', position: 1 });
  await createComponent(app, page.id, { name: 'Email delivery', position: 2 });
  const incident = await app
    .admin()
    .post(`/api/v1/pages/${page.id}/incidents`)
    .send({
      name: 'Elevated API error rates',
      message: `We are investigating errors on the **Public API**. ${SCRIPT}`,
      impact: 'major',
      components: [{ componentId: api.id, status: 'partial_outage' }],
    })
    .expect(201);
  await app
    .admin()
    .post(`/api/v1/pages/${page.id}/incidents/${incident.body.id}/updates`)
    .send({ status: 'identified', message: 'A bad deploy; rolling back. See [the changelog](https://example.com/changes).' })
    .expect(201);
  await insertMaintenance(app, page.id, {
    title: 'Database cluster upgrade',
    status: 'in_progress',
    scheduledStart: new Date(Date.now() - 3_600_000),
    scheduledEnd: new Date(Date.now() + 3_600_000),
    componentIds: [db.id],
    description: 'Upgrading to a new major version.',
    updates: [`Upgrade started. ${SCRIPT}`],
  });
  await touchPage(app, page.id);
  return page;
}
