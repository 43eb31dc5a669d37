import { Controller, Get, Header, Headers, UnauthorizedException } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ErrorResponseDto } from '../common/error-response.dto';
import { AppConfig } from '../config/app-config';
import { MetricsService } from './metrics.service';

const digest = (s: string) => createHash('sha256').update(s).digest();

@Controller('metrics')
@ApiTags('Operations')
export class MetricsController {
  private readonly token: Buffer | null;

  constructor(
    private readonly metrics: MetricsService,
    config: AppConfig,
  ) {
    this.token = config.metricsToken ? digest(config.metricsToken) : null;
  }

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format', schema: { type: 'string' } })
  @ApiBearerAuth()
  @ApiResponse({ status: 401, description: 'METRICS_TOKEN is set and the request does not carry it', type: ErrorResponseDto })
  getMetrics(@Headers('authorization') authorization?: string): Promise<string> {
    if (this.token) {
      const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
      if (!given || !timingSafeEqual(digest(given), this.token)) {
        throw new UnauthorizedException('metrics need "Authorization: Bearer <METRICS_TOKEN>"');
      }
    }
    return this.metrics.registry.metrics();
  }
}
