import { Statuspage } from 'statuspage.io';
import { createComponent, createPage } from '../factories';
import { startApp, TestApp } from './harness';

/** A real third-party Statuspage client, pointed at {PUBLIC_BASE_URL}/status/{slug}, works unchanged. */
describe('statuspage.io npm client against /status/{slug}', () => {
  let app: TestApp;
  let client: Statuspage;
  let componentId: string;

  beforeAll(async () => {
    app = await startApp();
    const page = await createPage(app, { name: 'Client Co' });
    componentId = (await createComponent(app, page.id, { name: 'Payments' })).id;
    await app
      .admin()
      .post(`/api/v1/pages/${page.id}/incidents`)
      .send({
        name: 'Payments failing',
        message: 'We are looking into failed payments.',
        impact: 'major',
        components: [{ componentId, status: 'partial_outage' }],
      })
      .expect(201);
    client = new Statuspage('unused-page-id');
    client.setApiUrl(`${app.baseUrl}/status/${page.slug}`);
  });
  afterAll(() => app.stop());

  it('reads the summary, status and components', async () => {
    const summary = await client.api.getSummary();
    expect(summary.page.name).toBe('Client Co');
    expect(summary.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(summary.components[0]).toMatchObject({ id: componentId, name: 'Payments', status: 'partial_outage' });
    expect(summary.incidents[0].name).toBe('Payments failing');
    expect(summary.incidents[0].incident_updates[0].body).toBe('We are looking into failed payments.');

    const status = await client.api.getStatus();
    expect(status.status.indicator).toBe('major');
    const components = await client.api.getComponents();
    expect(components.components.map((c) => c.name)).toEqual(['Payments']);
  });

  it('reads incidents and scheduled maintenances', async () => {
    const all = await client.api.incidents.getAll();
    const unresolved = await client.api.incidents.getUnresolved();
    expect(all.incidents).toHaveLength(1);
    expect(unresolved.incidents[0]).toMatchObject({ name: 'Payments failing', status: 'investigating', impact: 'major' });
    expect((await client.api.scheduledMaintenances.getAll()).scheduled_maintenances).toEqual([]);
    expect((await client.api.scheduledMaintenances.getUpcoming()).scheduled_maintenances).toEqual([]);
    expect((await client.api.scheduledMaintenances.getActive()).scheduled_maintenances).toEqual([]);
  });
});
