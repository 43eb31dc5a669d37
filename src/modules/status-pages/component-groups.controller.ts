import { Body, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../../common/api-docs.decorators';
import { PaginatedDto, PaginationQueryDto } from '../../common/pagination';
import { UuidParam } from '../../common/validators';
import { ComponentGroupsService } from './component-groups.service';
import { ComponentGroupResponseDto, CreateComponentGroupDto, UpdateComponentGroupDto } from './dto/component-group.dto';

const GroupList = PaginatedDto(ComponentGroupResponseDto);

@AdminController('pages/:pageId/component-groups', 'Component groups')
export class ComponentGroupsController {
  constructor(private readonly groups: ComponentGroupsService) {}

  @Get()
  @ApiOperation({ summary: "List a page's component groups by position" })
  @ApiOkResponse({ type: GroupList })
  listComponentGroups(@UuidParam('pageId') pageId: string, @Query() query: PaginationQueryDto) {
    return this.groups.list(pageId, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a component group' })
  @ApiCreatedResponse({ type: ComponentGroupResponseDto })
  createComponentGroup(@UuidParam('pageId') pageId: string, @Body() dto: CreateComponentGroupDto) {
    return this.groups.create(pageId, dto);
  }

  @Get(':groupId')
  @ApiOperation({ summary: 'Get a component group' })
  @ApiOkResponse({ type: ComponentGroupResponseDto })
  getComponentGroup(@UuidParam('pageId') pageId: string, @UuidParam('groupId') groupId: string) {
    return this.groups.get(pageId, groupId);
  }

  @Patch(':groupId')
  @ApiOperation({ summary: 'Rename or move a component group' })
  @ApiOkResponse({ type: ComponentGroupResponseDto })
  updateComponentGroup(
    @UuidParam('pageId') pageId: string,
    @UuidParam('groupId') groupId: string,
    @Body() dto: UpdateComponentGroupDto,
  ) {
    return this.groups.update(pageId, groupId, dto);
  }

  @Delete(':groupId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a component group (its components stay, ungrouped)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  async deleteComponentGroup(@UuidParam('pageId') pageId: string, @UuidParam('groupId') groupId: string) {
    await this.groups.delete(pageId, groupId);
  }
}
