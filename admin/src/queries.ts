/*
 * Reads through TanStack Query, one key per resource. After any successful
 * change every active query is refetched (see main.tsx): effective statuses and
 * the public indicator move with incidents, maintenances and manual statuses.
 */
import { useQuery } from '@tanstack/react-query';
import { all, api, ApiError, ok } from './api/client';

const PER_PAGE = 100;

export const keys = {
  whoami: (key: string | null) => ['whoami', key] as const,
  pages: ['pages'] as const,
  page: (pageId: string) => ['page', pageId] as const,
  components: (pageId: string) => ['page', pageId, 'components'] as const,
  groups: (pageId: string) => ['page', pageId, 'groups'] as const,
  incidents: (pageId: string, status: string, n: number) => ['page', pageId, 'incidents', status, n] as const,
  incident: (pageId: string, id: string) => ['page', pageId, 'incident', id] as const,
  maintenances: (pageId: string, when: string, n: number) => ['page', pageId, 'maintenances', when, n] as const,
  maintenance: (pageId: string, id: string) => ['page', pageId, 'maintenance', id] as const,
  webhooks: (pageId: string) => ['page', pageId, 'webhooks'] as const,
  webhook: (pageId: string, id: string) => ['page', pageId, 'webhook', id] as const,
  deliveries: (pageId: string, id: string, n: number) => ['page', pageId, 'webhook', id, 'deliveries', n] as const,
  seriesList: (pageId: string) => ['page', pageId, 'maintenance-series'] as const,
  series: (pageId: string, id: string) => ['page', pageId, 'maintenance-series', id] as const,
  occurrences: (pageId: string, id: string, limit: number) => ['page', pageId, 'maintenance-series', id, 'occurrences', limit] as const,
  integrations: (pageId: string) => ['page', pageId, 'integrations'] as const,
  integration: (pageId: string, id: string) => ['page', pageId, 'integration', id] as const,
  unmatched: (pageId: string, id: string, n: number) => ['page', pageId, 'integration', id, 'unmatched', n] as const,
  subscribers: (pageId: string, state: string, n: number) => ['page', pageId, 'subscribers', state, n] as const,
  subscriber: (pageId: string, id: string) => ['page', pageId, 'subscriber', id] as const,
  subscriberDeliveries: (pageId: string, id: string, n: number) => ['page', pageId, 'subscriber', id, 'deliveries', n] as const,
  publicStatus: (slug: string) => ['public', slug, 'status'] as const,
  apiKeys: ['api-keys'] as const,
};

/** Who the key is: root (may create pages and keys) or scoped to some pages. */
export async function identify(key: string): Promise<{ root: boolean }> {
  const headers = { authorization: `Bearer ${key}` };
  await ok(api.GET('/api/v1/pages', { params: { query: { perPage: 1 } }, headers }));
  const probe = await api.GET('/api/v1/api-keys', { headers });
  if (probe.response.status === 403) return { root: false };
  if (!probe.response.ok) throw new ApiError(probe.response.status, [`the key check failed (${probe.response.status})`]);
  return { root: true };
}

export function usePages() {
  return useQuery({
    queryKey: keys.pages,
    queryFn: () => all((page) => ok(api.GET('/api/v1/pages', { params: { query: { page, perPage: PER_PAGE } } }))),
  });
}

export function usePage(pageId: string) {
  return useQuery({
    queryKey: keys.page(pageId),
    queryFn: () => ok(api.GET('/api/v1/pages/{pageId}', { params: { path: { pageId } } })),
    retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 2,
  });
}

export function useComponents(pageId: string) {
  return useQuery({
    queryKey: keys.components(pageId),
    queryFn: () =>
      all((page) => ok(api.GET('/api/v1/pages/{pageId}/components', { params: { path: { pageId }, query: { page, perPage: PER_PAGE } } }))),
  });
}

export function useGroups(pageId: string) {
  return useQuery({
    queryKey: keys.groups(pageId),
    queryFn: () =>
      all((page) =>
        ok(api.GET('/api/v1/pages/{pageId}/component-groups', { params: { path: { pageId }, query: { page, perPage: PER_PAGE } } })),
      ),
  });
}

/** The public indicator (null for a private page, which has no public documents). */
export function usePublicStatus(slug: string | undefined, isPublic: boolean | undefined) {
  return useQuery({
    queryKey: keys.publicStatus(slug ?? ''),
    enabled: Boolean(slug) && isPublic !== false,
    refetchInterval: 30_000,
    queryFn: async () => {
      const res = await api.GET('/status/{slug}/api/v2/status.json', { params: { path: { slug: slug! } }, cache: 'no-cache' });
      if (res.response.status === 404) return null;
      if (!res.response.ok || !res.data) throw new ApiError(res.response.status, ['the public status is unavailable']);
      return res.data.status;
    },
  });
}
