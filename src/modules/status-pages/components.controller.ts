import { Body, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../../common/api-docs.decorators';
import { PaginatedDto, PaginationQueryDto } from '../../common/pagination';
import { UuidParam } from '../../common/validators';
import { ComponentsService } from './components.service';
import { ComponentResponseDto, CreateComponentDto, UpdateComponentDto } from './dto/component.dto';

const ComponentList = PaginatedDto(ComponentResponseDto);

@AdminController('pages/:pageId/components', 'Components')
export class ComponentsController {
  constructor(private readonly components: ComponentsService) {}

  @Get()
  @ApiOperation({ summary: "List a page's components by position" })
  @ApiOkResponse({ type: ComponentList })
  listComponents(@UuidParam('pageId') pageId: string, @Query() query: PaginationQueryDto) {
    return this.components.list(pageId, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a component' })
  @ApiCreatedResponse({ type: ComponentResponseDto })
  createComponent(@UuidParam('pageId') pageId: string, @Body() dto: CreateComponentDto) {
    return this.components.create(pageId, dto);
  }

  @Get(':componentId')
  @ApiOperation({ summary: 'Get a component with its effective status' })
  @ApiOkResponse({ type: ComponentResponseDto })
  getComponent(@UuidParam('pageId') pageId: string, @UuidParam('componentId') componentId: string) {
    return this.components.get(pageId, componentId);
  }

  @Patch(':componentId')
  @ApiOperation({ summary: 'Update a component (status, group, position, ...)' })
  @ApiOkResponse({ type: ComponentResponseDto })
  updateComponent(
    @UuidParam('pageId') pageId: string,
    @UuidParam('componentId') componentId: string,
    @Body() dto: UpdateComponentDto,
  ) {
    return this.components.update(pageId, componentId, dto);
  }

  @Delete(':componentId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a component' })
  @ApiNoContentResponse({ description: 'Deleted' })
  async deleteComponent(@UuidParam('pageId') pageId: string, @UuidParam('componentId') componentId: string) {
    await this.components.delete(pageId, componentId);
  }
}
