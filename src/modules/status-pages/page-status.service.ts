import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Component } from '../../generated/prisma/client';
import { ComponentStatus } from '../../generated/prisma/enums';
import { ComponentsRepository } from './components.repository';
import { ComputationInput, computeStatus, PageIndicator } from './status-computation';

/**
 * What other modules contribute to a page's status, by kind: unresolved
 * incidents (from StatusIncidents), in-progress maintenances (from
 * Maintenance) and the statuses of firing alerts (from Integrations). Each module registers its source at start-up; this module
 * never queries their tables.
 */
export interface StatusInputs {
  openIncidents: ComputationInput['openIncidents'];
  activeMaintenances: ComputationInput['activeMaintenances'];
  automatedStatuses: NonNullable<ComputationInput['automatedStatuses']>;
}
export type StatusInputKind = keyof StatusInputs;
export type StatusInputSource<K extends StatusInputKind> = (pageId: string) => Promise<StatusInputs[K]>;

const KINDS: readonly StatusInputKind[] = ['openIncidents', 'activeMaintenances', 'automatedStatuses'];

/** A page's components and the status the public sees. */
export interface PageStatus {
  components: Component[];
  effective: Map<string, ComponentStatus>;
  /** The worst automated status of each component that has one. */
  automated: Map<string, ComponentStatus>;
  indicator: PageIndicator;
  description: string;
}

/** Computes a page's effective component statuses and indicator from every source. */
@Injectable()
export class PageStatusService implements OnApplicationBootstrap {
  private readonly sources: { [K in StatusInputKind]?: StatusInputSource<K> } = {};

  constructor(private readonly components: ComponentsRepository) {}

  /** Called by the module that owns a kind of input, once, at start-up. */
  provide<K extends StatusInputKind>(kind: K, source: StatusInputSource<K>): void {
    (this.sources as Record<K, StatusInputSource<K>>)[kind] = source;
  }

  onApplicationBootstrap(): void {
    const missing = KINDS.filter((k) => !this.sources[k]);
    if (missing.length) throw new Error(`no source registered for the page status inputs: ${missing.join(', ')}`);
  }

  async current(pageId: string): Promise<PageStatus> {
    const [components, openIncidents, activeMaintenances, automatedStatuses] = await Promise.all([
      this.components.allOfPage(pageId),
      this.input('openIncidents', pageId),
      this.input('activeMaintenances', pageId),
      this.input('automatedStatuses', pageId),
    ]);
    return { components, ...computeStatus({ components, openIncidents, activeMaintenances, automatedStatuses }) };
  }

  async effectiveStatuses(pageId: string): Promise<Map<string, ComponentStatus>> {
    return (await this.current(pageId)).effective;
  }

  private input<K extends StatusInputKind>(kind: K, pageId: string): Promise<StatusInputs[K]> {
    const source = this.sources[kind] as StatusInputSource<K> | undefined;
    if (!source) throw new Error(`no source registered for ${kind}`);
    return source(pageId);
  }
}
