import { Body, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../../common/api-docs.decorators';
import { RootOnly } from '../../common/auth/principal';
import { Paginated, PaginatedDto, PaginationQueryDto } from '../../common/pagination';
import { UuidParam } from '../../common/validators';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyResponseDto, CreateApiKeyDto, CreatedApiKeyResponseDto } from './dto/api-key.dto';

const ApiKeyList = PaginatedDto(ApiKeyResponseDto);

@AdminController('api-keys', 'API keys')
@RootOnly()
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create a page-scoped API key (root only); the secret is returned once' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponseDto })
  createApiKey(@Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyResponseDto> {
    return this.apiKeys.create(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List API keys (root only; secrets are never shown again)' })
  @ApiOkResponse({ type: ApiKeyList })
  listApiKeys(@Query() query: PaginationQueryDto): Promise<Paginated<ApiKeyResponseDto>> {
    return this.apiKeys.list(query);
  }

  @Delete(':apiKeyId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key (root only)' })
  @ApiNoContentResponse({ description: 'Revoked' })
  async deleteApiKey(@UuidParam('apiKeyId') id: string): Promise<void> {
    await this.apiKeys.remove(id);
  }
}
