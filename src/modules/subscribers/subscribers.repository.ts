import { Injectable } from '@nestjs/common';
import { Prisma, Subscriber } from '../../generated/prisma/client';
import { SubscriberState } from '../../generated/prisma/enums';
import { PrismaService } from '../../prisma/prisma.service';

const WITH_COMPONENTS = { components: { select: { componentId: true } } } satisfies Prisma.SubscriberInclude;

/** A subscriber with the ids of the components it follows. */
export type SubscriberWithComponents = Subscriber & { components: Array<{ componentId: string }> };

export interface NewSubscriber {
  pageId: string;
  /** Already lower-cased. */
  email: string;
  state: SubscriberState;
  confirmedAt: Date | null;
  componentIds: string[];
}

/** Queries of the `subscribers` and `subscriber_components` tables. */
@Injectable()
export class SubscribersRepository {
  constructor(private readonly prisma: PrismaService) {}

  async list(
    pageId: string,
    state: SubscriberState | undefined,
    skip: number,
    take: number,
  ): Promise<{ rows: SubscriberWithComponents[]; total: number }> {
    const where: Prisma.SubscriberWhereInput = { pageId, ...(state ? { state } : {}) };
    const [rows, total] = await Promise.all([
      this.prisma.subscriber.findMany({ where, skip, take, include: WITH_COMPONENTS, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      this.prisma.subscriber.count({ where }),
    ]);
    return { rows, total };
  }

  find(pageId: string, id: string): Promise<SubscriberWithComponents | null> {
    return this.prisma.subscriber.findFirst({ where: { id, pageId }, include: WITH_COMPONENTS });
  }

  findById(id: string): Promise<SubscriberWithComponents | null> {
    return this.prisma.subscriber.findUnique({ where: { id }, include: WITH_COMPONENTS });
  }

  findByEmail(pageId: string, email: string): Promise<SubscriberWithComponents | null> {
    return this.prisma.subscriber.findUnique({ where: { pageId_email: { pageId, email } }, include: WITH_COMPONENTS });
  }

  /** A unique violation (the address is already on the page) surfaces as Prisma's P2002 (409). */
  create(data: NewSubscriber): Promise<SubscriberWithComponents> {
    const { componentIds, ...fields } = data;
    return this.prisma.subscriber.create({
      data: { ...fields, components: { create: componentIds.map((componentId) => ({ componentId })) } },
      include: WITH_COMPONENTS,
    });
  }

  async delete(id: string): Promise<void> {
    await this.prisma.subscriber.delete({ where: { id } });
  }

  /** pending → active (confirmedAt now); null if it was not pending. */
  async confirm(id: string): Promise<SubscriberWithComponents | null> {
    const { count } = await this.prisma.subscriber.updateMany({
      where: { id, state: 'pending' },
      data: { state: 'active', confirmedAt: new Date() },
    });
    return count ? this.findById(id) : null;
  }

  /** → unsubscribed; null if it already was. */
  async unsubscribe(id: string): Promise<SubscriberWithComponents | null> {
    const { count } = await this.prisma.subscriber.updateMany({
      where: { id, state: { not: 'unsubscribed' } },
      data: { state: 'unsubscribed' },
    });
    return count ? this.findById(id) : null;
  }

  /** An unsubscribed address that subscribes again: pending, waiting for a new confirmation. */
  async resubscribe(id: string, componentIds: string[]): Promise<SubscriberWithComponents | null> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.subscriber.updateMany({
        where: { id, state: 'unsubscribed' },
        data: { state: 'pending', confirmedAt: null },
      });
      if (!count) return null;
      await replaceComponents(tx, id, componentIds);
      return tx.subscriber.findUnique({ where: { id }, include: WITH_COMPONENTS });
    });
  }

  /** Follows exactly these components (none: the whole page). */
  async setComponents(id: string, componentIds: string[]): Promise<SubscriberWithComponents | null> {
    return this.prisma.$transaction(async (tx) => {
      await replaceComponents(tx, id, componentIds);
      // Touches updatedAt, so the change shows in the admin API.
      await tx.subscriber.updateMany({ where: { id }, data: { updatedAt: new Date() } });
      return tx.subscriber.findUnique({ where: { id }, include: WITH_COMPONENTS });
    });
  }
}

async function replaceComponents(tx: Prisma.TransactionClient, subscriberId: string, componentIds: string[]): Promise<void> {
  await tx.subscriberComponent.deleteMany({ where: { subscriberId } });
  if (componentIds.length) {
    await tx.subscriberComponent.createMany({ data: componentIds.map((componentId) => ({ subscriberId, componentId })), skipDuplicates: true });
  }
}
