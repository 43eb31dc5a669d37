import { Global, Module } from '@nestjs/common';
import { ApiKeyGuard } from '../../common/auth/api-key.guard';
import { StatusPagesModule } from '../status-pages/status-pages.module';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';

/** API keys and the guard every admin controller uses (global, so each module need not import it). */
@Global()
@Module({
  imports: [StatusPagesModule],
  controllers: [ApiKeysController],
  providers: [ApiKeysRepository, ApiKeysService, ApiKeyGuard],
  exports: [ApiKeysService, ApiKeyGuard],
})
export class ApiKeysModule {}
