import { HttpException, Injectable, Logger } from '@nestjs/common';
import { ResourceNotFoundError } from '../../common/errors';
import { Integration } from '../../generated/prisma/client';
import { CreateIncidentDto, CreateIncidentUpdateDto, IncidentResponseDto } from '../status-incidents/dto/incident.dto';
import { isResolvedStatus } from '../status-incidents/incident-transitions';
import { IncidentsService } from '../status-incidents/incidents.service';
import { ComponentRef, AlertState } from './alert-processing';
import { planIncident, trackedIncident } from './alert-incidents';
import { IntegrationsRepository } from './integrations.repository';

/**
 * The incident of an integration with `incidents: open` (rules in
 * alert-incidents.ts). Incidents are opened and updated through
 * IncidentsService, so notifications and webhooks follow as for any other;
 * the integration remembers which timeline entries it wrote. Called under the
 * integration's lock.
 */
@Injectable()
export class IntegrationIncidentsService {
  private readonly logger = new Logger(IntegrationIncidentsService.name);

  constructor(
    private readonly repo: IntegrationsRepository,
    private readonly incidents: IncidentsService,
  ) {}

  async follow(integration: Integration, alerts: readonly AlertState[], newlyFiring: boolean, components: readonly ComponentRef[]) {
    const open = await this.openIncident(integration.id, integration.pageId);
    const action = planIncident({
      integrationName: integration.name,
      alerts,
      newlyFiring,
      incident: open ? trackedIncident(open.incident, open.ownUpdateIds) : null,
      componentNames: new Map(components.map((c) => [c.id, c.name])),
    });
    try {
      if (action.kind === 'open') {
        const dto: CreateIncidentDto = { name: action.name, message: action.message, impact: action.impact, components: action.components };
        const incident = await this.incidents.create(integration.pageId, dto);
        await this.repo.trackIncident(integration.id, incident.id, incident.updates[0].id);
      } else if (action.kind === 'update' && open) {
        const dto: CreateIncidentUpdateDto = { status: action.status, message: action.message, components: action.components };
        const incident = await this.incidents.addUpdate(integration.pageId, open.incident.id, dto);
        // Appends are serialized under the incident's row lock: the last entry is this one.
        await this.repo.addOwnUpdate(incident.id, incident.updates[incident.updates.length - 1].id);
      }
    } catch (err) {
      // The alert states are stored either way; a refusal (e.g. a full timeline) is not the sender's fault.
      if (!(err instanceof HttpException) || err.getStatus() >= 500) throw err;
      this.logger.warn(`integration ${integration.id}: incident ${action.kind} refused: ${err.message}`);
    }
  }

  /** The integration's last incident, if it is still unresolved. */
  private async openIncident(integrationId: string, pageId: string) {
    const last = await this.repo.lastIncident(integrationId);
    if (!last) return null;
    let incident: IncidentResponseDto;
    try {
      incident = await this.incidents.get(pageId, last.incidentId);
    } catch (err) {
      if (err instanceof ResourceNotFoundError) return null;
      throw err;
    }
    if (isResolvedStatus(incident.status)) return null;
    return { incident, ownUpdateIds: new Set(last.ownUpdateIds) };
  }
}
