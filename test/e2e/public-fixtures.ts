/*
 * Rows the public-page tests need that no admin endpoint of this branch
 * creates yet (maintenances), written straight into the test database, and
 * a way to make the app notice them.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { TestApp } from './harness';

async function withDb<T>(app: TestApp, fn: (db: Client) => Promise<T>): Promise<T> {
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
