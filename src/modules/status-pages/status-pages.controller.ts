import { Body, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../../common/api-docs.decorators';
import { CurrentPrincipal, Principal, RootOnly } from '../../common/auth/principal';
import { PaginatedDto, PaginationQueryDto } from '../../common/pagination';
import { UuidParam } from '../../common/validators';
import { CreateComponentGroupDto, ComponentGroupResponseDto, UpdateComponentGroupDto } from './dto/component-group.dto';
import { ComponentResponseDto, CreateComponentDto, UpdateComponentDto } from './dto/component.dto';
import { CreatePageDto, PageResponseDto, UpdatePageDto } from './dto/page.dto';
import { StatusPagesService } from './status-pages.service';

const PageList = PaginatedDto(PageResponseDto);
const ComponentList = PaginatedDto(ComponentResponseDto);
const GroupList = PaginatedDto(ComponentGroupResponseDto);

@AdminController('pages', 'Pages')
export class StatusPagesController {
  constructor(private readonly pages: StatusPagesService) {}

  @Get()
  @ApiOperation({ summary: 'List the pages this key may see' })
  @ApiOkResponse({ type: PageList })
  listPages(@CurrentPrincipal() principal: Principal, @Query() query: PaginationQueryDto) {
    return this.pages.listPages(principal, query);
  }

  @Post()
  @RootOnly()
  @ApiOperation({ summary: 'Create a page (root key only)' })
  @ApiCreatedResponse({ type: PageResponseDto })
  createPage(@Body() dto: CreatePageDto) {
    return this.pages.createPage(dto);
  }

  @Get(':pageId')
  @ApiOperation({ summary: 'Get a page' })
  @ApiOkResponse({ type: PageResponseDto })
  getPage(@UuidParam('pageId') pageId: string) {
    return this.pages.getPage(pageId);
  }

  @Patch(':pageId')
  @ApiOperation({ summary: 'Update a page' })
  @ApiOkResponse({ type: PageResponseDto })
  updatePage(@UuidParam('pageId') pageId: string, @Body() dto: UpdatePageDto) {
    return this.pages.updatePage(pageId, dto);
  }

  @Delete(':pageId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a page and everything under it' })
  @ApiNoContentResponse({ description: 'Deleted' })
  async deletePage(@UuidParam('pageId') pageId: string): Promise<void> {
    await this.pages.deletePage(pageId);
  }
}

@AdminController('pages/:pageId/components', 'Components')
export class ComponentsController {
  constructor(private readonly pages: StatusPagesService) {}

  @Get()
  @ApiOperation({ summary: "List a page's components by position" })
  @ApiOkResponse({ type: ComponentList })
  listComponents(@UuidParam('pageId') pageId: string, @Query() query: PaginationQueryDto) {
    return this.pages.listComponents(pageId, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a component' })
  @ApiCreatedResponse({ type: ComponentResponseDto })
  createComponent(@UuidParam('pageId') pageId: string, @Body() dto: CreateComponentDto) {
    return this.pages.createComponent(pageId, dto);
  }

  @Get(':componentId')
  @ApiOperation({ summary: 'Get a component with its effective status' })
  @ApiOkResponse({ type: ComponentResponseDto })
  getComponent(@UuidParam('pageId') pageId: string, @UuidParam('componentId') componentId: string) {
    return this.pages.getComponent(pageId, componentId);
  }

  @Patch(':componentId')
  @ApiOperation({ summary: 'Update a component (status, group, position, ...)' })
  @ApiOkResponse({ type: ComponentResponseDto })
  updateComponent(
    @UuidParam('pageId') pageId: string,
    @UuidParam('componentId') componentId: string,
    @Body() dto: UpdateComponentDto,
  ) {
    return this.pages.updateComponent(pageId, componentId, dto);
  }

  @Delete(':componentId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a component' })
  @ApiNoContentResponse({ description: 'Deleted' })
  async deleteComponent(@UuidParam('pageId') pageId: string, @UuidParam('componentId') componentId: string) {
    await this.pages.deleteComponent(pageId, componentId);
  }
}

@AdminController('pages/:pageId/component-groups', 'Component groups')
export class ComponentGroupsController {
  constructor(private readonly pages: StatusPagesService) {}

  @Get()
  @ApiOperation({ summary: "List a page's component groups by position" })
  @ApiOkResponse({ type: GroupList })
  listComponentGroups(@UuidParam('pageId') pageId: string, @Query() query: PaginationQueryDto) {
    return this.pages.listGroups(pageId, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a component group' })
  @ApiCreatedResponse({ type: ComponentGroupResponseDto })
  createComponentGroup(@UuidParam('pageId') pageId: string, @Body() dto: CreateComponentGroupDto) {
    return this.pages.createGroup(pageId, dto);
  }

  @Get(':groupId')
  @ApiOperation({ summary: 'Get a component group' })
  @ApiOkResponse({ type: ComponentGroupResponseDto })
  getComponentGroup(@UuidParam('pageId') pageId: string, @UuidParam('groupId') groupId: string) {
    return this.pages.getGroup(pageId, groupId);
  }

  @Patch(':groupId')
  @ApiOperation({ summary: 'Rename or move a component group' })
  @ApiOkResponse({ type: ComponentGroupResponseDto })
  updateComponentGroup(
    @UuidParam('pageId') pageId: string,
    @UuidParam('groupId') groupId: string,
    @Body() dto: UpdateComponentGroupDto,
  ) {
    return this.pages.updateGroup(pageId, groupId, dto);
  }

  @Delete(':groupId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a component group (its components stay, ungrouped)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  async deleteComponentGroup(@UuidParam('pageId') pageId: string, @UuidParam('groupId') groupId: string) {
    await this.pages.deleteGroup(pageId, groupId);
  }
}
