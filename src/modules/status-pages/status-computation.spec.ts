import { computeStatus, worstOf, worstStatus } from './status-computation';

describe('computeStatus', () => {
  const components = [
    { id: 'a', status: 'operational' as const },
    { id: 'b', status: 'operational' as const },
  ];

  it('orders statuses as the contract does: operational < under_maintenance < degraded < partial < major', () => {
    expect(worstStatus('operational', 'under_maintenance')).toBe('under_maintenance');
    expect(worstStatus('under_maintenance', 'degraded_performance')).toBe('degraded_performance');
    expect(worstStatus('partial_outage', 'degraded_performance')).toBe('partial_outage');
    expect(worstStatus('major_outage', 'partial_outage')).toBe('major_outage');
  });

  it('all operational: indicator none, "All Systems Operational"', () => {
    const r = computeStatus({ components, openIncidents: [], activeMaintenances: [] });
    expect(r.indicator).toBe('none');
    expect(r.description).toBe('All Systems Operational');
    expect([...r.effective.values()]).toEqual(['operational', 'operational']);
  });

  it('the manual status counts', () => {
    const r = computeStatus({
      components: [{ id: 'a', status: 'partial_outage' }],
      openIncidents: [],
      activeMaintenances: [],
    });
    expect(r.effective.get('a')).toBe('partial_outage');
    expect(r.indicator).toBe('major');
    expect(r.description).toBe('Partial System Outage');
  });

  it('an unresolved incident sets the status of its components; the worst wins', () => {
    const r = computeStatus({
      components: [
        { id: 'a', status: 'degraded_performance' },
        { id: 'b', status: 'major_outage' },
      ],
      openIncidents: [
        {
          impact: 'minor',
          components: [
            { componentId: 'a', status: 'partial_outage' },
            { componentId: 'b', status: 'degraded_performance' },
          ],
        },
      ],
      activeMaintenances: [],
    });
    expect(r.effective.get('a')).toBe('partial_outage');
    expect(r.effective.get('b')).toBe('major_outage');
    expect(r.indicator).toBe('critical');
    expect(r.description).toBe('Major System Outage');
  });

  it('incident impact raises the indicator even when components look fine', () => {
    const r = computeStatus({ components, openIncidents: [{ impact: 'major', components: [] }], activeMaintenances: [] });
    expect(r.indicator).toBe('major');
    const minor = computeStatus({ components, openIncidents: [{ impact: 'minor', components: [] }], activeMaintenances: [] });
    expect(minor.description).toBe('Minor Service Outage');
  });

  it('an in-progress maintenance shows under_maintenance and the maintenance indicator', () => {
    const r = computeStatus({ components, openIncidents: [], activeMaintenances: [{ componentIds: ['a'] }] });
    expect(r.effective.get('a')).toBe('under_maintenance');
    expect(r.effective.get('b')).toBe('operational');
    expect(r.indicator).toBe('maintenance');
    expect(r.description).toBe('Service Under Maintenance');
  });

  it('maintenance does not hide a worse status: degraded beats under_maintenance', () => {
    const r = computeStatus({
      components: [{ id: 'a', status: 'degraded_performance' }],
      openIncidents: [],
      activeMaintenances: [{ componentIds: ['a'] }],
    });
    expect(r.effective.get('a')).toBe('degraded_performance');
    expect(r.indicator).toBe('minor');
  });

  it('ignores components of other pages named by incidents or maintenances', () => {
    const r = computeStatus({
      components,
      openIncidents: [{ impact: 'none', components: [{ componentId: 'zzz', status: 'major_outage' }] }],
      activeMaintenances: [],
    });
    expect(r.effective.has('zzz')).toBe(false);
    expect(r.indicator).toBe('none');
  });

  it('a group shows the worst of its components', () => {
    expect(worstOf(['operational', 'under_maintenance', 'degraded_performance'])).toBe('degraded_performance');
    expect(worstOf([])).toBe('operational');
  });
  describe('automated statuses (firing alerts of monitoring integrations)', () => {
    const none = { openIncidents: [], activeMaintenances: [] };

    it('an automated status counts like the manual one, and is reported per component', () => {
      const r = computeStatus({ components, ...none, automatedStatuses: [{ componentId: 'a', status: 'partial_outage' }] });
      expect(r.effective.get('a')).toBe('partial_outage');
      expect(r.effective.get('b')).toBe('operational');
      expect(Object.fromEntries(r.automated)).toEqual({ a: 'partial_outage' });
      expect(r.indicator).toBe('major');
    });

    it('the worst of several automated statuses of one component wins', () => {
      const r = computeStatus({
        components,
        ...none,
        automatedStatuses: [
          { componentId: 'a', status: 'degraded_performance' },
          { componentId: 'a', status: 'major_outage' },
          { componentId: 'a', status: 'partial_outage' },
        ],
      });
      expect(r.automated.get('a')).toBe('major_outage');
      expect(r.effective.get('a')).toBe('major_outage');
      expect(r.indicator).toBe('critical');
    });

    it('a worse manual status beats a milder automated one, and the reverse', () => {
      const r = computeStatus({
        components: [
          { id: 'a', status: 'major_outage' },
          { id: 'b', status: 'degraded_performance' },
        ],
        ...none,
        automatedStatuses: [
          { componentId: 'a', status: 'degraded_performance' },
          { componentId: 'b', status: 'partial_outage' },
        ],
      });
      expect(r.effective.get('a')).toBe('major_outage');
      expect(r.automated.get('a')).toBe('degraded_performance');
      expect(r.effective.get('b')).toBe('partial_outage');
    });

    it('an incident status worse than the automated one wins, and the reverse', () => {
      const r = computeStatus({
        components,
        openIncidents: [
          {
            impact: 'none',
            components: [
              { componentId: 'a', status: 'major_outage' },
              { componentId: 'b', status: 'degraded_performance' },
            ],
          },
        ],
        activeMaintenances: [],
        automatedStatuses: [
          { componentId: 'a', status: 'partial_outage' },
          { componentId: 'b', status: 'partial_outage' },
        ],
      });
      expect(r.effective.get('a')).toBe('major_outage');
      expect(r.effective.get('b')).toBe('partial_outage');
    });

    it('an automated outage is not hidden by maintenance; an automated operational status changes nothing', () => {
      const r = computeStatus({
        components,
        openIncidents: [],
        activeMaintenances: [{ componentIds: ['a', 'b'] }],
        automatedStatuses: [
          { componentId: 'a', status: 'degraded_performance' },
          { componentId: 'b', status: 'operational' },
        ],
      });
      expect(r.effective.get('a')).toBe('degraded_performance');
      expect(r.effective.get('b')).toBe('under_maintenance');
      expect(r.automated.get('b')).toBe('operational');
      expect(r.indicator).toBe('minor');
    });

    it('none given, or none for a component: no automated status', () => {
      const r = computeStatus({ components, ...none });
      expect(r.automated.size).toBe(0);
      const s = computeStatus({ components, ...none, automatedStatuses: [{ componentId: 'a', status: 'major_outage' }] });
      expect(s.automated.has('b')).toBe(false);
    });

    it('ignores automated statuses of components that are not on the page', () => {
      const r = computeStatus({ components, ...none, automatedStatuses: [{ componentId: 'zzz', status: 'major_outage' }] });
      expect(r.automated.has('zzz')).toBe(false);
      expect(r.effective.has('zzz')).toBe(false);
      expect(r.indicator).toBe('none');
    });
  });
});
