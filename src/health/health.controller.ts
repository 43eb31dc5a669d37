import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto } from '../common/error-response.dto';
import { errorBody } from '../http/error-body';
import { PrismaService } from '../prisma/prisma.service';
import { RedisService } from '../redis/redis.service';

class HealthDto {
  @ApiProperty({ example: 'ok' }) status: string;
}

class ReadinessDto {
  @ApiProperty({ example: 'ok' }) status: string;
  @ApiProperty({ example: 'up', enum: ['up', 'down'] }) postgres: string;
  @ApiProperty({ example: 'up', enum: ['up', 'down'] }) redis: string;
}

@Controller('health')
@ApiTags('Operations')
export class HealthController {
  constructor(
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
  ) {}

  @Get()
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: HealthDto })
  getHealth(): HealthDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis reachable' })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ description: 'PostgreSQL or Redis unreachable', type: ErrorResponseDto })
  async getReadiness(): Promise<ReadinessDto> {
    const [postgres, redis] = await Promise.all([this.prisma.ping(), this.redis.ping()]);
    const body = { status: postgres && redis ? 'ok' : 'unavailable', postgres: up(postgres), redis: up(redis) };
    if (!postgres || !redis) {
      throw new ServiceUnavailableException(errorBody(503, `not ready: postgres ${body.postgres}, redis ${body.redis}`));
    }
    return body;
  }
}

const up = (ok: boolean) => (ok ? 'up' : 'down');
