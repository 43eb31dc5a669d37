import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { FeatureOptions } from '../../common/feature-options';
import { PublicCacheService } from './public/public-cache.service';
import { PublicHtmlRenderer } from './public/html/public-html.renderer';
import { PublicDomainController, PublicStatusController } from './public/public.controller';
import { PublicRenderers } from './public/public-renderers';
import { PublicResponder } from './public/public-responder.service';
import { PublicSnapshotBuilder } from './public/public-snapshot.builder';
import { StatusComputationService } from './status-computation.service';
import { ComponentGroupsController, ComponentsController, StatusPagesController } from './status-pages.controller';
import { StatusPagesProcessor } from './status-pages.processor';
import { STATUS_PAGES_QUEUE } from './status-pages.queue';
import { StatusPagesRepository } from './status-pages.repository';
import { StatusPagesService } from './status-pages.service';

@Module({})
export class StatusPagesModule {
  private static readonly instances = new WeakMap<FeatureOptions, DynamicModule>();

  /**
   * Other feature modules import `StatusPagesModule.forRoot(options)` with the
   * options AppModule gave them: the same object gives the same module (Nest
   * identifies dynamic modules by reference), so there is one instance per app.
   */
  static forRoot(options: FeatureOptions): DynamicModule {
    let instance = this.instances.get(options);
    if (!instance) {
      instance = this.build(options);
      this.instances.set(options, instance);
    }
    return instance;
  }

  private static build(options: FeatureOptions): DynamicModule {
    return {
      module: StatusPagesModule,
      imports: [BullModule.registerQueue({ name: STATUS_PAGES_QUEUE })],
      controllers: options.http
        ? [StatusPagesController, ComponentsController, ComponentGroupsController, PublicStatusController, PublicDomainController]
        : [],
      providers: [
        StatusPagesService,
        StatusPagesRepository,
        StatusComputationService,
        PublicCacheService,
        PublicSnapshotBuilder,
        PublicRenderers,
        PublicHtmlRenderer,
        PublicResponder,
        ...(options.workers ? [StatusPagesProcessor] : []),
      ],
      exports: [StatusPagesService, StatusComputationService, PublicCacheService, PublicRenderers],
    };
  }
}
