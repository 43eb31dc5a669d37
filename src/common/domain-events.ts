import { ComponentStatus } from '../generated/prisma/enums';

/** In-process events between modules (delivered by @nestjs/event-emitter). */
export const DomainEvents = {
  ComponentStatusChanged: 'component.status_changed',
} as const;

export interface ComponentStatusChangedEvent {
  pageId: string;
  componentId: string;
  componentName: string;
  oldStatus: ComponentStatus | null;
  newStatus: ComponentStatus;
  at: string;
}
