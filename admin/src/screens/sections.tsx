/*
 * The screens of one page, in tab order. A new resource of the admin API gets
 * its screen by adding an entry here: its tab label, its path under
 * /pages/{pageId}, and the routes it answers.
 */
import type { ReactNode } from 'react';
import { ComponentsScreen } from './Components';
import { IncidentDetailScreen, IncidentsScreen, NewIncidentScreen } from './Incidents';
import { IntegrationDetailScreen, IntegrationsScreen } from './Integrations';
import { MaintenanceDetailScreen, MaintenancesScreen, NewMaintenanceScreen } from './Maintenances';
import { NewSeriesScreen, SERIES_PATH, SeriesDetailScreen } from './MaintenanceSeries';
import { SettingsScreen } from './Settings';
import { SubscriberDetailScreen, SubscribersScreen } from './Subscribers';
import { WebhookDetailScreen, WebhooksScreen } from './Webhooks';

export interface PageSection {
  id: string;
  label: string;
  /** Under /pages/{pageId}; '' is the page's first screen. */
  path: string;
  rootOnly?: boolean;
  routes: Array<{ pattern: string; render: (params: Record<string, string>) => ReactNode }>;
}

export const PAGE_SECTIONS: PageSection[] = [
  {
    id: 'components',
    label: 'Components',
    path: '',
    routes: [{ pattern: '', render: () => <ComponentsScreen /> }],
  },
  {
    id: 'incidents',
    label: 'Incidents',
    path: 'incidents',
    routes: [
      { pattern: 'incidents', render: () => <IncidentsScreen /> },
      { pattern: 'incidents/new', render: () => <NewIncidentScreen /> },
      { pattern: 'incidents/:incidentId', render: (p) => <IncidentDetailScreen key={p.incidentId} incidentId={p.incidentId} /> },
    ],
  },
  {
    id: 'maintenances',
    label: 'Maintenance',
    path: 'maintenances',
    routes: [
      { pattern: 'maintenances', render: () => <MaintenancesScreen /> },
      { pattern: 'maintenances/new', render: () => <NewMaintenanceScreen /> },
      // Recurring series: the section's third view, before maintenances/:maintenanceId.
      { pattern: SERIES_PATH, render: () => <MaintenancesScreen view="recurring" /> },
      { pattern: `${SERIES_PATH}/new`, render: () => <NewSeriesScreen /> },
      { pattern: `${SERIES_PATH}/:seriesId`, render: (p) => <SeriesDetailScreen key={p.seriesId} seriesId={p.seriesId} /> },
      { pattern: 'maintenances/:maintenanceId', render: (p) => <MaintenanceDetailScreen key={p.maintenanceId} maintenanceId={p.maintenanceId} /> },
    ],
  },
  {
    id: 'webhooks',
    label: 'Webhooks',
    path: 'webhooks',
    routes: [
      { pattern: 'webhooks', render: () => <WebhooksScreen /> },
      { pattern: 'webhooks/:webhookId', render: (p) => <WebhookDetailScreen key={p.webhookId} webhookId={p.webhookId} /> },
    ],
  },
  {
    id: 'integrations',
    label: 'Integrations',
    path: 'integrations',
    routes: [
      { pattern: 'integrations', render: () => <IntegrationsScreen /> },
      { pattern: 'integrations/:integrationId', render: (p) => <IntegrationDetailScreen key={p.integrationId} integrationId={p.integrationId} /> },
    ],
  },
  {
    id: 'subscribers',
    label: 'Subscribers',
    path: 'subscribers',
    routes: [
      { pattern: 'subscribers', render: () => <SubscribersScreen /> },
      { pattern: 'subscribers/:subscriberId', render: (p) => <SubscriberDetailScreen key={p.subscriberId} subscriberId={p.subscriberId} /> },
    ],
  },
  {
    id: 'settings',
    label: 'Settings',
    path: 'settings',
    routes: [{ pattern: 'settings', render: () => <SettingsScreen /> }],
  },
];
