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
  return res.body as { id: string; slug: string; name: string; domain: string | null };
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
