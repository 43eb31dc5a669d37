import { Body, Delete, Get, HttpCode, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../../common/api-docs.decorators';
import { CurrentPage, PageGuard } from '../../common/auth/page.guard';
import { CurrentPrincipal, Principal, RootOnly } from '../../common/auth/principal';
import { PaginatedDto, PaginationQueryDto } from '../../common/pagination';
import { UuidParam } from '../../common/validators';
import { Page } from '../../generated/prisma/client';
import { CreatePageDto, PageResponseDto, UpdatePageDto } from './dto/page.dto';
import { PagesService } from './pages.service';

const PageList = PaginatedDto(PageResponseDto);

@AdminController('pages', 'Pages')
export class PagesController {
  constructor(private readonly pages: PagesService) {}

  @Get()
  @ApiOperation({ summary: 'List the pages this key may see' })
  @ApiOkResponse({ type: PageList })
  listPages(@CurrentPrincipal() principal: Principal, @Query() query: PaginationQueryDto) {
    return this.pages.list(principal, query);
  }

  @Post()
  @RootOnly()
  @ApiOperation({ summary: 'Create a page (root key only)' })
  @ApiCreatedResponse({ type: PageResponseDto })
  createPage(@Body() dto: CreatePageDto) {
    return this.pages.create(dto);
  }

  @Get(':pageId')
  @UseGuards(PageGuard)
  @ApiOperation({ summary: 'Get a page' })
  @ApiOkResponse({ type: PageResponseDto })
  getPage(@UuidParam('pageId') _pageId: string, @CurrentPage() page: Page) {
    return this.pages.toDto(page);
  }

  @Patch(':pageId')
  @UseGuards(PageGuard)
  @ApiOperation({ summary: 'Update a page' })
  @ApiOkResponse({ type: PageResponseDto })
  updatePage(@CurrentPrincipal() principal: Principal, @UuidParam('pageId') pageId: string, @Body() dto: UpdatePageDto) {
    return this.pages.update(principal, pageId, dto);
  }

  @Delete(':pageId')
  @UseGuards(PageGuard)
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a page and everything under it' })
  @ApiNoContentResponse({ description: 'Deleted' })
  async deletePage(@UuidParam('pageId') pageId: string): Promise<void> {
    await this.pages.delete(pageId);
  }
}
