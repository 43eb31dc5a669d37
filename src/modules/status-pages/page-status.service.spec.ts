import type { Component } from '../../generated/prisma/client';
import type { ComponentsRepository } from './components.repository';
import { PageStatusService } from './page-status.service';

const component = (id: string, status: Component['status'] = 'operational') => ({ id, status, name: id }) as Component;

function service(components: Component[]) {
  const repo = { allOfPage: jest.fn(async () => components) } as unknown as ComponentsRepository;
  return new PageStatusService(repo);
}

describe('PageStatusService', () => {
  it('computes the status from the components and every registered source', async () => {
    const svc = service([component('a'), component('b'), component('c', 'degraded_performance')]);
    svc.provide('openIncidents', async () => [{ impact: 'minor', components: [{ componentId: 'a', status: 'partial_outage' }] }]);
    svc.provide('activeMaintenances', async () => [{ componentIds: ['b'] }]);
    svc.provide('automatedStatuses', async () => [{ componentId: 'c', status: 'major_outage' }]);
    svc.onApplicationBootstrap();
    const status = await svc.current('p');
    expect(Object.fromEntries(status.effective)).toEqual({
      a: 'partial_outage',
      b: 'under_maintenance',
      c: 'major_outage',
    });
    expect(Object.fromEntries(status.automated)).toEqual({ c: 'major_outage' });
    expect(status.indicator).toBe('critical');
  });

  it('refuses to start while a kind of input has no source', () => {
    const svc = service([]);
    svc.provide('openIncidents', async () => []);
    expect(() => svc.onApplicationBootstrap()).toThrow(/activeMaintenances, automatedStatuses/);
  });
});
